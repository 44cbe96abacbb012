from __future__ import annotations

import pytest

from tongket.core.models import AuditEntry
from tongket.indicators.catalogue_file import catalogue_read
from tongket.indicators.models import Indicator
from tongket.indicators.services import indicator_catalogue_load
from tongket.indicators.yaml_source import DataFileError

pytestmark = pytest.mark.django_db

# code → (unit of measure, value type, aggregation over units, over periods)
REQUIRED = {
    "pop.total": ("người", "integer", "sum", "last"),
    "ict.revenue": ("đồng", "money", "sum", "sum"),
    "ict.budget": ("đồng", "money", "sum", "sum"),
    "tel.subscribers": ("thuê bao", "integer", "sum", "last"),
    "tel.density": ("thuê bao/100 dân", "decimal", "none", "none"),
    "bb.subscribers": ("thuê bao", "integer", "sum", "last"),
    "bts.stations": ("trạm", "integer", "sum", "last"),
    "post.points": ("điểm", "integer", "sum", "last"),
    "egov.edoc_share": ("%", "percent", "average", "average"),
    "egov.online_services": ("dịch vụ", "integer", "sum", "last"),
    "sec.incidents": ("sự cố", "integer", "sum", "sum"),
    "train.sessions": ("lớp, cuộc", "integer", "sum", "sum"),
}

# What the circulars' provincial reporting covers, by meaning: each must be in the catalogue.
COVERAGE = [
    "post.revenue",
    "post.items",
    "post.enterprises",
    "tel.fixed_subscribers",
    "tel.mobile_subscribers",
    "tel.mobile_data_subscribers",
    "bb.fixed_subscribers",
    "bb.mobile_subscribers",
    "bb.fibre_subscribers",
    "pop.households",
    "bb.households_fibre",
    "tel.revenue",
    "tel.villages_mbb",
    "it.revenue",
    "it.enterprises",
    "it.workers",
    "egov.online_services_full",
    "egov.online_services_partial",
    "egov.online_applications",
    "egov.online_application_share",
    "egov.officials_signature",
    "sec.incidents_handled",
    "press.agencies",
    "radio.commune_stations",
    "pub.publications",
]


def _rows() -> list[tuple]:
    return list(
        Indicator.objects.order_by("code").values_list(
            "code",
            "name",
            "unit_of_measure",
            "value_type",
            "aggregation",
            "period_aggregation",
            "numerator__code",
            "denominator__code",
            "factor",
            "min_value",
            "max_value",
            "sort_order",
        )
    )


def test_required_codes_with_units_and_aggregation():
    indicator_catalogue_load()
    rows = {i.code: i for i in Indicator.objects.all()}
    for code, (unit, value_type, aggregation, period_aggregation) in REQUIRED.items():
        row = rows[code]
        assert (row.unit_of_measure, row.value_type) == (unit, value_type), code
        assert (row.aggregation, row.period_aggregation) == (aggregation, period_aggregation), code
    for code in COVERAGE:
        assert code in rows, code


def test_tel_density_formula():
    indicator_catalogue_load()
    density = Indicator.objects.select_related("numerator", "denominator").get(code="tel.density")
    assert density.is_derived
    assert (density.numerator.code, density.denominator.code, density.factor) == (
        "tel.subscribers",
        "pop.total",
        100,
    )


def test_counts_base_and_derived():
    counts = indicator_catalogue_load()
    base = Indicator.objects.filter(numerator__isnull=True).count()
    derived = Indicator.objects.filter(numerator__isnull=False).count()
    assert base >= 45
    assert derived >= 10
    assert counts == {
        "created": base + derived,
        "changed": 0,
        "unchanged": 0,
        "reordered": 0,
        "absent": 0,
    }
    assert AuditEntry.objects.filter(action="indicator.created").count() == base + derived


def test_names_fields_and_bounds_are_sound():
    indicator_catalogue_load()
    for row in Indicator.objects.all():
        # Diacritics kept: every Vietnamese name has a non-ASCII letter.
        assert any(ord(c) > 127 for c in row.name), row.code
        assert row.name_en and row.unit_of_measure and row.unit_of_measure_en, row.code
        assert row.field, row.code
        if row.value_type == "percent":
            assert (row.min_value, row.max_value) == (0, 100), row.code
        elif row.numerator_id is None:
            assert row.min_value == 0, row.code
        if row.numerator_id is not None:
            assert (row.aggregation, row.period_aggregation) == ("none", "none"), row.code


def test_stocks_take_last_period_flows_sum():
    indicator_catalogue_load()
    period = dict(Indicator.objects.values_list("code", "period_aggregation"))
    for stock in ("pop.total", "tel.subscribers", "bb.subscribers", "bts.stations", "it.workers"):
        assert period[stock] == "last", stock
    for flow in ("ict.revenue", "post.revenue", "post.items", "egov.applications_received"):
        assert period[flow] == "sum", flow


def test_enterprise_counts_are_not_summed_over_units():
    indicator_catalogue_load()
    assert Indicator.objects.get(code="post.enterprises").aggregation == "none"
    assert Indicator.objects.get(code="tel.enterprises").aggregation == "none"


def test_second_run_changes_nothing():
    indicator_catalogue_load()
    before_rows = _rows()
    before_audit = AuditEntry.objects.count()
    counts = indicator_catalogue_load()
    assert counts["created"] == counts["changed"] == counts["reordered"] == 0
    assert counts["unchanged"] == len(before_rows)
    assert _rows() == before_rows
    assert AuditEntry.objects.count() == before_audit


def test_edited_definition_updates_and_audits(catalogue_data, write_yaml):
    indicator_catalogue_load()
    for item in catalogue_data["indicators"]:
        if item["code"] == "tel.subscribers":
            item["name"] = "Tổng số thuê bao điện thoại"
        if item["code"] == "tel.density":
            item["denominator"] = "pop.households"
    counts = indicator_catalogue_load(actor="cli:lan", path=write_yaml(catalogue_data))
    assert counts["changed"] == 2
    assert Indicator.objects.get(code="tel.subscribers").name == "Tổng số thuê bao điện thoại"
    assert Indicator.objects.get(code="tel.density").denominator.code == "pop.households"

    name_entry = AuditEntry.objects.get(action="indicator.changed", object_id="tel.subscribers")
    assert name_entry.actor == "cli:lan"
    assert name_entry.old == {"name": "Số thuê bao điện thoại"}
    assert name_entry.new == {"name": "Tổng số thuê bao điện thoại"}
    formula_entry = AuditEntry.objects.get(action="indicator.changed", object_id="tel.density")
    assert formula_entry.old == {"denominator": "pop.total"}
    assert formula_entry.new == {"denominator": "pop.households"}


def test_base_becomes_derived_and_back(catalogue_data, write_yaml):
    indicator_catalogue_load()
    item = next(i for i in catalogue_data["indicators"] if i["code"] == "egov.edoc_share")
    original = dict(item)
    item.update(
        numerator="egov.online_applications",
        denominator="egov.applications_received",
        factor=100,
        aggregation="none",
        period_aggregation="none",
    )
    indicator_catalogue_load(path=write_yaml(catalogue_data, "derived.yaml"))
    row = Indicator.objects.get(code="egov.edoc_share")
    assert row.is_derived and row.factor == 100

    item.clear()
    item.update(original)
    indicator_catalogue_load(path=write_yaml(catalogue_data, "base.yaml"))
    row = Indicator.objects.get(code="egov.edoc_share")
    assert not row.is_derived and row.factor == 1 and row.aggregation == "average"


def test_moving_an_indicator_is_one_summary_entry(catalogue_data, write_yaml):
    indicator_catalogue_load()
    items = catalogue_data["indicators"]
    items.append(items.pop(0))  # pop.total to the end: every position shifts
    last_id = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first()
    counts = indicator_catalogue_load(path=write_yaml(catalogue_data))
    assert counts["changed"] == 0
    assert counts["reordered"] == len(items)
    entries = list(AuditEntry.objects.filter(id__gt=last_id))
    assert [e.action for e in entries] == ["indicator.reordered"]
    assert entries[0].old["pop.total"] == 10
    assert entries[0].new["pop.total"] == 10 * len(items)
    assert list(Indicator.objects.values_list("code", flat=True))[-1] == "pop.total"


def test_indicators_missing_from_the_file_are_kept(catalogue_data, write_yaml):
    indicator_catalogue_load()
    catalogue_data["indicators"] = [
        i for i in catalogue_data["indicators"] if i["code"] != "train.participants"
    ]
    counts = indicator_catalogue_load(path=write_yaml(catalogue_data))
    assert counts["absent"] == 1
    assert Indicator.objects.filter(code="train.participants").exists()


def test_shipped_file_reads_without_database():
    catalogue = catalogue_read()
    codes = [spec.code for spec in catalogue.indicators]
    assert len(codes) == len(set(codes))
    assert {f.name for f in catalogue.fields} >= {
        "Bưu chính",
        "Viễn thông",
        "Internet",
        "Công nghiệp CNTT",
        "Chính quyền số / Chuyển đổi số",
        "An toàn thông tin",
        "Báo chí - Xuất bản",
        "Dân số",
    }


def test_bad_file_on_update_changes_nothing(catalogue_data, write_yaml):
    indicator_catalogue_load()
    before_rows = _rows()
    before_audit = AuditEntry.objects.count()
    catalogue_data["indicators"][0]["name"] = "Dân số (đã sửa)"
    catalogue_data["indicators"][1]["value_type"] = "integral"
    with pytest.raises(DataFileError):
        indicator_catalogue_load(path=write_yaml(catalogue_data))
    assert _rows() == before_rows
    assert AuditEntry.objects.count() == before_audit
