"""Bytes in, text out: UTF-8 (with or without BOM), UTF-16 with BOM, Windows-1258 (with its
combining tone marks), and the legacy TCVN3 (ABC) and VNI font encodings, chosen by how
Vietnamese the result reads. Empty, binary and oversized input is refused with a clear
message."""

from __future__ import annotations

import contextlib
import functools
import re
import unicodedata

from tongket.extraction.errors import ExtractionError
from tongket.extraction.lexicon import fold, load

MAX_BYTES = 10 * 1024 * 1024

# Very frequent syllables of administrative Vietnamese: the share of words among them tells
# a right decoding from a wrong one.
_COMMON = frozenset(
    [
        "và",
        "của",
        "các",
        "năm",
        "được",
        "trong",
        "công",
        "tỉnh",
        "thông",
        "nghị",
        "hội",
        "người",
        "những",
        "với",
        "cho",
        "đã",
        "tổ",
        "chức",
        "là",
        "có",
        "sở",
        "tin",
        "truyền",
        "việc",
        "phát",
        "triển",
        "nhiệm",
        "vụ",
        "kết",
        "quả",
        "đạt",
        "tại",
        "ngày",
        "thực",
        "hiện",
        "quản",
        "lý",
        "địa",
        "bàn",
        "nhà",
        "nước",
        "ban",
        "hành",
        "doanh",
        "nghiệp",
        "dịch",
        "bưu",
        "chính",
        "viễn",
        "số",
        "này",
        "đến",
        "trên",
        "theo",
        "đồng",
        "khoa",
        "học",
        "nghệ",
        "tập",
        "trung",
        "tiếp",
        "tục",
        "đề",
        "nghị",
        "triển",
        "khai",
        "tổng",
        "kết",
        "sơ",
        "giám",
        "đốc",
        "phó",
        "chủ",
        "tịch",
        "ủy",
        "ubnd",
    ]
)
_WORDS = re.compile(r"[^\W\d_]+")
# Latin-1 letters that no Vietnamese word contains: left over when a legacy font text is read
# as if it were Unicode.
_FOREIGN = re.compile(r"[«»¬®¦§¨©ª¸µ¶¹¾¼½ÆÇËÐÑÖ×ØÜÞßäåæçëîïñöøûüþ÷]")


@functools.cache
def _tcvn3_table() -> dict[int, str]:
    table = load("legacy_encodings")["tcvn3"]
    return {int(k, 16): v for k, v in table.items()}


@functools.cache
def _vni_pattern() -> tuple[re.Pattern, dict[str, str]]:
    table = load("legacy_encodings")["vni"]
    keys = sorted(table, key=lambda k: -len(k))
    return re.compile("|".join(re.escape(k) for k in keys)), table


def tcvn3_to_unicode(text: str) -> str:
    """Text whose characters are TCVN3 bytes read as Latin-1 → Unicode."""
    table = _tcvn3_table()
    return "".join(table.get(ord(c), c) if ord(c) < 256 else c for c in text)


def vni_to_unicode(text: str) -> str:
    """Text whose characters are VNI bytes read as Latin-1 → Unicode."""
    pattern, table = _vni_pattern()
    return pattern.sub(lambda m: table[m.group(0)], text)


def unicode_to_tcvn3(text: str) -> bytes:
    """Unicode → TCVN3 bytes (for writing examples in that encoding); letters TCVN3 lacks
    (capitals with tone marks) are written in lower case, as its one-font texts do."""
    reverse = {v: k for k, v in _tcvn3_table().items()}
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        if ch in reverse:
            out.append(reverse[ch])
        elif ch.lower() in reverse and ch not in "ĂÂĐÊÔƠƯ":
            out.append(reverse[ch.lower()])
        else:
            out.extend(ch.encode("latin-1"))
    return bytes(out)


def unicode_to_vni(text: str) -> bytes:
    """Unicode → VNI bytes (for writing examples in that encoding)."""
    _, table = _vni_pattern()
    reverse: dict[str, str] = {}
    for seq, ch in table.items():
        if ch not in reverse or len(seq) < len(reverse[ch]):
            reverse[ch] = seq
    return "".join(reverse.get(c, c) for c in unicodedata.normalize("NFC", text)).encode("latin-1")


def vietnamese_score(text: str) -> float:
    """How much ``text`` reads like Vietnamese: the share of common syllables among its
    words, less a penalty for letters no Vietnamese word has."""
    sample = text[:20000]
    words = _WORDS.findall(fold(sample))
    if not words:
        return 0.0
    common = sum(1 for w in words if w in _COMMON) / len(words)
    foreign = len(_FOREIGN.findall(sample)) / max(1, len(words))
    return common - foreign


def _looks_binary(data: bytes) -> bool:
    if b"\x00" in data:
        return True
    sample = data[:65536]
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls > max(2, len(sample) // 100)


def _candidates(data: bytes) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        latin = data.decode("latin-1")
        out.append(("cp1258", unicodedata.normalize("NFC", data.decode("cp1258", "replace"))))
        out.append(("tcvn3", unicodedata.normalize("NFC", tcvn3_to_unicode(latin))))
        out.append(("vni", unicodedata.normalize("NFC", vni_to_unicode(latin))))
        return out
    text = unicodedata.normalize("NFC", text)
    out.append(("utf-8", text))
    # Legacy font text pasted into a Unicode file keeps its glyph letters: "Së Th«ng tin".
    if _FOREIGN.search(text) and all(
        ord(c) < 256 or c in "\u201c\u201d\u2018\u2019\u2013\u2014\u2026" for c in text[:5000]
    ):
        out.append(("tcvn3", unicodedata.normalize("NFC", tcvn3_to_unicode(text))))
        out.append(("vni", unicodedata.normalize("NFC", vni_to_unicode(text))))
    # UTF-8 read once as Windows-1252 and saved again: "Sá»Ÿ".
    if "á»" in text or "Ã" in text:
        with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError):
            out.append(("utf-8 (mojibake)", text.encode("cp1252").decode("utf-8")))
    return out


def decode_bytes(data: bytes, *, name: str = "") -> str:
    """Decode a document's bytes; raise ``ExtractionError`` for what is not a text document."""
    where = f"{name}: " if name else ""
    if len(data) > MAX_BYTES:
        raise ExtractionError(
            f"{where}tệp quá lớn ({len(data):,} byte, tối đa {MAX_BYTES:,})".replace(",", "."),
            f"{where}file too large ({len(data):,} bytes, at most {MAX_BYTES:,})",
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            data = data.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            raise ExtractionError(f"{where}tệp UTF-16 hỏng", f"{where}broken UTF-16 file") from None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if not data.strip():
        raise ExtractionError(f"{where}tài liệu rỗng", f"{where}empty document")
    if _looks_binary(data):
        raise ExtractionError(
            f"{where}không phải tệp văn bản (dữ liệu nhị phân)",
            f"{where}not a text file (binary data)",
        )
    candidates = _candidates(data)
    if len(candidates) == 1:
        return candidates[0][1]
    scored = [(vietnamese_score(text), -i, text) for i, (_, text) in enumerate(candidates)]
    best = max(scored)
    # Keep the UTF-8 reading unless another one reads clearly better.
    if (
        candidates[0][0] == "utf-8"
        and best[2] is not candidates[0][1]
        and best[0] < scored[0][0] + 0.05
    ):
        return candidates[0][1]
    return best[2]


def check_text(text: str, *, name: str = "") -> str:
    """The same refusals for text already decoded (a JSON line's ``text``)."""
    where = f"{name}: " if name else ""
    if not isinstance(text, str) or not text.strip():
        raise ExtractionError(f"{where}tài liệu rỗng", f"{where}empty document")
    if len(text) > MAX_BYTES:
        raise ExtractionError(
            f"{where}tài liệu quá lớn ({len(text):,} ký tự)".replace(",", "."),
            f"{where}document too large ({len(text):,} characters)",
        )
    controls = sum(1 for c in text[:65536] if ord(c) < 32 and c not in "\t\n\f\r")
    if "\x00" in text or controls > max(2, min(len(text), 65536) // 100):
        raise ExtractionError(
            f"{where}không phải văn bản (dữ liệu nhị phân)", f"{where}not text (binary data)"
        )
    return unicodedata.normalize("NFC", text)
