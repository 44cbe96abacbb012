"""Writing units: create, link, succeed, rename, and load the reference data.

Every service validates first and stores nothing on bad input; each change is audited in
the same transaction, and services that change links keep the ``UnitAncestor`` closure.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import translation

from tongket.core.audit import audit_record
from tongket.core.numbers import format_date
from tongket.units.errors import UnitDataError, unit_label
from tongket.units.hierarchy import HierarchyCycleError, hierarchy_sync
from tongket.units.models import (
    SuccessionEvent,
    Unit,
    UnitAncestor,
    UnitKind,
    UnitLink,
    UnitSuccession,
)
from tongket.units.reference import ONE_DAY, reference_build
from tongket.units.reference_sync import reference_sync

RENAME_FIELDS = frozenset({"code", "short_name", "abbreviation", "name_en", "division_type"})
CREATE_FIELDS = RENAME_FIELDS - {"code"}


def _unit_json(unit: Unit) -> dict[str, Any]:
    return {
        "kind": unit.kind,
        "code": unit.code,
        "name": unit.name,
        "valid_from": unit.valid_from.isoformat(),
        "valid_to": unit.valid_to.isoformat() if unit.valid_to else None,
    }


def _until(day: dt.date | None, *, english: bool = False) -> str:
    if day:
        return format_date(day)
    return "now" if english else "nay"


def _event_vi(event: str) -> str:
    """A succession's kind in Vietnamese words («Hợp nhất, sáp nhập»), whatever the language."""
    with translation.override("vi"):
        return str(SuccessionEvent(event).label)


def _check_interval(valid_from: dt.date, valid_to: dt.date | None) -> None:
    if valid_to is not None and valid_to < valid_from:
        raise UnitDataError(
            f"Ngày kết thúc {format_date(valid_to)} trước ngày bắt đầu {format_date(valid_from)} / "
            f"end date {format_date(valid_to)} is before start date {format_date(valid_from)}"
        )


def _overlapping(qs: Any, valid_from: dt.date, valid_to: dt.date | None, prefix: str = "") -> Any:
    """Rows of ``qs`` whose interval meets ``[valid_from, valid_to]``."""
    qs = qs.filter(
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": valid_from})
    )
    if valid_to is not None:
        qs = qs.filter(**{f"{prefix}valid_from__lte": valid_to})
    return qs


def _check_code_free(
    *, kind: str, code: str, valid_from: dt.date, valid_to: dt.date | None, exclude: int | None
) -> None:
    clash = _overlapping(Unit.objects.filter(kind=kind, code=code), valid_from, valid_to)
    if exclude is not None:
        clash = clash.exclude(pk=exclude)
    other = clash.first()
    if other is not None:
        raise UnitDataError(
            f"Mã «{code}» đã thuộc {unit_label(other)} trong khoảng "
            f"{format_date(valid_from)}–{_until(valid_to)} / code «{code}» already belongs to "
            f"another unit in {format_date(valid_from)}–{_until(valid_to, english=True)}"
        )


def unit_create(
    *,
    kind: str,
    code: str,
    name: str,
    valid_from: dt.date,
    actor: str,
    valid_to: dt.date | None = None,
    parent: Unit | None = None,
    legal_basis: str = "",
    **fields: str,
) -> Unit:
    """A new unit (and its parent link from ``valid_from``); a code names one unit at a time."""
    if kind not in UnitKind.values:
        raise UnitDataError(f"Loại đơn vị «{kind}» không hợp lệ / unknown unit kind «{kind}»")
    code, name = str(code).strip(), str(name).strip()
    if not code or not name:
        raise UnitDataError("Đơn vị phải có mã và tên / a unit needs a code and a name")
    if unknown := set(fields) - CREATE_FIELDS:
        raise UnitDataError(f"Trường không hợp lệ {sorted(unknown)} / unknown fields")
    _check_interval(valid_from, valid_to)
    with transaction.atomic():
        _check_code_free(
            kind=kind, code=code, valid_from=valid_from, valid_to=valid_to, exclude=None
        )
        unit = Unit.objects.create(
            kind=kind,
            code=code,
            name=name,
            valid_from=valid_from,
            valid_to=valid_to,
            legal_basis=legal_basis,
            **fields,
        )
        audit_record(
            actor=actor,
            action="unit.created",
            object_type="unit",
            object_id=unit.pk,
            unit=unit,
            summary=f"Tạo đơn vị {unit_label(unit)} / unit {unit_label(unit)} created",
            new=_unit_json(unit),
        )
        if parent is not None:
            unit_link_create(
                child=unit, parent=parent, valid_from=valid_from, valid_to=valid_to, actor=actor
            )
        else:
            hierarchy_sync(unit_ids=[unit.pk])
    return unit


def unit_link_create(
    *,
    child: Unit,
    parent: Unit,
    valid_from: dt.date,
    actor: str,
    valid_to: dt.date | None = None,
) -> UnitLink:
    """``child`` belongs to ``parent`` over the interval: one parent at a time, no cycles."""
    _check_interval(valid_from, valid_to)
    if child.pk == parent.pk:
        raise UnitDataError("Đơn vị không thể trực thuộc chính nó / a unit cannot contain itself")
    for unit in (child, parent):
        if valid_from < unit.valid_from or (
            unit.valid_to is not None and (valid_to is None or valid_to > unit.valid_to)
        ):
            raise UnitDataError(
                f"Khoảng {format_date(valid_from)}–{_until(valid_to)} vượt ra ngoài thời gian "
                f"hiệu lực của {unit_label(unit)} / the interval reaches outside the unit's validity"
            )
    with transaction.atomic():
        other = _overlapping(
            UnitLink.objects.filter(child=child).select_related("parent"), valid_from, valid_to
        ).first()
        if other is not None:
            raise UnitDataError(
                f"«{child.name}» đã trực thuộc «{other.parent.name}» từ "
                f"{format_date(other.valid_from)} đến {_until(other.valid_to)} / «{child.name}» "
                f"already belongs to «{other.parent.name}» over part of that interval"
            )
        if UnitAncestor.objects.filter(unit=parent, ancestor=child).exists():
            raise UnitDataError(
                f"«{parent.name}» trực thuộc «{child.name}»: liên kết sẽ tạo vòng lặp / "
                f"«{parent.name}» is below «{child.name}»: the link would make a cycle"
            )
        link = UnitLink.objects.create(
            child=child, parent=parent, valid_from=valid_from, valid_to=valid_to
        )
        try:
            hierarchy_sync(unit_ids=[child.pk])
        except HierarchyCycleError as exc:
            raise UnitDataError(str(exc)) from exc
        audit_record(
            actor=actor,
            action="unit_link.created",
            object_type="unit_link",
            object_id=link.pk,
            unit=child,
            summary=(
                f"{child.name} trực thuộc {parent.name} từ {format_date(valid_from)} "
                f"đến {_until(valid_to)} / {child.name} under {parent.name} from "
                f"{format_date(valid_from)} to {_until(valid_to, english=True)}"
            ),
            new={
                "child": child.pk,
                "parent": parent.pk,
                "valid_from": valid_from.isoformat(),
                "valid_to": valid_to.isoformat() if valid_to else None,
            },
        )
    return link


def unit_succession_create(
    *,
    predecessor: Unit,
    successor: Unit,
    date: dt.date,
    event: str,
    actor: str,
    legal_basis: str = "",
) -> UnitSuccession:
    """From ``date`` on, ``successor`` covers (part of) ``predecessor``, which ended the day before."""
    if event not in SuccessionEvent.values:
        raise UnitDataError(f"Sự kiện «{event}» không hợp lệ / unknown event «{event}»")
    if predecessor.pk == successor.pk:
        raise UnitDataError("Đơn vị không thể kế thừa chính nó / a unit cannot succeed itself")
    if predecessor.valid_to != date - ONE_DAY:
        raise UnitDataError(
            f"{unit_label(predecessor)} phải kết thúc ngày {format_date(date - ONE_DAY)}, "
            f"trước ngày kế thừa {format_date(date)} / the predecessor must end on "
            f"{format_date(date - ONE_DAY)}, the day before the succession"
        )
    if not successor.is_valid_on(date):
        raise UnitDataError(
            f"{unit_label(successor)} không có hiệu lực ngày {format_date(date)} / "
            f"the successor is not valid on {format_date(date)}"
        )
    with transaction.atomic():
        if UnitSuccession.objects.filter(predecessor=predecessor, successor=successor).exists():
            raise UnitDataError(
                f"Đã có quan hệ kế thừa {predecessor.name} → {successor.name} / "
                "this succession already exists"
            )
        succession = UnitSuccession.objects.create(
            predecessor=predecessor,
            successor=successor,
            date=date,
            event=event,
            legal_basis=legal_basis,
        )
        audit_record(
            actor=actor,
            action="unit_succession.created",
            object_type="unit_succession",
            object_id=succession.pk,
            unit=successor,
            summary=(
                f"{predecessor.name} → {successor.name} ({_event_vi(event)}, {format_date(date)}) / "
                f"{predecessor.name} → {successor.name} ({event}, {format_date(date)})"
            ),
            new={
                "predecessor": predecessor.pk,
                "successor": successor.pk,
                "date": date.isoformat(),
                "event": event,
                "legal_basis": legal_basis,
            },
        )
    return succession


def _move_links(links: Any, side: str, old: Unit, new: Unit, on: dt.date) -> None:
    """Hand the links of ``old`` (as ``side``) that reach ``on`` or later over to ``new``."""
    for link in links:
        if link.valid_from >= on:
            setattr(link, side, new)
            link.save(update_fields=[side])
        elif link.valid_to is None or link.valid_to >= on:
            UnitLink.objects.create(
                child=new if side == "child" else link.child,
                parent=new if side == "parent" else link.parent,
                valid_from=on,
                valid_to=link.valid_to,
            )
            link.valid_to = on - ONE_DAY
            link.save(update_fields=["valid_to"])


def unit_rename(
    *, unit: Unit, new_name: str, on: dt.date, actor: str, legal_basis: str = "", **fields: str
) -> Unit:
    """End ``unit`` on ``on - 1`` and start its renamed successor on ``on``.

    The successor keeps the kind, code (unless ``code`` is given), division type and
    abbreviation; its parent and children links continue from ``on``.
    """
    new_name = str(new_name).strip()
    if not new_name:
        raise UnitDataError("Tên mới trống / the new name is empty")
    if unknown := set(fields) - RENAME_FIELDS:
        raise UnitDataError(f"Trường không hợp lệ {sorted(unknown)} / unknown fields")
    with transaction.atomic():
        unit = Unit.objects.select_for_update().get(pk=unit.pk)
        if not (unit.valid_from < on and unit.is_valid_on(on)):
            raise UnitDataError(
                f"Không thể đổi tên {unit_label(unit)} từ ngày {format_date(on)}: ngày đó phải "
                f"sau ngày bắt đầu và trong thời gian hiệu lực / cannot rename from "
                f"{format_date(on)}: the date must fall after the start and within the validity"
            )
        end = unit.valid_to
        code = str(fields.pop("code", unit.code)).strip()
        values = {
            "division_type": unit.division_type,
            "abbreviation": unit.abbreviation,
            **fields,
        }
        _check_code_free(kind=unit.kind, code=code, valid_from=on, valid_to=end, exclude=unit.pk)
        before = _unit_json(unit)
        unit.valid_to = on - ONE_DAY
        unit.save(update_fields=["valid_to"])
        new = Unit.objects.create(
            kind=unit.kind,
            code=code,
            name=new_name,
            valid_from=on,
            valid_to=end,
            legal_basis=legal_basis,
            **values,
        )
        _move_links(UnitLink.objects.filter(child=unit), "child", unit, new, on)
        _move_links(UnitLink.objects.filter(parent=unit), "parent", unit, new, on)
        UnitSuccession.objects.create(
            predecessor=unit,
            successor=new,
            date=on,
            event=SuccessionEvent.RENAME,
            legal_basis=legal_basis,
        )
        hierarchy_sync(unit_ids=[unit.pk, new.pk])
        audit_record(
            actor=actor,
            action="unit.renamed",
            object_type="unit",
            object_id=new.pk,
            unit=new,
            summary=(
                f"Đổi tên {unit.name} thành {new.name} từ ngày {format_date(on)} / "
                f"{unit.name} renamed {new.name} from {format_date(on)}"
            ),
            old=before,
            new={**_unit_json(new), "predecessor": unit.pk, "legal_basis": legal_basis},
        )
    return new


def unit_hierarchy_rebuild(*, unit_ids: list[int] | None = None) -> dict[str, int]:
    """Make ``UnitAncestor`` match the parent links (for ``unit_ids`` and below, or all)."""
    with transaction.atomic():
        try:
            return hierarchy_sync(unit_ids=unit_ids)
        except HierarchyCycleError as exc:
            raise UnitDataError(str(exc)) from exc


def units_reference_load(*, actor: str = "system") -> dict[str, int]:
    """Load the shipped reference units; a second run creates and changes nothing."""
    ref = reference_build()
    with transaction.atomic():
        counts = reference_sync(ref)
        counts.update(unit_hierarchy_rebuild())
        changes = {
            k: v for k, v in counts.items() if v and k.endswith(("created", "updated", "deleted"))
        }
        if changes:
            audit_record(
                actor=actor,
                action="units.reference_loaded",
                object_type="unit",
                summary="Nạp dữ liệu đơn vị: {0} / unit register loaded: {0}".format(
                    ", ".join(f"{k} {v}" for k, v in sorted(changes.items()))
                ),
                new=counts,
            )
    return counts
