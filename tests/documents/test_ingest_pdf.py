"""A published report read from a PDF: its text is ingested like any other document, and when
the PDF is signed, who signed it, when, whether it was changed afterwards and whether the
certificate chains to a trusted root are kept with the document and shown on its page."""

from __future__ import annotations

import io
import json

import docx
from docx.shared import Pt
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers

from documents.test_commands import _run
from signing.pki import chain_make, pkcs12_write
from tongket.documents.models import SourceDocument
from tongket.papers.pdf import docx_to_pdf
from tongket.signing.loop import outside_event_loop

PASSWORD = b"mat-khau-thu"


def _report_pdf(text: str) -> bytes:
    """The published report as a department would put it out: a Word file made PDF."""
    document = docx.Document()
    for paragraph in text.split("\n"):
        if paragraph.strip():
            document.add_paragraph(paragraph.strip()).paragraph_format.space_after = Pt(10)
    out = io.BytesIO()
    document.save(out)
    return docx_to_pdf(out.getvalue(), name="bao-cao")


def _signed(pdf: bytes, p12) -> bytes:
    signer = signers.SimpleSigner.load_pkcs12(str(p12), passphrase=PASSWORD)
    out = outside_event_loop(
        lambda: signers.sign_pdf(
            IncrementalPdfFileWriter(io.BytesIO(pdf)),
            signers.PdfSignatureMetadata(field_name="ChuKySo"),
            signer=signer,
        )
    )
    return out.getvalue()


def test_a_signed_pdf_is_ingested_with_what_its_signature_says(
    world, seed_path, tmp_path, monkeypatch, client, django_user_model
):
    chain = chain_make()
    p12 = pkcs12_write(tmp_path / "person.p12", chain.person, [chain.agency, chain.root], PASSWORD)
    root = tmp_path / "root.pem"
    root.write_bytes(chain.root.pem())
    monkeypatch.setenv("TONGKET_SIGN_TRUST", str(root))
    text = seed_path("thai_binh_2017").read_text(encoding="utf-8")
    signed = tmp_path / "thai-binh-2017.pdf"
    signed.write_bytes(_signed(_report_pdf(text), p12))

    status, out, err = _run("ingest", "--no-progress", "--json", str(signed))
    assert status == 0, err
    row = json.loads(out)
    assert row["status"] == "stored", row
    assert row["meeting"]["date"] == "2018-01-10"
    [check] = row["signature"]["signatures"]
    assert check["signer"] == "Nguyễn Văn Ký"
    assert check["intact"] and check["valid"] and check["trusted"]
    assert check["after"] == "unchanged"
    document = SourceDocument.objects.get(pk=row["document_id"])
    assert document.signature == row["signature"]
    assert "Thái Bình" in document.clean_text

    # The document's page says who signed, in the reader's language.
    admin = django_user_model.objects.create_superuser("quantri.pdf", password="x-Long-2026!")
    client.force_login(admin)
    page = client.get(f"/documents/{document.pk}/").content.decode()
    assert "Chữ ký số của tệp PDF" in page
    assert "ký số: Nguyễn Văn Ký" in page and "không bị sửa sau khi ký, tin cậy" in page


def test_a_pdf_signed_by_an_untrusted_root_says_so_and_an_unsigned_one_has_none(
    world, seed_path, tmp_path, monkeypatch
):
    chain, other = chain_make(), chain_make("Other ")
    p12 = pkcs12_write(tmp_path / "person.p12", other.person, [other.agency, other.root], PASSWORD)
    root = tmp_path / "root.pem"
    root.write_bytes(chain.root.pem())
    monkeypatch.setenv("TONGKET_SIGN_TRUST", str(root))
    pdf = _report_pdf(seed_path("hue_2007").read_text(encoding="utf-8"))
    (tmp_path / "hue.pdf").write_bytes(_signed(pdf, p12))
    plain = _report_pdf(seed_path("son_la_2007").read_text(encoding="utf-8"))
    (tmp_path / "son-la.pdf").write_bytes(plain)

    status, out, err = _run("ingest", "--no-progress", str(tmp_path / "hue.pdf"))
    assert status == 0, err
    assert "KHÔNG tin cậy / signed:" in out and "NOT trusted" in out
    status, out, err = _run("ingest", "--no-progress", "--json", str(tmp_path / "son-la.pdf"))
    assert status == 0, err
    row = json.loads(out)
    assert row["status"] == "stored" and row["signature"] is None
    assert SourceDocument.objects.get(pk=row["document_id"]).signature is None


def test_a_file_that_is_not_a_pdf_is_refused_with_its_reason(world, tmp_path):
    fake = tmp_path / "bao-cao.pdf"
    fake.write_bytes(b"<html>not a pdf</html>")
    status, out, _ = _run("ingest", "--no-progress", "--json", str(fake))
    assert status != 0
    row = json.loads(out)
    assert row["status"] == "failed"
    assert "tệp không phải PDF / the file is not a PDF" in row["error"]
    assert not SourceDocument.objects.exists()
