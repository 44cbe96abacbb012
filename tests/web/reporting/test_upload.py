"""Uploading a filled template: every error named before anything is stored, then confirm."""

import re
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from tongket.core.models import AuditEntry
from tongket.reporting.models import Submission, SubmissionStatus, Value

from .world import reporting_of


def _template(client, submission) -> BytesIO:
    response = client.get(f"/entry/{submission.pk}/template.xlsx")
    assert response.status_code == 200
    return BytesIO(response.content)


def _filled(client, submission, values: dict[str, object]) -> bytes:
    book = load_workbook(_template(client, submission))
    sheet = book[submission.form.code]
    for row in range(9, sheet.max_row + 1):
        code = sheet.cell(row=row, column=2).value
        if code in values:
            sheet.cell(row=row, column=5).value = values[code]
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _upload(client, submission, content: bytes, name: str = "bao-cao.xlsx"):
    return client.post(
        f"/entry/{submission.pk}/upload/",
        {"file": SimpleUploadedFile(name, content)},
    )


def _rows(html: str) -> list[list[str]]:
    table = re.search(r'<table class="file-issues">(.*?)</table>', html, re.S).group(1)
    body = table.split("<tbody>")[1]
    return [
        [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td>(.*?)</td>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


def test_a_bad_row_is_named_and_nothing_is_stored(clients, world):
    r = reporting_of(world)
    client = clients["reporting"]
    content = _filled(client, world.sub_xa_hy, {r.total.code: 1500, r.mobile.code: "nhiều"})
    before = (AuditEntry.objects.count(), list(Value.objects.values_list("pk", "value")))
    response = _upload(client, world.sub_xa_hy, content)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Không có số liệu nào được lưu" in html
    assert "Xác nhận lưu" not in html
    [(file, row, column, reason)] = _rows(html)
    assert (file, row, column) == ("bao-cao.xlsx", "10", "E")
    assert reason == "«nhiều» không phải là số"  # the Vietnamese half of the reader's message
    assert (AuditEntry.objects.count(), list(Value.objects.values_list("pk", "value"))) == before


def test_preview_then_confirm_stores_through_the_report(clients, world):
    r = reporting_of(world)
    client = clients["reporting"]
    content = _filled(
        client, world.sub_xa_hy, {r.total.code: 1500, r.mobile.code: 1600, r.revenue.code: 2.5}
    )
    response = _upload(client, world.sub_xa_hy, content)
    assert response.status_code == 200
    html = response.content.decode()
    assert "3 số liệu sẽ thay đổi. Chưa có gì được lưu." in html
    # Validation of the report as it would be: mobile above total.
    assert "Sau khi lưu, báo cáo còn 1 lỗi" in html
    assert Value.objects.get(unit=world.xa_hy, indicator=r.total).value == 1200
    assert not AuditEntry.objects.filter(action="value.created", user=world.reporting).exists()
    sha = re.search(r'name="sha256" value="([0-9a-f]{64})"', html).group(1)

    wrong = client.post(f"/entry/{world.sub_xa_hy.pk}/upload/confirm/", {"sha256": "0" * 64})
    assert wrong.status_code == 302
    assert Value.objects.get(unit=world.xa_hy, indicator=r.total).value == 1200

    done = client.post(f"/entry/{world.sub_xa_hy.pk}/upload/confirm/", {"sha256": sha})
    assert done.status_code == 302 and done.url == f"/entry/{world.sub_xa_hy.pk}/"
    stored = dict(Value.objects.filter(unit=world.xa_hy).values_list("indicator__code", "value"))
    assert stored == {r.total.code: 1500, r.mobile.code: 1600, r.revenue.code: 2.5}
    assert Value.objects.get(unit=world.xa_hy, indicator=r.mobile).submission_id == (
        world.sub_xa_hy.pk
    )
    entry = AuditEntry.objects.get(action="value.changed", user=world.reporting)
    assert entry.reason == "Tải lên tệp bao-cao.xlsx / uploaded file bao-cao.xlsx"
    # The pending upload is used once.
    again = client.post(f"/entry/{world.sub_xa_hy.pk}/upload/confirm/", {"sha256": sha})
    assert "hãy tải tệp lên lại" in client.get(again.url).content.decode()


def test_a_file_of_another_unit_or_period_is_refused(clients, world):
    r = reporting_of(world)
    csv = (
        "unit,indicator,period,value\n"
        f"12001,{r.total.code},2025,10\n"
        f"00004,{r.total.code},2025,20\n"
        f"12001,{r.mobile.code},2026,5\n"
    ).encode()
    response = _upload(clients["reporting"], world.sub_xa_hy, csv, name="so-lieu.csv")
    assert response.status_code == 400
    rows = _rows(response.content.decode())
    assert [(row, column) for _f, row, column, _r in rows] == [
        ("3", "đơn vị"),
        ("4", "kỳ"),
    ]
    assert "Phường Ba Đình" in rows[0][3]
    assert Value.objects.get(unit=world.xa_hy, indicator=r.total).value == 1200
    assert not Value.objects.filter(unit=world.xa_hn, indicator=r.total, value=20).exists()


def test_only_xlsx_or_csv_and_only_while_the_report_is_open(clients, world):
    reporting_of(world)
    client = clients["reporting"]
    response = _upload(client, world.sub_xa_hy, b"{}", name="so-lieu.json")
    assert response.status_code == 400
    assert "chỉ nhận tệp .xlsx" in response.content.decode()
    Submission.objects.filter(pk=world.sub_xa_hy.pk).update(status=SubmissionStatus.SUBMITTED)
    response = _upload(client, world.sub_xa_hy, b"unit,indicator,period,value\n")
    assert response.status_code == 302
    assert "không còn sửa được" in client.get(response.url).content.decode()


def test_the_templates_comments_are_read_and_written(clients, world):
    r = reporting_of(world)
    client = clients["reporting"]
    book = load_workbook(BytesIO(_filled(client, world.sub_xa_hy, {r.mobile.code: 900})))
    sheet = book[world.sub_xa_hy.form.code]
    assert sheet.cell(row=7, column=6).value == "Ghi chú"
    for row in range(9, sheet.max_row + 1):
        if sheet.cell(row=row, column=2).value == r.mobile.code:
            sheet.cell(row=row, column=6).value = "Theo số liệu nhà mạng tháng 12"
    out = BytesIO()
    book.save(out)
    response = _upload(client, world.sub_xa_hy, out.getvalue())
    assert response.status_code == 200
    sha = re.search(r'name="sha256" value="([0-9a-f]+)"', response.content.decode()).group(1)
    client.post(f"/entry/{world.sub_xa_hy.pk}/upload/confirm/", {"sha256": sha})
    stored = Value.objects.get(unit=world.xa_hy, indicator=r.mobile)
    assert (stored.value, stored.comment) == (900, "Theo số liệu nhà mạng tháng 12")
    # The template made again carries the comment beside its value.
    again = load_workbook(_template(client, world.sub_xa_hy))[world.sub_xa_hy.form.code]
    notes = {row[1]: row[5] for row in again.iter_rows(min_row=9, values_only=True)}
    assert notes[r.mobile.code] == "Theo số liệu nhà mạng tháng 12"
