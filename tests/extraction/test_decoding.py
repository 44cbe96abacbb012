"""Bytes in: UTF-8 with and without BOM, Windows-1258 with combining tone marks, TCVN3 (ABC)
and VNI; empty, binary and oversized input refused with a message, never a traceback."""

from __future__ import annotations

import unicodedata

import pytest

from tongket.extraction import ExtractionError, decode_bytes
from tongket.extraction.decoding import MAX_BYTES, unicode_to_tcvn3, unicode_to_vni

# Our own sentence, written for these tests.
SENTENCE = (
    "Sở Thông tin và Truyền thông tỉnh Thái Bình tổ chức hội nghị tổng kết công tác năm 2017, "
    "triển khai nhiệm vụ năm 2018. Đồng chí Phó Chủ tịch UBND tỉnh yêu cầu đẩy mạnh ứng dụng "
    "công nghệ thông tin và cải cách hành chính."
)


def cp1258_bytes(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows wrote it: a base letter, then a combining tone mark."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out.extend(ch.encode("cp1258"))
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", ch)
        tones = [c for c in parts if c in "\u0300\u0301\u0303\u0309\u0323"]
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
        out.extend(base.encode("cp1258"))
        out.extend("".join(tones).encode("cp1258"))
    return bytes(out)


def test_utf8_with_and_without_bom():
    assert decode_bytes(SENTENCE.encode("utf-8")) == SENTENCE
    assert decode_bytes(b"\xef\xbb\xbf" + SENTENCE.encode("utf-8")) == SENTENCE


def test_utf8_decomposed_is_composed():
    assert decode_bytes(unicodedata.normalize("NFD", SENTENCE).encode("utf-8")) == SENTENCE


def test_cp1258_combining_marks_become_nfc():
    data = cp1258_bytes(SENTENCE)
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert b"\xf2" in data or b"\xec" in data  # combining marks are really there
    assert decode_bytes(data) == SENTENCE


def test_tcvn3_known_bytes():
    # Written out by hand, byte by byte: ở=EB ô=AB à=B5 ề=D2 ổ=E6 ứ=F8 ộ=E9 ị=DE ế=D5 á=B8 ă=A8.
    text = "Së Th\xabng tin v\xb5 TruyÒn th\xabng tæ chøc héi nghÞ tæng kÕt c\xabng t¸c n\xa8m 2017"
    assert (
        decode_bytes(text.encode("latin-1"))
        == "Sở Thông tin và Truyền thông tổ chức hội nghị tổng kết công tác năm 2017"
    )


def test_tcvn3_round_trip_of_our_sentence():
    data = unicode_to_tcvn3(SENTENCE)
    # TCVN3 has no capitals with tone marks: those come back in lower case.
    assert decode_bytes(data).lower() == SENTENCE.lower()


def test_tcvn3_text_pasted_into_a_unicode_file():
    data = unicode_to_tcvn3(SENTENCE).decode("latin-1").encode("utf-8")
    assert decode_bytes(data).lower() == SENTENCE.lower()


def test_vni_known_sequences():
    text = "Sôû Thoâng tin vaø Truyeàn thoâng toå chöùc hoäi nghò toång keát coâng taùc naêm 2017"
    assert (
        decode_bytes(text.encode("latin-1"))
        == "Sở Thông tin và Truyền thông tổ chức hội nghị tổng kết công tác năm 2017"
    )


def test_vni_round_trip_of_our_sentence():
    assert decode_bytes(unicode_to_vni(SENTENCE)) == SENTENCE


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "rỗng / "),
        (b"  \n\t ", "rỗng / "),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "nhị phân"),
        (bytes(range(0, 32)) * 10, "nhị phân"),
    ],
)
def test_refused_with_a_message(data, words):
    with pytest.raises(ExtractionError) as err:
        decode_bytes(data, name="x.txt")
    assert words in str(err.value)
    assert str(err.value).startswith("x.txt: ")
    assert " / " in str(err.value)


def test_too_large_is_refused():
    with pytest.raises(ExtractionError) as err:
        decode_bytes(b"a" * (MAX_BYTES + 1))
    assert "quá lớn" in err.value.vi and "too large" in err.value.en
