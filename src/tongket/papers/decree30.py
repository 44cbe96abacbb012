"""The layout of Nghị định 30/2020/NĐ-CP (Phụ lục I) in python-docx: A4, margins, Times New
Roman, the header block, page numbers from page 2, the «Nơi nhận» and signature blocks.

Sizes (pt) and lengths (mm) are the decree's; where it gives a range the value chosen is
named here once.
"""

from __future__ import annotations

from collections.abc import Sequence

from docx import Document
from docx.document import Document as DocumentType
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from tongket.core.cells import control_free
from tongket.papers.content import Letterhead, Signature
from tongket.papers.wording import place_and_date, upper

FONT = "Times New Roman"
BODY_PT = 14  # văn bản: 13–14
HEADER_PT = 13  # tên cơ quan: 12–13
MOTTO_PT = 12  # «CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM»: 12–13
MOTTO2_PT = 13  # «Độc lập - Tự do - Hạnh phúc»: 13–14
DATE_PT = 14  # địa danh, ngày tháng: 13–14, nghiêng
TITLE_PT = 14  # tên loại văn bản và trích yếu: 13–14, đứng, đậm
RECIPIENTS_HEAD_PT = 12  # «Nơi nhận:»: 12, nghiêng, đậm
RECIPIENTS_PT = 11  # the list: 11
SIGN_PT = 14  # thẩm quyền, họ tên người ký: 13–14, đậm
TABLE_PT = 12
PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297  # A4
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}  # 20–25, 20–25, 30–35, 15–20
TEXT_WIDTH_MM = PAGE_WIDTH_MM - MARGINS_MM["left"] - MARGINS_MM["right"]
HEAD_LEFT_MM = 70  # the issuer's column of the header block
MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO2 = "Độc lập - Tự do - Hạnh phúc"

# Times New Roman advance widths in thousandths of an em (regular, bold): enough to draw a
# rule as long as a line of text without the font installed.
_WIDE = set("MWmwĐÐ")
_NARROW = set("iIjlft.,;:'!|()[] -")


def text_width_mm(text: str, size_pt: float, *, bold: bool = False) -> float:
    total = 0
    for ch in text:
        if ch == " ":
            total += 250
        elif ch in _NARROW:
            total += 300
        elif ch in _WIDE:
            total += 900
        elif ch.isupper():
            total += 740 if bold else 700
        else:
            total += 520 if bold else 480
    return total / 1000 * size_pt * 25.4 / 72


def new_document() -> DocumentType:
    """An empty A4 document with the decree's margins and Times New Roman as its font."""
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
    section.top_margin = Mm(MARGINS_MM["top"])
    section.bottom_margin = Mm(MARGINS_MM["bottom"])
    section.left_margin = Mm(MARGINS_MM["left"])
    section.right_margin = Mm(MARGINS_MM["right"])
    section.header_distance = Mm(10)
    section.footer_distance = Mm(10)
    for name in ("Normal", "Table Grid", "Header"):
        style = doc.styles[name]
        style.font.name = FONT
        style.font.size = Pt(BODY_PT)
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = OxmlElement("w:rFonts")
            rpr.append(fonts)
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attr), FONT)
        for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
            fonts.attrib.pop(qn(theme), None)
    normal = doc.styles["Normal"].paragraph_format
    normal.space_before, normal.space_after = Pt(0), Pt(6)
    normal.line_spacing_rule = WD_LINE_SPACING.SINGLE
    _page_numbers(doc)
    doc.core_properties.language = "vi-VN"
    return doc


def _page_numbers(doc: DocumentType) -> None:
    """Page numbers centred at the top, from the second page on (the first page has its own,
    empty header)."""
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), ("end", None)):
        if kind is None:
            node = OxmlElement("w:instrText")
            node.set(qn("xml:space"), "preserve")
            node.text = f" {text} "
        else:
            node = OxmlElement("w:fldChar")
            node.set(qn("w:fldCharType"), kind)
        run._r.append(node)
    run.font.size = Pt(BODY_PT)
    section.first_page_header.paragraphs[0].text = ""


# ----------------------------------------------------------------------------- paragraphs


def _format(
    paragraph: Paragraph,
    *,
    align: int | None = None,
    before: float = 0,
    after: float = 0,
    indent_mm: float | None = None,
    keep_next: bool = False,
) -> Paragraph:
    fmt = paragraph.paragraph_format
    if align is not None:
        paragraph.alignment = align
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    if indent_mm is not None:
        fmt.first_line_indent = Mm(indent_mm)
    if keep_next:
        fmt.keep_with_next = True
    return paragraph


def run(
    paragraph: Paragraph,
    text: str,
    *,
    size: float = BODY_PT,
    bold: bool = False,
    italic: bool = False,
) -> None:
    # A control character that reached the database would make the whole DOCX unwritable.
    r = paragraph.add_run(control_free(text))
    r.font.size = Pt(size)
    r.font.bold = bold or None
    r.font.italic = italic or None
    r.font.name = FONT


def line(
    container,
    text: str = "",
    *,
    size: float = BODY_PT,
    bold: bool = False,
    italic: bool = False,
    align: int = WD_ALIGN_PARAGRAPH.CENTER,
    before: float = 0,
    after: float = 0,
    first: bool = False,
) -> Paragraph:
    """One paragraph of one run; ``first`` writes into the container's existing first
    paragraph (a new table cell has one)."""
    paragraph = container.paragraphs[0] if first else container.add_paragraph()
    _format(paragraph, align=align, before=before, after=after)
    if text:
        run(paragraph, text, size=size, bold=bold, italic=italic)
    return paragraph


def body(doc: DocumentType, text: str, *, italic: bool = False, after: float = 6) -> Paragraph:
    """A paragraph of the text: justified, first line indented."""
    paragraph = doc.add_paragraph()
    _format(paragraph, align=WD_ALIGN_PARAGRAPH.JUSTIFY, after=after, indent_mm=12.7)
    run(paragraph, text, italic=italic)
    return paragraph


def heading(doc: DocumentType, text: str, *, level: int = 1) -> Paragraph:
    """«I. KẾT QUẢ ...» (bold, upper case), «1. ...» (bold), «a) ...» (bold italic)."""
    paragraph = doc.add_paragraph()
    _format(
        paragraph,
        align=WD_ALIGN_PARAGRAPH.JUSTIFY,
        before=6,
        after=6,
        indent_mm=12.7,
        keep_next=True,
    )
    run(paragraph, text, bold=True, italic=level >= 3)
    return paragraph


def rule(container, length_mm: float, width_mm: float, *, first: bool = False) -> Paragraph:
    """A centred horizontal line ``length_mm`` long in a space ``width_mm`` wide: the top
    border of an empty paragraph indented from both sides."""
    paragraph = container.paragraphs[0] if first else container.add_paragraph()
    side = max((width_mm - length_mm) / 2, 0)
    fmt = paragraph.paragraph_format
    fmt.left_indent = fmt.right_indent = Mm(side)
    # A little air between the text and its rule, so the rule does not read as underlining.
    fmt.space_before, fmt.space_after = Pt(3), Pt(0)
    fmt.line_spacing = Pt(2)
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        top.set(qn(key), value)
    borders.append(top)
    fmt._element.get_or_add_pPr().append(borders)
    return paragraph


# ----------------------------------------------------------------------------- tables


def _borders(table: Table, value: str) -> None:
    tbl_pr = table._tbl.tblPr
    old = tbl_pr.find(qn("w:tblBorders"))
    if old is not None:
        tbl_pr.remove(old)
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        node = OxmlElement(f"w:{edge}")
        node.set(qn("w:val"), value)
        if value != "nil":
            node.set(qn("w:sz"), "4")
            node.set(qn("w:space"), "0")
            node.set(qn("w:color"), "000000")
        borders.append(node)
    tbl_pr.append(borders)


def widths(table: Table, mm: Sequence[float]) -> None:
    table.autofit = False
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    for column, width in zip(table.columns, mm, strict=True):
        column.width = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, mm, strict=True):
            cell.width = Mm(width)


def layout_table(doc: DocumentType, cols_mm: Sequence[float], rows: int = 1) -> Table:
    """A borderless table that places blocks side by side (header, signature)."""
    table = doc.add_table(rows=rows, cols=len(cols_mm))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _borders(table, "nil")
    widths(table, cols_mm)
    return table


def grid_table(
    doc: DocumentType,
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    cols_mm: Sequence[float],
    *,
    numeric: Sequence[bool] = (),
) -> Table:
    """A data table: bold centred headers that repeat on each page, numbers right-aligned."""
    table = doc.add_table(rows=1 + len(rows), cols=len(headers))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _borders(table, "single")
    widths(table, cols_mm)
    header = table.rows[0]
    header_pr = header._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header_pr.append(repeat)
    for cell, text in zip(header.cells, headers, strict=True):
        line(cell, text, size=TABLE_PT, bold=True, first=True)
    numeric = list(numeric) or [False] * len(headers)
    for row in table.rows:
        # A row stays whole on one page (a page break between rows repeats the headers).
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    for r, values in enumerate(rows, start=1):
        for c, (cell, text) in enumerate(zip(table.rows[r].cells, values, strict=True)):
            align = WD_ALIGN_PARAGRAPH.RIGHT if numeric[c] else WD_ALIGN_PARAGRAPH.LEFT
            line(cell, text, size=TABLE_PT, align=align, first=True)
    return table


def cell_text(cell: _Cell) -> str:
    return "\n".join(p.text for p in cell.paragraphs)


# ----------------------------------------------------------------------------- blocks


def header_block(doc: DocumentType, head: Letterhead) -> None:
    """The two columns: superior and issuer / the national motto; the number / place and
    date. Then the kind of document and its subject, with a short rule under them."""
    right_mm = TEXT_WIDTH_MM - HEAD_LEFT_MM
    table = layout_table(doc, [HEAD_LEFT_MM, right_mm], rows=2)
    left, right = table.rows[0].cells
    first = True
    if head.superior:
        line(left, upper(head.superior), size=HEADER_PT, first=True)
        first = False
    line(left, upper(head.issuer), size=HEADER_PT, bold=True, first=first)
    issuer_mm = min(text_width_mm(upper(head.issuer), HEADER_PT, bold=True), HEAD_LEFT_MM - 4)
    rule(left, max(issuer_mm / 2.5, 18), HEAD_LEFT_MM)
    line(right, MOTTO, size=MOTTO_PT, bold=True, first=True)
    line(right, MOTTO2, size=MOTTO2_PT, bold=True)
    rule(right, text_width_mm(MOTTO2, MOTTO2_PT, bold=True), right_mm)
    number, date = table.rows[1].cells
    line(number, head.number, size=HEADER_PT, first=True, before=6)
    line(
        date, place_and_date(head.place, head.date), size=DATE_PT, italic=True, first=True, before=6
    )
    line(doc, head.kind, size=TITLE_PT, bold=True, before=18)
    subject = line(doc, head.subject, size=TITLE_PT, bold=True)
    subject.paragraph_format.keep_with_next = True
    subject_mm = min(text_width_mm(head.subject, TITLE_PT, bold=True), TEXT_WIDTH_MM)
    rule(doc, max(subject_mm / 3, 25), TEXT_WIDTH_MM)
    line(doc, "", size=6)


def closing_block(doc: DocumentType, recipients: Sequence[str], signature: Signature) -> None:
    """«Nơi nhận:» on the left (12 bold italic, the list in 11), the signer on the right."""
    table = layout_table(doc, [80, TEXT_WIDTH_MM - 80])
    # The signer's name never goes to a page of its own.
    row_pr = table.rows[0]._tr.get_or_add_trPr()
    row_pr.append(OxmlElement("w:cantSplit"))
    left, right = table.rows[0].cells
    line(
        left,
        "Nơi nhận:",
        size=RECIPIENTS_HEAD_PT,
        bold=True,
        italic=True,
        align=WD_ALIGN_PARAGRAPH.LEFT,
        first=True,
        before=6,
    )
    for n, name in enumerate(recipients, start=1):
        end = "." if n == len(recipients) else ";"
        line(left, f"- {name}{end}", size=RECIPIENTS_PT, align=WD_ALIGN_PARAGRAPH.LEFT)
    first = True
    for authority in signature.authority:
        line(right, authority, size=SIGN_PT, bold=True, first=first, before=6 if first else 0)
        first = False
    # Room for the signature and the seal.
    line(right, "", size=SIGN_PT, after=60)
    line(right, signature.name, size=SIGN_PT, bold=True)
