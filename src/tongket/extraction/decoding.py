"""Bytes in, text out: UTF-8 (with or without BOM), UTF-16 with BOM, and the old Vietnamese
encodings Windows-1258 (with its combining tone marks), TCVN3 (ABC), VNI and VISCII, chosen by
how many of the words they give are Vietnamese syllables. UTF-8 with a broken byte, text in no
encoding that reads as Vietnamese, empty, binary and oversized input are refused with a clear
message. The import of values (``tongket.transfer``) reads its CSV files with the same
functions."""

from __future__ import annotations

import contextlib
import functools
import os
import re
import unicodedata

from tongket.extraction.errors import ExtractionError
from tongket.extraction.lexicon import fold, load

# A published report is a few thousand characters; these limits leave room for the longest
# and refuse what would tie up the reader (the rules read a paragraph at a time, so one
# paragraph of megabytes costs far more than many short ones). Both can be changed from the
# environment, as the library runs without Django's settings.
MAX_BYTES = int(float(os.environ.get("TONGKET_EXTRACT_MAX_MB", "1")) * 1024 * 1024)
MAX_LINE_CHARS = int(os.environ.get("TONGKET_EXTRACT_MAX_LINE_CHARS", "20000"))

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
def _viscii_table() -> dict[int, str]:
    table = load("legacy_encodings")["viscii"]
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


def viscii_to_unicode(text: str) -> str:
    """Text whose characters are VISCII bytes read as Latin-1 → Unicode."""
    return text.translate(_viscii_table())


def cp1258_to_unicode(text: str) -> str:
    """Text whose characters are Windows-1258 bytes read as Latin-1 → Unicode; bytes the code
    page leaves undefined raise ``UnicodeDecodeError``."""
    return text.encode("latin-1").decode("cp1258")


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
    """Readings of UTF-8 ``data``: as it is, and as the legacy text it may hold."""
    out: list[tuple[str, str]] = []
    text = data.decode("utf-8")
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
    broken = utf8_broken_at(data)
    if broken is not None:
        raise ExtractionError(
            f"{where}tệp UTF-8 hỏng ở byte thứ {broken + 1} (0x{data[broken]:02x}); hãy lưu lại "
            "dưới dạng UTF-8",
            f"{where}broken UTF-8 at byte {broken + 1} (0x{data[broken]:02x}); save the file as "
            "UTF-8",
        )
    if not _is_utf8(data):
        return _legacy_text(data, where)
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


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _legacy_text(data: bytes, where: str) -> str:
    try:
        name = legacy_detect(data[:200_000])
        return legacy_converter(name)(data.decode("latin-1"))
    except EncodingProblem as exc:
        raise ExtractionError(f"{where}{exc.vi}", f"{where}{exc.en}") from None
    except UnicodeDecodeError as exc:
        raise ExtractionError(
            f"{where}byte 0x{data[exc.start]:02x} ở vị trí {exc.start + 1} không có trong "
            "bảng mã Windows-1258",
            f"{where}byte 0x{data[exc.start]:02x} at position {exc.start + 1} is not in "
            "Windows-1258",
        ) from None


def check_text(text: str, *, name: str = "", max_line: int | None = MAX_LINE_CHARS) -> str:
    """The same refusals for text already decoded (a JSON line's ``text``), and a line longer
    than ``max_line`` (``None`` for a page's HTML source, which may be one line)."""
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
    if max_line is not None and len(text) > max_line:
        longest = max(map(len, text.splitlines()), default=0)
        if longest > max_line:
            shown, limit = f"{longest:,}".replace(",", "."), f"{max_line:,}".replace(",", ".")
            raise ExtractionError(
                f"{where}có đoạn dài {shown} ký tự, quá giới hạn {limit} ký tự một đoạn",
                f"{where}a paragraph is {longest:,} characters long, over the limit of "
                f"{max_line:,} characters",
            )
    return unicodedata.normalize("NFC", text)


# The old encodings, by the name a person knows them by. Each turns text read as Latin-1 (one
# character per byte) into Unicode.
LEGACY_NAMES = {
    "cp1258": "Windows-1258",
    "tcvn3": "TCVN3 (ABC)",
    "vni": "VNI",
    "viscii": "VISCII",
}
_CONVERTERS = {
    "cp1258": cp1258_to_unicode,
    "tcvn3": tcvn3_to_unicode,
    "vni": vni_to_unicode,
    "viscii": viscii_to_unicode,
}
_TONES = "\u0300\u0301\u0303\u0309\u0323"
_SYLLABLE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx])?"
    r"(iêu|yêu|oai|oao|oay|oeo|uây|uôi|ươi|ươu|uya|uyê|uyu|"
    r"ai|ao|au|ay|âu|ây|eo|êu|ia|iê|iu|oa|oă|oe|oi|ôi|ơi|oo|ua|uâ|uê|ui|uô|uơ|uy|ưa|ưi|ươ|ưu|yê|"
    r"[aăâeêioôơuưy])"
    r"(?:ng|nh|ch|[cmnpt])?"
)
_TOKEN = re.compile(r"[^\s\d,;.:!?()\[\]{}\"'/\\\-+*=<>|&%#@_~`]+")
# Valid UTF-8 sequences of two to four bytes.
UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


class EncodingProblem(ValueError):
    """Bytes that are not UTF-8 and not clearly one old Vietnamese encoding."""

    def __init__(self, vi: str, en: str, *, offset: int | None = None) -> None:
        self.vi, self.en, self.offset = vi, en, offset
        super().__init__(f"{vi} / {en}")


def syllable_share(text: str) -> tuple[float, int]:
    """The share of words with a letter beyond ASCII that are Vietnamese syllables (one tone
    mark at most, an onset, a vowel group and an ending Vietnamese allows), and how many such
    words there were. A wrong decoding gives letters no syllable has (``Th«ng``, ``Thaẻnh``)."""
    good = total = 0
    for token in _TOKEN.findall(text):
        if token.isascii():
            continue
        total += 1
        decomposed = unicodedata.normalize("NFD", token.lower())
        if sum(decomposed.count(t) for t in _TONES) > 1:
            continue
        bare = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
        if _SYLLABLE.fullmatch(bare):
            good += 1
    return (good / total if total else 0.0), total


def utf8_broken_at(data: bytes) -> int | None:
    """Where UTF-8 breaks in ``data`` that is otherwise UTF-8 (it has more valid multi-byte
    sequences than broken bytes); ``None`` when ``data`` is UTF-8 or reads as an old 8-bit
    encoding instead."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        head = data[:1_000_000]
        sequences = UTF8_SEQUENCE.findall(head)
        stray = sum(1 for b in head if b >= 0x80) - sum(len(s) for s in sequences)
        # In an old encoding nearly every high byte stands outside a valid UTF-8 sequence;
        # a chance pair is rare, a text with many of them is UTF-8 with something broken.
        if sequences and len(sequences) * 4 >= stray:
            return exc.start
        return None
    return None


def legacy_detect(sample: bytes) -> str:
    """The old encoding ``sample`` (not UTF-8) is written in, by the share of Vietnamese
    syllables each reading gives; ``EncodingProblem`` when none reads as Vietnamese or two
    read equally well."""
    latin = sample.decode("latin-1")
    scores: list[tuple[float, int, str]] = []
    for name, convert in _CONVERTERS.items():
        try:
            text = unicodedata.normalize("NFC", convert(latin))
        except UnicodeDecodeError:
            continue
        share, words = syllable_share(text)
        scores.append((share, words, name))
    scores.sort(reverse=True)
    best = scores[0] if scores else (0.0, 0, "")
    if best[0] < 0.8 or best[1] == 0:
        found = LEGACY_NAMES.get(best[2], best[2])
        raise EncodingProblem(
            "tệp không phải UTF-8 và không đọc được ra tiếng Việt bằng bảng mã cũ nào "
            f"(Windows-1258, TCVN3, VNI, VISCII; gần nhất: {found}); hãy lưu lại dưới dạng "
            "UTF-8",
            "the file is not UTF-8 and no old encoding (Windows-1258, TCVN3, VNI, VISCII) reads "
            f"it as Vietnamese (closest: {found}); save it as UTF-8",
        )
    if len(scores) > 1 and scores[1][0] >= best[0] - 0.02 and scores[1][0] >= 0.8:
        first, second = LEGACY_NAMES[best[2]], LEGACY_NAMES[scores[1][2]]
        raise EncodingProblem(
            f"không rõ tệp viết bằng bảng mã {first} hay {second}; hãy lưu lại dưới dạng UTF-8",
            f"the file may be {first} or {second}, which cannot be told apart here; save it as "
            "UTF-8",
        )
    return best[2]


def legacy_converter(name: str):
    """A function turning a line read as Latin-1 into NFC Unicode text, for ``name``."""
    convert = _CONVERTERS[name]
    return lambda text: unicodedata.normalize("NFC", convert(text))


def glyph_text_in_utf8(text: str) -> str | None:
    """The old font encoding whose letters a UTF-8 text holds (``Së Th«ng tin``: TCVN3 typed
    with a legacy font and saved as Unicode), or ``None`` when the text reads as Unicode."""
    if not _FOREIGN.search(text):
        return None
    share, words = syllable_share(text)
    if words < 3 or share >= 0.5:
        return None
    for name in ("tcvn3", "vni"):
        converted = unicodedata.normalize("NFC", _CONVERTERS[name](text))
        if syllable_share(converted)[0] >= 0.9:
            return name
    return None
