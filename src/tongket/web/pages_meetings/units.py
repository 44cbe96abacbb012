"""Units typed into a form by name or code, read on the day the record belongs to.

A text box with a list of suggestions (``<datalist>``) instead of a select: a department's
scope holds a hundred communes, an administrator's the whole country, and a phone shows a
filtered list as the officer types. A suggestion reads «Xã Vũ Thư (12001)»: the code in
brackets settles names that several provinces share.
"""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from tongket.accounts.scope import scope_filter, user_can
from tongket.core.collation import vi_sorted
from tongket.core.numbers import format_date
from tongket.meetings.text import clean
from tongket.units.models import Unit
from tongket.units.selectors import UnitAmbiguous, UnitNotFound, unit_get, unit_resolve

# More suggestions than this and the list costs more to send than it saves in typing.
SUGGESTIONS_MAX = 400
_CODE_RE = re.compile(r"^(?P<name>.*?)\s*\((?P<code>[^()]+)\)$")


def unit_label(unit: Unit) -> str:
    return f"{unit.name} ({unit.code})"


def _valid_on(on: dt.date) -> Q:
    return Q(valid_from__lte=on) & (Q(valid_to__isnull=True) | Q(valid_to__gte=on))


def units_in_scope(*, user, permission: str, on: dt.date) -> QuerySet[Unit]:
    """The units valid on ``on`` on which ``user`` may ``permission``."""
    units = Unit.objects.filter(_valid_on(on))
    return scope_filter(units, user=user, permission=permission, unit_field="pk", on=on)


def unit_suggestions(
    *, user, permission: str, on: dt.date, kinds: tuple[str, ...] | None = None
) -> list[str]:
    units = units_in_scope(user=user, permission=permission, on=on).order_by("code")
    if kinds:
        units = units.filter(kind__in=kinds)
    return [unit_label(u) for u in vi_sorted(units, key=lambda u: u.name)[:SUGGESTIONS_MAX]]


def unit_ref_resolve(text: str, *, on: dt.date, user=None, permission: str | None = None) -> Unit:
    """The unit ``text`` names on ``on``; with ``permission``, one the user may act on.

    A name is looked up first among the user's units, so «Xã Tân Hòa» means the user's one
    even when another province has a commune of that name.
    """
    text = clean(text)
    found = _CODE_RE.match(text)
    try:
        if found:
            unit = unit_get(code=found.group("code").strip(), on=on)
        else:
            unit = _in_scope(text, on=on, user=user, permission=permission) or unit_resolve(
                text, on=on
            )
    except (UnitNotFound, UnitAmbiguous) as error:
        raise forms.ValidationError(str(error)) from None
    if permission is not None and not user_can(user, permission, unit, on=on):
        raise forms.ValidationError(
            _("«%(unit)s» không thuộc phạm vi của bạn vào ngày %(day)s.")
            % {"unit": unit.name, "day": format_date(on)}
        )
    return unit


def _in_scope(text: str, *, on: dt.date, user, permission: str | None) -> Unit | None:
    if permission is None:
        return None
    units = units_in_scope(user=user, permission=permission, on=on).filter(
        Q(code=text) | Q(name__iexact=text) | Q(short_name__iexact=text)
    )
    found = list(units[:2])
    return found[0] if len(found) == 1 else None


def unit_refs_resolve(
    text: str, *, on: dt.date, user=None, permission: str | None = None
) -> list[Unit]:
    """Several units, one per line or separated by «;»."""
    units: list[Unit] = []
    for part in re.split(r"[;\n]", text or ""):
        if clean(part):
            unit = unit_ref_resolve(part, on=on, user=user, permission=permission)
            if unit.pk not in {u.pk for u in units}:
                units.append(unit)
    return units


class UnitInput(forms.TextInput):
    """A text box tied to the page's list of unit suggestions."""

    def __init__(self, *, datalist: str = "unit-options", **kwargs):
        attrs = {"list": datalist, "autocomplete": "off", **kwargs.pop("attrs", {})}
        super().__init__(attrs=attrs, **kwargs)
