"""Services that change units: validation, links, closure, renames, audit, the loader's diff."""

from __future__ import annotations

import datetime as dt

import pytest

from tongket.core.models import AuditEntry
from tongket.units.errors import UnitDataError
from tongket.units.models import Unit, UnitAncestor, UnitKind, UnitLink, UnitSuccession
from tongket.units.reference import ReferenceDataError
from tongket.units.selectors import (
    unit_children,
    unit_descendant_ids,
    unit_get,
    unit_parent,
    unit_today,
)
from tongket.units.services import (
    unit_create,
    unit_hierarchy_rebuild,
    unit_link_create,
    unit_rename,
    unit_succession_create,
    units_reference_load,
)

D = dt.date
AGENCY = UnitKind.AGENCY


START = D(2010, 1, 1)


def agency(code: str, *, start=START, end=None, **kw) -> Unit:
    return unit_create(
        kind=AGENCY, code=code, name=f"Cơ quan {code}", valid_from=start, valid_to=end,
        actor="test", **kw,
    )  # fmt: skip


def closure(unit: Unit) -> set[tuple]:
    return set(
        UnitAncestor.objects.filter(unit=unit).values_list(
            "ancestor__code", "depth", "valid_from", "valid_to"
        )
    )


@pytest.mark.django_db
class TestCreateAndLink:
    def test_create_audits_and_adds_the_self_row(self):
        unit = agency("A1")
        entry = AuditEntry.objects.get(action="unit.created", object_id=str(unit.pk))
        assert entry.actor == "test" and entry.unit == unit and entry.new["code"] == "A1"
        assert closure(unit) == {("A1", 0, D(2010, 1, 1), None)}

    @pytest.mark.parametrize(
        ("kwargs", "message"),
        [
            ({"kind": "planet"}, "planet"),
            ({"code": " "}, "code and a name"),
            ({"valid_to": D(2009, 1, 1)}, "before start date"),
            ({"colour": "đỏ"}, "unknown fields"),
        ],
    )
    def test_bad_input_stores_nothing(self, kwargs, message):
        args = {"kind": AGENCY, "code": "B1", "name": "Cơ quan B1", "valid_from": D(2010, 1, 1)}
        entries = AuditEntry.objects.count()
        with pytest.raises(UnitDataError, match=message):
            unit_create(**{**args, **kwargs}, actor="test")
        assert not Unit.objects.filter(code="B1").exists()
        assert AuditEntry.objects.count() == entries

    def test_a_code_names_one_unit_at_a_time(self):
        agency("C1", end=D(2015, 12, 31))
        agency("C1", start=D(2016, 1, 1))  # the code is free again from 2016
        with pytest.raises(UnitDataError, match="«C1»"):
            agency("C1", start=D(2020, 1, 1))
        assert Unit.objects.filter(code="C1").count() == 2

    def test_closure_intersects_link_intervals(self):
        top = agency("TOP")
        mid = agency("MID", start=D(2012, 1, 1))
        low = agency("LOW", start=D(2011, 1, 1))
        unit_link_create(child=mid, parent=top, valid_from=D(2012, 1, 1), actor="test")
        unit_link_create(
            child=low, parent=mid, valid_from=D(2013, 1, 1), valid_to=D(2014, 12, 31), actor="t"
        )
        assert closure(low) == {
            ("LOW", 0, D(2011, 1, 1), None),
            ("MID", 1, D(2013, 1, 1), D(2014, 12, 31)),
            ("TOP", 2, D(2013, 1, 1), D(2014, 12, 31)),
        }
        assert unit_descendant_ids(top, on=D(2014, 6, 1)) == sorted([mid.pk, low.pk])
        assert unit_descendant_ids(top, on=D(2015, 6, 1)) == [mid.pk]
        assert AuditEntry.objects.filter(action="unit_link.created").count() == 2

    def test_create_with_parent_links_it(self):
        top = agency("P0")
        child = agency("P1", start=D(2011, 1, 1), parent=top)
        assert unit_parent(child, on=D(2012, 1, 1)) == top
        assert ("P0", 1, D(2011, 1, 1), None) in closure(child)

    def test_link_outside_validity_is_refused(self):
        top = agency("V0", start=D(2012, 1, 1))
        child = agency("V1")
        with pytest.raises(UnitDataError, match="validity"):
            unit_link_create(child=child, parent=top, valid_from=D(2010, 1, 1), actor="t")
        assert not UnitLink.objects.filter(child__kind=AGENCY).exists()

    def test_one_parent_at_a_time(self):
        a, b, child = agency("O1"), agency("O2"), agency("O3")
        unit_link_create(child=child, parent=a, valid_from=D(2010, 1, 1), actor="t")
        with pytest.raises(UnitDataError, match="already belongs"):
            unit_link_create(child=child, parent=b, valid_from=D(2015, 1, 1), actor="t")
        assert UnitLink.objects.filter(child__kind=AGENCY).count() == 1

    def test_cycles_are_refused(self):
        a, b = agency("Y1"), agency("Y2")
        unit_link_create(child=b, parent=a, valid_from=D(2010, 1, 1), actor="t")
        with pytest.raises(UnitDataError, match="cycle"):
            unit_link_create(child=a, parent=b, valid_from=D(2010, 1, 1), actor="t")
        assert UnitLink.objects.filter(child__kind=AGENCY).count() == 1

    def test_succession_needs_the_predecessor_to_end_the_day_before(self):
        old = agency("S1", end=D(2014, 12, 31))
        new = agency("S2", start=D(2015, 1, 1))
        with pytest.raises(UnitDataError, match=r"31/12/2014|day before"):
            unit_succession_create(
                predecessor=old, successor=new, date=D(2015, 2, 1), event="merge", actor="t"
            )
        step = unit_succession_create(
            predecessor=old, successor=new, date=D(2015, 1, 1), event="merge", actor="t"
        )
        assert step.event == "merge"
        assert AuditEntry.objects.filter(action="unit_succession.created").count() == 1
        assert unit_today(old, today=D(2020, 1, 1)) == new


@pytest.mark.usefixtures("reference_units")
class TestRename:
    def test_rename_ends_the_old_row_moves_links_and_audits(self):
        hanoi = unit_get(code="01", on=D(2026, 1, 1))
        communes = unit_children(hanoi, on=D(2026, 1, 1)).count()
        new = unit_rename(
            unit=hanoi,
            new_name="Thủ đô Hà Nội",
            on=D(2027, 1, 1),
            actor="cli:test",
            legal_basis="Nghị quyết thử",
        )
        hanoi.refresh_from_db()
        assert hanoi.valid_to == D(2026, 12, 31)
        assert (new.code, new.kind, new.valid_from, new.valid_to) == (
            "01",
            "province",
            D(2027, 1, 1),
            None,
        )
        assert new.division_type == "thành phố trung ương"
        assert unit_get(code="01", on=D(2026, 12, 31)) == hanoi
        assert unit_get(code="01", on=D(2027, 1, 1)) == new
        assert unit_parent(new, on=D(2027, 1, 1)).code == "VN"
        assert unit_parent(hanoi, on=D(2026, 12, 31)).code == "VN"
        assert unit_children(new, on=D(2027, 6, 1)).count() == communes
        assert unit_children(hanoi, on=D(2026, 6, 1)).count() == communes
        commune = unit_children(new, on=D(2027, 6, 1)).filter(kind=UnitKind.COMMUNE).first()
        assert commune.pk in unit_descendant_ids(new, on=D(2027, 6, 1))
        assert commune.pk in unit_descendant_ids(hanoi, on=D(2026, 6, 1))
        assert commune.pk not in unit_descendant_ids(hanoi, on=D(2027, 6, 1))
        step = UnitSuccession.objects.get(predecessor=hanoi)
        assert (step.successor, step.event, step.date) == (new, "rename", D(2027, 1, 1))
        assert unit_today(hanoi, today=D(2027, 6, 1)) == new
        entry = AuditEntry.objects.get(action="unit.renamed")
        assert entry.actor == "cli:test" and entry.unit == new
        assert entry.old["name"] == "Hà Nội" and entry.new["name"] == "Thủ đô Hà Nội"
        assert entry.new["legal_basis"] == "Nghị quyết thử"

    def test_rename_outside_validity_is_refused(self):
        thai_binh = unit_get(code="34", on=D(2017, 1, 1))
        with pytest.raises(UnitDataError, match="cannot rename"):
            unit_rename(unit=thai_binh, new_name="Thái Bình mới", on=D(2026, 1, 1), actor="t")
        with pytest.raises(UnitDataError, match="unknown fields"):
            unit_rename(unit=thai_binh, new_name="X", on=D(2010, 1, 1), actor="t", kind="x")
        thai_binh.refresh_from_db()
        assert thai_binh.valid_to == D(2025, 6, 30)
        assert not AuditEntry.objects.filter(action="unit.renamed").exists()


@pytest.mark.usefixtures("reference_units")
class TestLoaderDiff:
    def test_hierarchy_rebuild_restores_the_closure(self):
        count = UnitAncestor.objects.count()
        UnitAncestor.objects.filter(depth=2)[:1].get().delete()
        UnitAncestor.objects.create(
            unit=Unit.objects.first(),
            ancestor=Unit.objects.last(),
            depth=5,
            valid_from=D(2000, 1, 1),
        )
        assert unit_hierarchy_rebuild() == {"ancestors_created": 1, "ancestors_deleted": 1}
        assert UnitAncestor.objects.count() == count
        assert unit_hierarchy_rebuild() == {"ancestors_created": 0, "ancestors_deleted": 0}

    def test_reload_repairs_edited_rows(self):
        thai_binh = unit_get(code="34", on=D(2017, 1, 1))
        Unit.objects.filter(pk=thai_binh.pk).update(name="Thai Binh")
        UnitLink.objects.filter(child=thai_binh).delete()
        UnitAncestor.objects.filter(unit=thai_binh, depth=1).delete()
        counts = units_reference_load(actor="test")
        assert (counts["units_updated"], counts["units_created"]) == (1, 0)
        assert counts["links_created"] == 1
        thai_binh.refresh_from_db()
        assert thai_binh.name == "Thái Bình"
        assert unit_parent(thai_binh, on=D(2017, 1, 1)).code == "VN"
        assert (counts["ancestors_created"], counts["ancestors_deleted"]) == (1, 0)
        assert ("VN", 1, D(2004, 1, 1), D(2025, 6, 30)) in closure(thai_binh)
        entry = AuditEntry.objects.filter(action="units.reference_loaded").latest("id")
        assert entry.new["units_updated"] == 1

    def test_reload_matches_a_row_whose_date_moved(self):
        dep = unit_get(code="34.STTTT", on=D(2017, 1, 1))
        Unit.objects.filter(pk=dep.pk).update(valid_from=D(2008, 9, 1))
        units = Unit.objects.count()
        counts = units_reference_load(actor="test")
        assert (counts["units_created"], counts["units_updated"]) == (0, 1)
        assert Unit.objects.count() == units
        dep.refresh_from_db()
        assert dep.valid_from == D(2008, 7, 1)

    def test_reload_refuses_a_hand_made_unit_that_takes_a_reference_code(self):
        thai_binh = unit_get(code="34", on=D(2017, 1, 1))
        Unit.objects.filter(pk=thai_binh.pk).update(valid_to=D(2019, 12, 31))
        Unit.objects.create(
            kind=UnitKind.PROVINCE, code="34", name="Tỉnh thử", valid_from=D(2020, 1, 1)
        )
        with pytest.raises(ReferenceDataError, match="Tỉnh thử"):
            units_reference_load(actor="test")
        thai_binh.refresh_from_db()
        assert thai_binh.valid_to == D(2019, 12, 31)  # rolled back: nothing stored
