"""Hostile files, generated: each case is a name, the bytes, and words the refusal must hold.

The good rows name the test worlds' commune 12001 (Xã Vũ Thư), indicator ``test.b`` and
period 2025, so that only the hostile part can be the reason of a refusal.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass

from openpyxl import Workbook

from tongket.extraction.decoding import unicode_to_tcvn3, unicode_to_vni

HEAD = "unit,indicator,period,value,comment\n"
GOOD = "12001,test.b,2025,7,\n"


@dataclass(frozen=True)
class Case:
    name: str  # the file name, its suffix chooses the reader
    data: bytes
    words: str  # in the Vietnamese reason


def _csv(text: str) -> bytes:
    return (HEAD + text).encode("utf-8")


def plain_xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xlsx_with(parts: dict[str, bytes], *, level: int = 6) -> bytes:
    """A real workbook (flat columns, one good row) with some of its parts replaced."""
    base = plain_xlsx([["unit", "indicator", "period", "value"], ["12001", "test.b", "2025", 7]])
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(base)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as target,
    ):
        for info in source.infolist():
            data = parts.pop(info.filename, None)
            target.writestr(info.filename, source.read(info) if data is None else data)
        for name, data in parts.items():
            target.writestr(name, data)
    return out.getvalue()


_SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)
_CELLS = (
    b'<row r="1"><c r="A1" t="inlineStr"><is><t>unit</t></is></c>'
    b'<c r="B1" t="inlineStr"><is><t>indicator</t></is></c>'
    b'<c r="C1" t="inlineStr"><is><t>period</t></is></c>'
    b'<c r="D1" t="inlineStr"><is><t>value</t></is></c></row>'
)
SHEET = "xl/worksheets/sheet1.xml"


def billion_laughs() -> bytes:
    entities = b'<!ENTITY lol "lol">' + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
        for i in range(1, 10)
    )
    sheet = (
        b'<?xml version="1.0"?>\n<!DOCTYPE worksheet [' + entities + b"]>"
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
        b"</sheetData></worksheet>"
    )
    return xlsx_with({SHEET: sheet})


def xxe() -> bytes:
    sheet = (
        b'<?xml version="1.0"?>\n<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row>'
        b"</sheetData></worksheet>"
    )
    return xlsx_with({SHEET: sheet})


def zip_bomb() -> bytes:
    """A sheet of 64 MB of blanks that packs into a few dozen kilobytes."""
    padding = b" " * (64 * 1024 * 1024)
    sheet = _SHEET_HEAD + b"<sheetData>" + _CELLS + padding + b"</sheetData></worksheet>"
    return xlsx_with({SHEET: sheet}, level=9)


def too_many_rows(rows: int) -> bytes:
    body = b"".join(
        b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>12001</t></is></c></row>' % (r, r)
        for r in range(2, rows + 2)
    )
    return xlsx_with(
        {SHEET: _SHEET_HEAD + b"<sheetData>" + _CELLS + body + b"</sheetData></worksheet>"}
    )


def far_row() -> bytes:
    """One row said to be the 3,000,000th: more than a sheet has."""
    body = b'<row r="3000000"><c r="A3000000" t="inlineStr"><is><t>12001</t></is></c></row>'
    return xlsx_with(
        {SHEET: _SHEET_HEAD + b"<sheetData>" + _CELLS + body + b"</sheetData></worksheet>"}
    )


def wide_header() -> bytes:
    """A header cell in the last column Excel has (XFD), and a dimension saying so."""
    sheet = (
        _SHEET_HEAD + b'<dimension ref="A1:XFD1048576"/><sheetData>'
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>unit</t></is></c>'
        b'<c r="XFD1" t="inlineStr"><is><t>x</t></is></c></row></sheetData></worksheet>'
    )
    return xlsx_with({SHEET: sheet})


def deep_json(depth: int) -> bytes:
    item = "[" * depth + "]" * depth
    return ('{"dataValues": [' + item + "]}").encode()


def dhis2(value: str) -> bytes:
    return (
        '{"dataValues": [{"dataElement": "test.b", "period": "2025", "orgUnit": "12001", '
        f'"value": {value}}}]}}'
    ).encode()


SENTENCE = "Xã Vũ Thư báo cáo số liệu năm của đơn vị"

# Each: a file every reader of values must refuse with these words in its reason.
VALUE_FILES: list[Case] = [
    Case("rong.csv", b"", "trống"),
    Case("nhi-phan.csv", bytes(range(256)) * 4, "UTF-8"),
    Case("o-qua-dai.csv", _csv(GOOD + "12001,test.a,2025,7," + "x" * 200_000 + "\n"), "giới hạn"),
    Case("ngoac-mo.csv", _csv('12001,test.b,2025,"7,\n12001,test.a,2025,8,\n'), "ngoặc kép"),
    Case(
        "ngoac-mo-ghi-chu.csv",
        _csv('12001,test.b,2025,7,"ghi chú\n12001,test.a,2025,8,\n'),
        "ngoặc kép",
    ),
    Case(
        "utf8-hong.csv",
        _csv(GOOD + "12001,test.a,2025,8,Vũ Thư\n")[:-4] + b"\xff\xfe\n",
        "UTF-8 hỏng",
    ),
    Case(
        "tron-ma.csv",
        _csv(GOOD + "12001,test.a,2025,8,Vũ Thư\n") + "12001,test.a,2025,9,Thư\n".encode("cp1258"),
        "UTF-8",
    ),
    Case("ky-tu-dieu-khien.csv", _csv("12001,test.b,2025,\x01\x1b7,\n"), "không phải là số"),
    Case("cong-thuc.csv", _csv('12001,test.b,2025,"=1+1",\n'), "không phải là số"),
    Case("cong-thuc-don-vi.csv", _csv('"=HYPERLINK(""http://x"")",test.b,2025,7,\n'), "HYPERLINK"),
    Case("400-chu-so.csv", _csv("12001,test.b,2025," + "9" * 400 + ",\n"), "hữu hạn"),
    Case("nan.csv", _csv("12001,test.b,2025,NaN,\n"), "không phải là số"),
    Case("infinity.csv", _csv("12001,test.b,2025,Infinity,\n"), "không phải là số"),
    Case("1e400.csv", _csv("12001,test.b,2025,1e400,\n"), "hữu hạn"),
    Case("mo-ho.csv", _csv("12001,test.b,2025,1.234,\n"), "có thể là"),
    Case("chu-so-la.csv", _csv("12001,test.b,2025,١٢,\n"), "không phải là số"),
    Case("glyph-tcvn3.csv", _csv("12001,test.b,2025,7,Së Th«ng tin v\xb5 TruyÒn th«ng\n"), "TCVN3"),
    Case("billion-laughs.xlsx", billion_laughs(), "DTD"),
    Case("xxe.xlsx", xxe(), "DTD"),
    Case("zip-bomb.xlsx", zip_bomb(), "nén"),
    Case("hang-3-trieu.xlsx", far_row(), "giới hạn"),
    Case("rong-xfd.xlsx", wide_header(), "giới hạn"),
    Case("hong.xlsx", b"PK\x03\x04 not a zip at all", "không đọc được tệp Excel"),
    Case("long-sau.json", deep_json(100_000), "lồng nhau"),
    Case("long-21.json", deep_json(21), "lồng nhau"),
    Case("so-5000-chu-so.json", dhis2("1" + "0" * 5000), "JSON"),
    Case("nan.json", dhis2("NaN"), "không phải là số"),
    Case("infinity.json", dhis2("-Infinity"), "không phải là số"),
    Case("chuoi-khong-dong.json", b'{"dataValues": [{"value": "' + b"x" * 100_000, "JSON"),
]

# Old encodings a CSV may come in: read as the same Vietnamese text.
ENCODED: dict[str, bytes] = {
    "tcvn3": unicode_to_tcvn3(SENTENCE),
    "vni": unicode_to_vni(SENTENCE),
}


def deep_jsonl() -> bytes:
    """A batch of published reports whose second line nests 100,000 levels deep."""
    good = json.dumps({"id": "tot", "text": SENTENCE + " năm 2025."}, ensure_ascii=False)
    deep = '{"id": "sau", "text": ' + "[" * 100_000 + "]" * 100_000 + "}"
    return (good + "\n" + deep + "\n").encode()
