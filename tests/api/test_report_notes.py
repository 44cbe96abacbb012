"""A value's comment and the explanation of an unusual value, through the API: sent with the
report or with the values, read back with the report's lines."""

from tongket.core.models import AuditEntry
from tongket.reporting.models import Value


def _report(aw, **extra):
    return {"form": "TEST.01", "period": "2026", "unit_id": aw.xa_hy.pk, **extra}


def test_an_unusual_value_is_refused_without_its_explanation(api, aw):
    response = api["reporting"].post("/reports", json=_report(aw, values={"test.a": 5}))
    assert response.status_code == 422
    codes = [(d["indicator"], d["code"]) for d in response.json()["error"]["details"]]
    assert ("test.a", "explain") in codes
    assert not Value.objects.filter(unit=aw.xa_hy, period__code="2026").exists()


def test_a_report_with_comments_and_an_explanation_is_sent_and_read_back(api, aw):
    notes = {
        "test.a": {"comment": "Số ước", "explanation": "Hai trạm ngừng hoạt động từ tháng 3"},
        "test.b": {"comment": "Đã đối chiếu với sổ"},
    }
    body = _report(aw, values={"test.a": 5, "test.b": 4}, notes=notes)
    response = api["reporting"].post("/reports", json=body)
    assert response.status_code == 201, response.content
    stored = {
        v.indicator.code: (v.value, v.comment, v.explanation, v.flagged)
        for v in Value.objects.filter(unit=aw.xa_hy, period__code="2026").select_related(
            "indicator"
        )
    }
    assert stored == {
        "test.a": (5, "Số ước", "Hai trạm ngừng hoạt động từ tháng 3", True),
        "test.b": (4, "Đã đối chiếu với sổ", "", False),
    }
    assert AuditEntry.objects.filter(action="value.noted").count() == 2
    sub_id = response.json()["submission"]["id"]
    lines = {x["indicator"]: x for x in api["staff"].get(f"/submissions/{sub_id}").json()["lines"]}
    assert lines["test.a"]["comment"] == "Số ước" and lines["test.a"]["flagged"]
    assert lines["test.a"]["explanation"] == "Hai trạm ngừng hoạt động từ tháng 3"


def test_values_and_notes_together_and_a_note_too_long(api, aw):
    url = f"/submissions/{aw.sub_xa_hy.pk}/values"
    ok = api["reporting"].put(
        url, json={"values": {"test.b": 7}, "notes": {"test.b": {"comment": "Trạm mới"}}}
    )
    assert ok.status_code == 200, ok.content
    assert Value.objects.get(unit=aw.xa_hy, indicator__code="test.b").comment == "Trạm mới"
    long = api["reporting"].put(
        url, json={"values": {}, "notes": {"test.b": {"comment": "x" * 501}}}
    )
    assert long.status_code == 422
    assert Value.objects.get(unit=aw.xa_hy, indicator__code="test.b").comment == "Trạm mới"
