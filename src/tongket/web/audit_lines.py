"""What an audit entry says, in the page's language, made from what the entry records.

The trail keeps a short summary with each entry, written by the service in both languages
(«Gửi báo cáo / submitted …»). A page does not show that text where the entry's own fields
say it better: a report's entries name its period in words and its form, a sent report says
how late it was and how many warnings went with it, a value's entries name the indicator and
the period, old and new figures. Other entries show their summary's half in the page's
language.

``describe(entries)`` sets on each entry ``subject`` (what it is about, «Năm 2025 · Biểu
thử»), ``detail`` (what happened beyond the action's name, «trễ 21 ngày, 1 cảnh báo») and
``line`` (both, for a list of many objects), reading the reports, values and forms it names
in three queries at most.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tongket.core.models import AuditEntry
from tongket.core.numbers import format_date, format_number
from tongket.core.period_words import period_label
from tongket.indicators.models import Indicator
from tongket.reporting.models import Form, Submission, Value
from tongket.web.pages_reporting.charts import indicator_name
from tongket.web.pages_reporting.labels import in_language

_SUBMISSION_ACTIONS = {
    "submission.opened",
    "submission.submitted",
    "submission.approved",
    "submission.returned",
    "submission.unapproved",
}
_VALUE_ACTIONS = {"value.created", "value.changed", "value.noted"}
# Targets and estimates keep a snapshot (indicator and period codes, value) in the entry.
_SNAPSHOT_TYPES = {"target", "estimate"}


def describe(entries: Iterable[AuditEntry]) -> list[AuditEntry]:
    """``entries`` as a list, each with ``subject``, ``detail`` and ``line`` set."""
    entries = list(entries)
    submissions = _submissions(entries)
    values = _values(entries)
    forms = _forms(entries)
    indicators = _indicators(entries)
    for entry in entries:
        subject, detail = _said(entry, submissions, values, forms, indicators)
        entry.subject = subject  # type: ignore[attr-defined]
        entry.detail = detail  # type: ignore[attr-defined]
        entry.line = ": ".join(p for p in (subject, detail) if p)  # type: ignore[attr-defined]
    return entries


def _ids(entries: Sequence[AuditEntry], actions: set[str]) -> set[int]:
    return {int(e.object_id) for e in entries if e.action in actions and e.object_id.isdigit()}


def _submissions(entries: Sequence[AuditEntry]) -> dict[int, Submission]:
    ids = _ids(entries, _SUBMISSION_ACTIONS)
    if not ids:
        return {}
    found = Submission.objects.filter(pk__in=ids).select_related("form", "period")
    return {s.pk: s for s in found}


def _values(entries: Sequence[AuditEntry]) -> dict[int, Value]:
    ids = _ids(entries, _VALUE_ACTIONS)
    if not ids:
        return {}
    found = Value.objects.filter(pk__in=ids).select_related("indicator", "period")
    return {v.pk: v for v in found}


def _reminded(entry: AuditEntry) -> tuple[str, str] | None:
    """The form code and period code of a reminder (its object is «CODE/PERIOD»)."""
    if entry.action != "submission.reminded" or "/" not in entry.object_id:
        return None
    code, _sep, period = entry.object_id.rpartition("/")
    return code, period


def _forms(entries: Sequence[AuditEntry]) -> dict[str, Form]:
    codes = {found[0] for e in entries if (found := _reminded(e))}
    if not codes:
        return {}
    return {f.code: f for f in Form.objects.filter(code__in=codes)}


def _snapshot(entry: AuditEntry) -> dict:
    for side in (entry.new, entry.old):
        if isinstance(side, dict) and side.get("indicator") and side.get("period"):
            return side
    return {}


def _indicators(entries: Sequence[AuditEntry]) -> dict[str, Indicator]:
    codes = {
        str(snap["indicator"])
        for e in entries
        if e.object_type in _SNAPSHOT_TYPES and (snap := _snapshot(e))
    }
    if not codes:
        return {}
    return {i.code: i for i in Indicator.objects.filter(code__in=codes)}


def _said(
    entry: AuditEntry,
    submissions: dict[int, Submission],
    values: dict[int, Value],
    forms: dict[str, Form],
    indicators: dict[str, Indicator],
) -> tuple[str, str]:
    new = entry.new if isinstance(entry.new, dict) else {}
    old = entry.old if isinstance(entry.old, dict) else {}
    if entry.action in _SUBMISSION_ACTIONS and entry.object_id.isdigit():
        sub = submissions.get(int(entry.object_id))
        if sub is not None:
            return _report_subject(sub.period.code, sub.form.name), _report_detail(entry, sub, new)
    if entry.action in _VALUE_ACTIONS and entry.object_id.isdigit():
        value = values.get(int(entry.object_id))
        if value is not None:
            subject = f"«{indicator_name(value.indicator)}», {period_label(value.period.code)}"
            return subject, _value_detail(entry, old, new)
    if entry.object_type in _SNAPSHOT_TYPES:
        snap = _snapshot(entry)
        indicator = indicators.get(str(snap.get("indicator", "")))
        if indicator is not None:
            subject = f"«{indicator_name(indicator)}», {period_label(str(snap['period']))}"
            return subject, _value_detail(entry, old, new)
    if entry.action == "access.denied":
        return "", ""  # the action's name says it; the permission's code is no one's word
    reminded = _reminded(entry)
    if reminded is not None:
        code, period = reminded
        form = forms.get(code)
        if form is not None:
            to = str(new.get("email_to") or "")
            detail = _("thư gửi đến %(to)s") % {"to": to} if to else ""
            return _report_subject(period, form.name), detail
    return in_language(entry.summary), ""


def _report_subject(period_code: str, form_name: str) -> str:
    return f"{period_label(period_code)} · {form_name}"


def _report_detail(entry: AuditEntry, sub: Submission, new: dict) -> str:
    if entry.action == "submission.opened":
        return _("hạn %(date)s") % {"date": format_date(sub.deadline)}
    if entry.action != "submission.submitted":
        return ""
    late = (timezone.localdate(entry.at) - sub.deadline).days if sub.deadline else 0
    if late > 0:
        when = ngettext("trễ %(days)s ngày", "trễ %(days)s ngày", late) % {
            "days": format_number(late)
        }
    else:
        when = _("đúng hạn")
    warnings = new.get("warnings")
    if not isinstance(warnings, int) or warnings <= 0:
        return when
    said = ngettext("%(count)s cảnh báo", "%(count)s cảnh báo", warnings) % {
        "count": format_number(warnings)
    }
    return f"{when}, {said}"


def _value_detail(entry: AuditEntry, old: dict, new: dict) -> str:
    if entry.action == "value.noted":
        parts = []
        for field, label in (("comment", _("Ghi chú")), ("explanation", _("Giải thích"))):
            if field in new:
                parts.append(f"{label}: «{new[field] or '—'}»")
        return "; ".join(parts)
    before = old.get("value")
    after = new.get("value")
    return (
        f"{format_number(before) if before is not None else '—'} → "
        f"{format_number(after) if after is not None else '—'}"
    )
