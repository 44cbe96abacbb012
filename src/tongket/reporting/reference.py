"""Reference data of reports, cached per process (``tongket.core.refcache``): a form by its
code, its lines with their indicators, its rules, and the unit tree that says where a report
goes. Changing any of them raises the reference generation, which drops these copies."""

from __future__ import annotations

import datetime as dt

from django.db.models.signals import post_delete, post_save

from tongket.core.refcache import reference_cache_forget, reference_cached, reference_changed
from tongket.indicators.models import Indicator
from tongket.reporting.models import Form, FormIndicator, Period, ValidationRule
from tongket.reporting.submissions_units import MemoryTree
from tongket.units.cached import unit_by_id  # noqa: F401 - read from here too
from tongket.units.models import Unit, UnitLink, UnitSuccession


def form_by_code(code: str) -> Form | None:
    def build() -> Form | None:
        return Form.objects.filter(code=code).first()

    return reference_cached(("form", code), build)


def form_lines(form_id: int) -> tuple[FormIndicator, ...]:
    """The form's lines in order, each with its indicator loaded."""

    def build() -> tuple[FormIndicator, ...]:
        return tuple(
            FormIndicator.objects.filter(form_id=form_id)
            .select_related("indicator")
            .order_by("line")
        )

    return reference_cached(("lines", form_id), build)


def form_rules(form_id: int) -> tuple[ValidationRule, ...]:
    def build() -> tuple[ValidationRule, ...]:
        return tuple(
            ValidationRule.objects.filter(form_id=form_id).select_related("indicator", "other")
        )

    return reference_cached(("rules", form_id), build)


def period_stored(code: str) -> Period | None:
    """The stored period of ``code``, once it exists (periods are created, never changed)."""
    found = reference_cached(("period", code), lambda: Period.objects.filter(code=code).first())
    if found is None:
        # Not cached while missing: the next report may be the one that creates it.
        reference_cache_forget(("period", code))
    return found


def unit_tree() -> MemoryTree:
    """Every unit and parent link, at all dates (a report asks about one date at a time)."""
    return reference_cached(("tree",), lambda: MemoryTree.load(start=dt.date.min, end=dt.date.max))


def _changed(sender, **kwargs) -> None:
    reference_changed()


# Writers that go through the ORM one row at a time are noticed here; bulk loaders
# (``tongket init``) call ``reference_changed()`` themselves.
for _model in (
    Form,
    FormIndicator,
    ValidationRule,
    Indicator,
    Unit,
    UnitLink,
    UnitSuccession,  # where a role reaches (accounts.scope.scope_roots)
):
    post_save.connect(_changed, sender=_model, dispatch_uid=f"refcache-save-{_model.__name__}")
    post_delete.connect(_changed, sender=_model, dispatch_uid=f"refcache-del-{_model.__name__}")
