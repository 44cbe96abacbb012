"""Only web addresses (http, https) of a published document are stored and linked."""

from __future__ import annotations

import pytest

from tongket.documents.models import SourceDocument, web_url


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(document.cookie)",
        " JavaScript:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "https://",
        "//evil.example/x",
    ],
)
def test_anything_but_a_web_address_is_no_address(url):
    assert web_url(url) == ""


def test_web_addresses_are_kept():
    for url in ("https://thaibinh.gov.vn/tin-tuc/1", "http://mic.gov.vn/a?b=1"):
        assert web_url(url) == url


def test_ingest_drops_a_javascript_address_and_says_so(ingest_seed):
    result = ingest_seed("thai_binh_2007", url="javascript:alert(document.cookie)")
    document = SourceDocument.objects.get()
    assert document.url == "" and document.link == ""
    assert any("không phải http hoặc https" in note for note in document.notes)
    assert result is not None


def test_ingest_keeps_a_web_address(ingest_seed):
    ingest_seed("thai_binh_2007", url="https://thaibinh.gov.vn/tong-ket-2007")
    document = SourceDocument.objects.get()
    assert document.url == document.link == "https://thaibinh.gov.vn/tong-ket-2007"
