from __future__ import annotations

import pytest
import yaml

from tongket.core.models import AuditEntry
from tongket.indicators.catalogue_file import catalogue_read
from tongket.indicators.services import indicator_catalogue_load
from tongket.indicators.yaml_source import DataFileError
from tongket.reporting.forms_catalogue import FORMS_PATH, form_catalogue_load
from tongket.reporting.models import Form, FormIndicator, ValidationRule

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    indicator_catalogue_load()


def _rules(code: str) -> set[tuple]:
    return {
        (r.kind, r.indicator.code, r.other.code if r.other else None, r.min_value, r.max_value)
        for r in ValidationRule.objects.filter(form__code=code).select_related("indicator", "other")
    }


def _lines(code: str) -> list[tuple[str, bool]]:
    return [
        (line.indicator.code, line.required)
        for line in FormIndicator.objects.filter(form__code=code)
        .select_related("indicator")
        .order_by("line")
    ]


def _state() -> tuple:
    forms = list(Form.objects.order_by("code").values())
    lines = list(FormIndicator.objects.order_by("id").values())
    rules = list(ValidationRule.objects.order_by("id").values())
    return forms, lines, rules


def test_every_form_line_is_a_base_catalogue_indicator():
    """Checked on the files themselves, independently of the loader."""
    catalogue = catalogue_read().by_code()
    forms = yaml.safe_load(FORMS_PATH.read_text(encoding="utf-8"))["forms"]
    for form in forms:
        for line in form["lines"]:
            code = line if isinstance(line, str) else line["code"]
            assert code in catalogue, (form["code"], code)
            assert not catalogue[code].is_derived, (form["code"], code)


def test_load_forms(catalogue):
    counts = form_catalogue_load()
    assert counts["created"] == 5
    assert counts["lines"] == FormIndicator.objects.count()
    assert counts["rules"] == ValidationRule.objects.count()
    assert AuditEntry.objects.filter(action="form.created").count() == 5
    forms = {f.code: f for f in Form.objects.all()}

    telecom = forms["telecom-monthly"]
    assert (telecom.frequency, telecom.cutoff, telecom.unit_kinds, telecom.recipient_kind) == (
        "month",
        "calendar",
        ["enterprise"],
        "department",
    )
    postal = forms["postal-quarterly"]
    assert (postal.frequency, postal.unit_kinds) == ("quarter", ["enterprise"])
    commune = forms["commune-quarterly"]
    assert (commune.frequency, commune.cutoff, commune.unit_kinds) == (
        "quarter",
        "decree09",
        ["commune"],
    )
    assert "09/2019/NĐ-CP" in commune.legal_basis
    annual = forms["department-annual"]
    assert (annual.frequency, annual.cutoff, annual.unit_kinds, annual.recipient_kind) == (
        "year",
        "calendar",
        ["department"],
        "country",
    )
    assert "04/2022/TT-BTTTT" in annual.legal_basis
    for form in forms.values():
        assert form.deadline_days > 0
        assert any(ord(c) > 127 for c in form.name)


def test_monthly_commune_form_has_forty_lines(catalogue):
    form_catalogue_load()
    form = Form.objects.get(code="commune-monthly")
    assert (form.frequency, form.cutoff, form.unit_kinds) == ("month", "decree09", ["commune"])
    lines = list(form.lines.order_by("line"))
    assert len(lines) == 40
    assert [line.line for line in lines] == list(range(1, 41))
    assert _lines("commune-monthly")[0] == ("pop.total", True)
    assert ("bts.stations_5g", False) in _lines("commune-monthly")


def test_line_order_and_required_flags(catalogue):
    form_catalogue_load()
    lines = _lines("telecom-monthly")
    assert lines[:3] == [
        ("tel.subscribers", True),
        ("tel.fixed_subscribers", True),
        ("tel.mobile_subscribers", True),
    ]
    assert ("tel.smartphone_subscribers", False) in lines


def test_cross_indicator_rules(catalogue):
    form_catalogue_load()
    telecom = _rules("telecom-monthly")
    assert ("le", "tel.mobile_subscribers", "tel.subscribers", None, None) in telecom
    assert ("le", "bb.fibre_subscribers", "bb.fixed_subscribers", None, None) in telecom
    assert ("le", "bts.stations_4g", "bts.stations", None, None) in telecom
    for code in ("commune-quarterly", "commune-monthly", "department-annual"):
        rules = _rules(code)
        assert ("le", "egov.online_applications", "egov.applications_received", None, None) in (
            rules
        ), code
        assert ("range", "egov.edoc_share", None, 0, 100) in rules, code
    # The commune-monthly form takes the quarterly commune rules through a YAML alias.
    assert _rules("commune-quarterly") <= _rules("commune-monthly")
    assert ("ge", "pop.households", "bb.households_fibre", None, None) in _rules("commune-monthly")
    assert ("range", "radio.commune_stations", None, 0, 1) in _rules("commune-quarterly")


def test_rules_refer_to_lines_and_have_messages(catalogue):
    form_catalogue_load()
    for rule in ValidationRule.objects.select_related("form", "indicator", "other"):
        codes = {line.indicator_id for line in rule.form.lines.all()}
        assert rule.indicator_id in codes, rule
        if rule.kind in ("le", "ge"):
            assert rule.other_id in codes, rule
        else:
            assert rule.other_id is None
        assert " / " in rule.message and len(rule.message) <= 255, rule.message


def test_default_message_from_names(catalogue):
    form_catalogue_load()
    rule = ValidationRule.objects.get(
        form__code="department-annual",
        kind="le",
        indicator__code="tel.fixed_subscribers",
    )
    assert rule.message == (
        "Số thuê bao điện thoại cố định không được lớn hơn Số thuê bao điện thoại / "
        "Fixed telephone subscriptions must not exceed Telephone subscriptions"
    )


def test_second_run_changes_nothing(catalogue):
    form_catalogue_load()
    before = _state()
    audit = AuditEntry.objects.count()
    counts = form_catalogue_load()
    assert (counts["created"], counts["changed"], counts["unchanged"]) == (0, 0, 5)
    assert _state() == before
    assert AuditEntry.objects.count() == audit


def test_edited_form_updates_and_audits(catalogue, forms_data, write_yaml):
    form_catalogue_load()
    telecom = next(f for f in forms_data["forms"] if f["code"] == "telecom-monthly")
    telecom["deadline_days"] = 12
    telecom["lines"] = [line for line in telecom["lines"] if line != "bts.stations_4g"]
    telecom["rules"] = [r for r in telecom["rules"] if r["indicator"] != "bts.stations_4g"]
    telecom["lines"].insert(0, {"code": "pop.total", "required": False})
    telecom["rules"].append({"kind": "range", "indicator": "pop.total", "min": 1})
    line_ids = set(FormIndicator.objects.values_list("id", flat=True))

    counts = form_catalogue_load(actor="cli:hoa", path=write_yaml(forms_data, "forms.yaml"))
    assert (counts["changed"], counts["unchanged"]) == (1, 4)
    form = Form.objects.get(code="telecom-monthly")
    assert form.deadline_days == 12
    lines = _lines("telecom-monthly")
    assert lines[0] == ("pop.total", False)
    assert "bts.stations_4g" not in [code for code, _ in lines]
    assert [line.line for line in form.lines.order_by("line")] == list(range(1, len(lines) + 1))
    rules = _rules("telecom-monthly")
    assert ("range", "pop.total", None, 1, None) in rules
    assert not any(r[1] == "bts.stations_4g" for r in rules)
    # Unchanged lines keep their rows; only the removed one is gone.
    assert len(line_ids - set(FormIndicator.objects.values_list("id", flat=True))) == 1

    entry = AuditEntry.objects.get(action="form.changed", object_id="telecom-monthly")
    assert entry.actor == "cli:hoa"
    assert set(entry.old) == {"deadline_days", "lines", "rules"}
    assert (entry.old["deadline_days"], entry.new["deadline_days"]) == (10, 12)
    assert ["bts.stations_4g", True] in entry.old["lines"]
    assert ["bts.stations_4g", True] not in entry.new["lines"]

    again = form_catalogue_load(path=write_yaml(forms_data, "forms.yaml"))
    assert again["changed"] == 0


def test_changed_message_is_updated_in_place(catalogue, forms_data, write_yaml):
    form_catalogue_load()
    postal = next(f for f in forms_data["forms"] if f["code"] == "postal-quarterly")
    postal["rules"][0]["message"] = "Điểm VHX vượt số điểm phục vụ / too many VHX points"
    rule_id = ValidationRule.objects.get(
        form__code="postal-quarterly", indicator__code="post.vhx_points"
    ).id
    form_catalogue_load(path=write_yaml(forms_data, "forms.yaml"))
    rule = ValidationRule.objects.get(id=rule_id)
    assert rule.message == "Điểm VHX vượt số điểm phục vụ / too many VHX points"


def test_forms_need_the_indicator_catalogue():
    with pytest.raises(DataFileError, match="danh mục chỉ tiêu chưa được nạp"):
        form_catalogue_load()
    assert not Form.objects.exists()


BAD_FORM = """\
forms:
  - code: x-monthly
    name: Báo cáo thử
    frequency: month
    cutoff: calendar
    unit_kinds: [commune]
    recipient_kind: department
    deadline_days: 5
    lines:
      - tel.subscribers
      - tel.mobile_subscribers
    rules:
      - kind: le
        indicator: tel.mobile_subscribers
        other: tel.subscribers
"""


def test_minimal_form_loads(catalogue, write_text):
    counts = form_catalogue_load(path=write_text(BAD_FORM))
    assert counts["created"] == 1
    assert _lines("x-monthly") == [("tel.subscribers", True), ("tel.mobile_subscribers", True)]


@pytest.mark.parametrize(
    ("old", "new", "line", "field", "reason"),
    [
        (
            "- tel.mobile_subscribers\n",
            "- tel.mobile_subscriber\n",
            11,
            "lines",
            "không có trong danh mục chỉ tiêu",
        ),
        ("- tel.mobile_subscribers\n", "- tel.density\n", 11, "lines", "dẫn xuất"),
        ("- tel.mobile_subscribers\n", "- tel.subscribers\n", 11, "lines", "lặp lại"),
        (
            "other: tel.subscribers",
            "other: bb.subscribers",
            15,
            "other",
            "không phải một dòng của biểu mẫu",
        ),
        ("        other: tel.subscribers\n", "", 13, "other", "cần chỉ tiêu để so sánh"),
        ("kind: le", "kind: lt", 13, "kind", "không hợp lệ"),
        ("unit_kinds: [commune]", "unit_kinds: [xa]", 6, "unit_kinds", "«xa» không hợp lệ"),
        ("recipient_kind: department", "recipient_kind: so", 7, "recipient_kind", "không hợp lệ"),
        ("frequency: month", "frequency: weekly", 4, "frequency", "không hợp lệ"),
        ("cutoff: calendar", "cutoff: nd09", 5, "cutoff", "không hợp lệ"),
        ("deadline_days: 5", "deadline_days: 5.5", 8, "deadline_days", "số nguyên"),
        ("deadline_days: 5", "deadline_days: -1", 8, "deadline_days", "từ 0 đến"),
        ("    name: Báo cáo thử\n", "", 2, "name", "thiếu giá trị"),
    ],
)
def test_bad_form_is_located(catalogue, write_text, old, new, line, field, reason):
    assert old in BAD_FORM
    with pytest.raises(DataFileError) as caught:
        form_catalogue_load(path=write_text(BAD_FORM.replace(old, new, 1)))
    message = str(caught.value)
    assert f"dòng {line}," in message
    assert f"«{field}»" in message
    assert reason in message
    assert not Form.objects.exists()
    assert not FormIndicator.objects.exists()


def test_range_rule_needs_bounds(catalogue, write_text):
    text = BAD_FORM + "      - kind: range\n        indicator: tel.subscribers\n"
    with pytest.raises(DataFileError, match="range cần min hoặc max"):
        form_catalogue_load(path=write_text(text))


def test_repeated_rule_is_refused(catalogue, write_text):
    text = BAD_FORM + (
        "      - kind: le\n        indicator: tel.mobile_subscribers\n"
        "        other: tel.subscribers\n"
    )
    with pytest.raises(DataFileError, match="quy tắc lặp lại"):
        form_catalogue_load(path=write_text(text))


def test_repeated_form_code_is_refused(catalogue, write_text):
    text = BAD_FORM + BAD_FORM.removeprefix("forms:\n")
    with pytest.raises(DataFileError, match="«x-monthly» lặp lại"):
        form_catalogue_load(path=write_text(text))
