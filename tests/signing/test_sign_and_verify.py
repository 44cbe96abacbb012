"""The issued notice and the year-end report signed with a chain made in the test (root,
agency, person), through a PKCS#12 file and a SoftHSM2 token, time-stamped by a local RFC 3161
service; both signatures verified; a changed byte, a later change and an untrusted root found."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from signing.pki import TimeStampService
from tongket.papers.errors import PapersError
from tongket.papers.files import notice_file, report_file
from tongket.papers.jobs import notice_job_request
from tongket.papers.services import report_text_set
from tongket.signing.errors import SigningError
from tongket.signing.models import SignedDocument
from tongket.signing.pdfsign import AGENCY_FIELD, PERSON_FIELD
from tongket.signing.selectors import signed_document_data
from tongket.signing.services import notice_sign, report_sign
from tongket.signing.verify import CHANGED, SIGNED_AFTER, UNCHANGED, pdf_verify

pytestmark = pytest.mark.django_db


def _signed_notice(year2017) -> bytes:
    signed = notice_sign(notice=year2017.notice, actor="test")
    return signed_document_data(document=signed)


def test_notice_signed_by_person_then_agency_time_stamped(
    year2017, signing_env, chain, monkeypatch
):
    with TimeStampService(chain) as tsa:
        monkeypatch.setenv("TONGKET_SIGN_TSA_URL", tsa.url)
        signed = notice_sign(notice=year2017.notice, actor="test")
        assert tsa.answered >= 2  # each signature asked for its time stamp
    data = signed_document_data(document=signed)
    assert data.startswith(b"%PDF-")
    check = pdf_verify(data, roots=[chain.root.asn1_cert()])
    assert [s.field for s in check.signatures] == [PERSON_FIELD, AGENCY_FIELD]
    person, agency = check.signatures
    assert person.signer == "Nguyễn Văn Ký"
    assert person.issuer == "Sở Khoa học và Công nghệ tỉnh Hưng Yên"
    assert agency.signer == "Sở Khoa học và Công nghệ tỉnh Hưng Yên"
    for s in (person, agency):
        assert s.intact and s.valid and s.trusted, s
        assert s.timestamp_at and s.timestamp_ok, s
    # The agency signed after the person: the person's signature sees only that signature.
    assert person.after == SIGNED_AFTER
    assert agency.after == UNCHANGED
    assert check.ok
    stored = SignedDocument.objects.get(pk=signed.pk)
    assert stored.number == year2017.notice.number
    assert stored.signer == "Nguyễn Văn Ký" and stored.agency == agency.signer
    assert stored.timestamped and stored.verification["ok"] is True


def test_a_byte_changed_after_signing_is_found(year2017, signing_env, chain, tmp_path):
    data = bytearray(_signed_notice(year2017))
    # A byte in the middle of the first page's content stream, covered by both signatures.
    start = data.index(b"stream", len(data) // 10) + 40
    data[start] = (data[start] + 1) % 256
    check = pdf_verify(bytes(data), roots=[chain.root.asn1_cert()])
    assert len(check.signatures) == 2
    assert not any(s.intact for s in check.signatures)
    assert not check.ok
    path = tmp_path / "sua.pdf"
    path.write_bytes(bytes(data))
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("verify", str(path), "--lang", "vi", stdout=out)
    assert exit_.value.code == 1
    assert "ĐÃ BỊ THAY ĐỔI" in out.getvalue()


def test_a_change_appended_after_signing_is_found(year2017, signing_env, chain):
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    data = _signed_notice(year2017)
    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    # Someone adds a line of text to the last page after it was signed.
    page_ref = writer.find_page_for_modification(-1)[0]
    stream = generic.StreamObject(stream_data=b"BT /F1 24 Tf 100 100 Td (SUA) Tj ET")
    writer.add_stream_to_page(-1, writer.add_object(stream))
    del page_ref
    out = io.BytesIO()
    writer.write(out)
    check = pdf_verify(out.getvalue(), roots=[chain.root.asn1_cert()])
    assert [s.intact for s in check.signatures] == [True, True]  # the signed bytes are there
    assert [s.after for s in check.signatures] == [CHANGED, CHANGED]
    assert not check.ok


def test_an_untrusted_root_is_said(year2017, signing_env, other_chain, tmp_path, monkeypatch):
    data = _signed_notice(year2017)
    check = pdf_verify(data, roots=[other_chain.root.asn1_cert()])
    assert [s.trusted for s in check.signatures] == [False, False]
    assert all(s.intact and s.valid for s in check.signatures)
    assert not check.ok
    root = tmp_path / "other-root.pem"
    root.write_bytes(other_chain.root.pem())
    path = tmp_path / "tb.pdf"
    path.write_bytes(data)
    out = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("verify", str(path), "--trust", str(root), "--lang", "en", stdout=out)
    text = out.getvalue()
    assert "does NOT chain to any configured trusted root" in text
    assert "Nguyễn Văn Ký" in text and "Chữ ký" not in text
    # The configured root (TONGKET_SIGN_TRUST) trusts it: exit 0.
    out = io.StringIO()
    call_command("verify", str(path), stdout=out)
    assert "Hợp lệ: 2 chữ ký" in out.getvalue()


def test_a_signed_notice_is_not_made_again_under_its_number(year2017, signing_env, tmp_path):
    notice = year2017.notice
    out = io.StringIO()
    call_command("sign", "--notice", str(notice.pk), "-o", str(tmp_path), stdout=out)
    signed = SignedDocument.objects.get()
    assert f"Đã ký / signed: {notice.number}" in out.getvalue()
    assert (tmp_path / signed.file_name).read_bytes() == signed_document_data(document=signed)
    for fmt in ("docx", "pdf"):
        with pytest.raises(PapersError, match="đã được ký số") as error:
            notice_file(meeting=notice.meeting, notice=notice, fmt=fmt)
        assert "not made again under the same number" in error.value.en
    assert notice_file(meeting=notice.meeting, notice=notice, fmt="xlsx").data  # the task table
    with pytest.raises(PapersError, match="đã được ký số"):
        notice_job_request(notice=notice, fmt="pdf", user=None, actor="test")
    with pytest.raises(CommandError, match="không được tạo lại dưới cùng số"):
        call_command("sign", "--notice", str(notice.pk))
    with pytest.raises(CommandError, match="đã được ký số"):
        call_command("notice", "--meeting", str(notice.meeting.pk), "-o", str(tmp_path / "x.pdf"))
    assert SignedDocument.objects.count() == 1


def test_report_signed_through_a_pkcs11_token(year2017, signing_env, softhsm, chain, monkeypatch):
    monkeypatch.delenv("TONGKET_SIGN_PERSON_PKCS12")
    monkeypatch.setenv("TONGKET_SIGN_PERSON_PKCS11_MODULE", str(softhsm["module"]))
    monkeypatch.setenv("TONGKET_SIGN_PERSON_PKCS11_TOKEN", softhsm["token"])
    monkeypatch.setenv("TONGKET_SIGN_PERSON_PKCS11_KEY", softhsm["key"])
    monkeypatch.setenv("TONGKET_SIGN_PERSON_PKCS11_PIN", softhsm["pin"])
    unit = year2017.department
    with pytest.raises(SigningError, match="chưa có số văn bản"):
        report_sign(unit=unit, year=2017, actor="test")
    report_text_set(unit=unit, year=2017, section="number", text="12", actor="test")
    signed = report_sign(unit=unit, year=2017, actor="test")
    assert signed.number.startswith("12/BC-")
    check = pdf_verify(signed_document_data(document=signed), roots=[chain.root.asn1_cert()])
    assert [s.signer for s in check.signatures] == [
        "Nguyễn Văn Ký",
        "Sở Khoa học và Công nghệ tỉnh Hưng Yên",
    ]
    assert check.ok, check
    with pytest.raises(PapersError, match="đã được ký số"):
        report_file(unit=unit, year=2017, fmt="pdf")
    with pytest.raises(PapersError, match="đã được ký số"):
        report_sign(unit=unit, year=2017, actor="test")
    # A new number is a new document.
    report_text_set(unit=unit, year=2017, section="number", text="13", actor="test")
    assert report_file(unit=unit, year=2017, fmt="docx").data


def test_a_wrong_pin_says_so_and_stores_nothing(year2017, signing_env, softhsm, monkeypatch):
    monkeypatch.delenv("TONGKET_SIGN_PERSON_PKCS12")
    monkeypatch.setenv("TONGKET_SIGN_PERSON_PKCS11_MODULE", str(softhsm["module"]))
    monkeypatch.setenv("TONGKET_SIGN_PERSON_PKCS11_TOKEN", softhsm["token"])
    monkeypatch.setenv("TONGKET_SIGN_PERSON_PKCS11_KEY", softhsm["key"])
    monkeypatch.setenv("TONGKET_SIGN_PERSON_PKCS11_PIN", "000000")
    with pytest.raises(SigningError, match="mã PIN"):
        notice_sign(notice=year2017.notice, actor="test")
    assert not SignedDocument.objects.exists()


def test_a_wrong_password_or_no_certificate_says_so(year2017, signing_env, monkeypatch):
    monkeypatch.setenv("TONGKET_SIGN_PERSON_PASSWORD", "sai")
    with pytest.raises(SigningError, match="sai mật khẩu"):
        notice_sign(notice=year2017.notice, actor="test")
    monkeypatch.delenv("TONGKET_SIGN_PERSON_PKCS12")
    with pytest.raises(SigningError, match="Chưa cấu hình chứng thư số"):
        notice_sign(notice=year2017.notice, actor="test")
    assert not SignedDocument.objects.exists()
