"""A DHIS2 ``dataValueSets`` import as DHIS2 2.40 does it, on tongket's values.

The options come from the query and the body (the body's win, as in DHIS2): ``importStrategy``
(``strategy`` in the body) CREATE, UPDATE, CREATE_AND_UPDATE or DELETE, ``dryRun``,
``idScheme``/``dataElementIdScheme``/``orgUnitIdScheme`` (UID or CODE). Each value is
imported, updated, deleted or ignored by DHIS2's rules; a value that cannot be imported is a
conflict named by its index, and the others are stored (DHIS2's partial import), unless
``atomicMode=ALL`` asks for tongket's all or nothing. The answer is DHIS2's ImportSummary.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from tongket.core.audit import audit_record_many
from tongket.core.models import AuditEntry
from tongket.core.numbers import format_number
from tongket.core.periods import Period as PeriodCode
from tongket.indicators.models import Indicator
from tongket.reporting.models import Period as StoredPeriod
from tongket.reporting.models import SubmissionStatus, Value, ValueSource
from tongket.reporting.periods import periods_ensure
from tongket.reporting.selectors import value_keys_locked
from tongket.reporting.services import submission_open, submission_submit
from tongket.reporting.submissions_errors import SubmissionError, SubmissionInvalid
from tongket.reporting.validation import Bounds, value_bounds, value_problems
from tongket.transfer.dhis2 import period_from_dhis2
from tongket.transfer.dhis2_ids import UID_PATTERN, Dhis2Ids
from tongket.transfer.dhis2_summary import Dhis2Options, ImportSummary
from tongket.transfer.resolve import IndicatorResolver, UnitResolver
from tongket.transfer.services import FileResult, import_batch_record
from tongket.units.models import Unit

# DHIS2's default category option combo: tongket has no disaggregation but this one.
DEFAULT_COMBOS = {"default", "HllvX50cXC0"}
FOLLOWUP_REASON = "Đánh dấu theo dõi (followup) từ DHIS2"


@dataclass
class _Row:
    index: int
    key: tuple[int, int, str]  # unit id, indicator id, period code
    value: float | None
    comment: str | None
    followup: bool | None
    deleted: bool
    unit_ref: str = ""
    problem: str = ""  # why the value is not one of its indicator's (refused if it is written)


def _true(value: Any) -> bool:
    # JSON booleans, and their text as DHIS2's CSV and XML bodies write them.
    return value is True or str(value).strip().lower() in ("true", "1")


@dataclass
class _State:
    value: float
    comment: str
    flagged: bool


class _Resolver:
    """References of one payload resolved by its id schemes."""

    def __init__(self, options: Dhis2Options) -> None:
        self.ids = Dhis2Ids()
        self.units = UnitResolver()
        self.indicators = IndicatorResolver()
        self.element_scheme = options.data_element_id_scheme or options.id_scheme
        self.unit_scheme = options.org_unit_id_scheme or options.id_scheme

    def _uid_first(self, scheme: str | None, ref: str) -> bool:
        # Without a scheme a UID-shaped reference is tried as a UID, then as a code.
        return scheme == "UID" or (scheme is None and bool(UID_PATTERN.match(ref)))

    def indicator(self, ref: str) -> int | str:
        if self._uid_first(self.element_scheme, ref):
            code = self.ids.indicator_code_by_uid(ref)
            if code is not None:
                return self.indicators.lookup(code)
            if self.element_scheme == "UID":
                return f"không có chỉ tiêu UID «{ref}» / no indicator with UID «{ref}»"
        return self.indicators.lookup(ref)

    def unit(self, ref: str, period: PeriodCode) -> int | str:
        if self._uid_first(self.unit_scheme, ref):
            found = self.ids.unit_by_uid(ref, period)
            if not isinstance(found, str):
                return found.pk
            if self.unit_scheme == "UID":
                return found
        by_code = self.units.lookup(ref, period)
        if isinstance(by_code, str) and self.unit_scheme == "CODE" and UID_PATTERN.match(ref):
            # tongket's CODE exports name by UID a unit whose code meant another unit then.
            found = self.ids.unit_by_uid(ref, period)
            if not isinstance(found, str):
                return found.pk
        return by_code


class _Bounds:
    """Each indicator's bounds, read once per import."""

    def __init__(self) -> None:
        self.known: dict[int, tuple[Indicator, Bounds]] = {}

    def problems(self, indicator_id: int, value: float) -> str:
        if indicator_id not in self.known:
            indicator = Indicator.objects.get(pk=indicator_id)
            self.known[indicator_id] = (indicator, value_bounds(indicator))
        indicator, bounds = self.known[indicator_id]
        if bounds.admits(value):
            return ""
        return "; ".join(message for _code, message in value_problems(indicator, value))


def _number(raw: Any) -> float | str | None:
    """The value as a number, None when absent, or the reason (str) it is not one."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, bool) or not isinstance(raw, str | int | float):
        return f"«{raw}» không phải là số / is not a number"
    try:
        number = float(str(raw).strip())
    except ValueError:
        return f"«{raw}» không phải là số (viết 2060.5) / is not a number (write 2060.5)"
    if not math.isfinite(number):
        return f"«{raw}» không phải là số hữu hạn / is not a finite number"
    return number


def _rows(
    payload: dict[str, Any],
    resolver: _Resolver,
    summary: ImportSummary,
    outside: Callable[[dict[PeriodCode, set[int]]], set[tuple[int, PeriodCode]]] | None,
) -> list[_Row]:
    outer_period, outer_unit = payload.get("period"), payload.get("orgUnit")
    outer_aoc = payload.get("attributeOptionCombo")
    rows: list[_Row] = []
    periods: dict[int, PeriodCode] = {}
    bounds = _Bounds()
    for index, item in enumerate(payload.get("dataValues") or []):
        if not isinstance(item, dict):
            summary.conflict(index, str(item)[:64], "E7610", "dataValue", _OBJECT)
            continue
        element = str(item.get("dataElement") or "")
        found = resolver.indicator(element)
        if isinstance(found, str):
            summary.conflict(index, element, "E7610", "dataElement", found)
            continue
        indicator_id = found
        raw_period = item.get("period", outer_period)
        try:
            period = PeriodCode.parse(period_from_dhis2(str(raw_period or "")))
        except ValueError as exc:
            summary.conflict(index, str(raw_period), "E7611", "period", str(exc))
            continue
        unit_ref = str(item.get("orgUnit", outer_unit) or "")
        unit = resolver.unit(unit_ref, period)
        if isinstance(unit, str):
            summary.conflict(index, unit_ref, "E7612", "orgUnit", unit)
            continue
        combo = _combo_problem(item, outer_aoc, summary, index, element)
        if combo:
            continue
        number = _number(item.get("value"))
        if isinstance(number, str):
            summary.conflict(index, str(item.get("value")), "E7619", "value", number)
            continue
        # The same check as entry, the API and the other imports (reporting.validation),
        # made when the value would be written (a stored value posted back unchanged stays).
        problem = bounds.problems(indicator_id, number) if number is not None else ""
        summary.unused.update(k for k in _UNUSED if item.get(k) is not None)
        comment = item.get("comment")
        followup = item.get("followup")
        rows.append(
            _Row(
                index=index,
                key=(unit, indicator_id, period.code),
                value=number,
                comment=None if comment is None else str(comment)[:500],
                followup=None if followup is None else _true(followup),
                deleted=_true(item.get("deleted")),
                unit_ref=unit_ref,
                problem=problem,
            )
        )
        periods[index] = period
    if outside is not None and rows:
        pairs: dict[PeriodCode, set[int]] = defaultdict(set)
        for row in rows:
            pairs[periods[row.index]].add(row.key[0])
        refused = outside(pairs)
        if refused:
            kept = []
            for row in rows:
                if (row.key[0], periods[row.index]) in refused:
                    summary.conflict(row.index, row.unit_ref, "E7617", "orgUnit", _SCOPE)
                else:
                    kept.append(row)
            rows = kept
    return rows


_UNUSED = ("storedBy", "created", "lastUpdated")
_OBJECT = "mỗi phần tử phải là một đối tượng JSON / each item must be an object"
_SCOPE = "đơn vị ngoài phạm vi của bạn / the unit is outside your scope"


def _combo_problem(item, outer_aoc, summary, index, element) -> bool:
    for name, code, value in (
        ("categoryOptionCombo", "E7613", item.get("categoryOptionCombo")),
        ("attributeOptionCombo", "E7615", item.get("attributeOptionCombo", outer_aoc)),
    ):
        if value is not None and str(value) not in DEFAULT_COMBOS:
            summary.conflict(
                index,
                str(value),
                code,
                name,
                f"{name} «{value}» không dùng được: tongket không phân tổ chỉ tiêu «{element}», "
                f"chỉ nhận tổ hợp mặc định (default) / {name} «{value}» cannot be used: "
                f"tongket has no disaggregation of «{element}», only the default combination",
            )
            return True
    return False


def _existing(rows: list[_Row]) -> tuple[dict, dict[str, int]]:
    codes = {row.key[2] for row in rows}
    period_ids = dict(StoredPeriod.objects.filter(code__in=codes).values_list("code", "pk"))
    state: dict[tuple[int, int, str], _State] = {}
    by_id = {pk: code for code, pk in period_ids.items()}
    units = {row.key[0] for row in rows}
    found = Value.objects.filter(
        unit_id__in=units,
        indicator_id__in={row.key[1] for row in rows},
        period_id__in=by_id,
    ).values_list("unit_id", "indicator_id", "period_id", "value", "comment", "flagged")
    for unit_id, indicator_id, period_id, value, comment, flagged in found:
        state[(unit_id, indicator_id, by_id[period_id])] = _State(value, comment, flagged)
    return state, period_ids


def _apply(row: _Row, state: dict, locked: set, options: Dhis2Options, summary) -> None:
    """DHIS2's rules for one value, applied to the state the values before it left."""
    current = state.get(row.key)
    strategy = options.strategy
    if current is not None:
        if strategy == "CREATE":
            summary.ignored += 1
            summary.rejected.append(row.index)
            return
        if strategy == "DELETE" or row.deleted or row.value is None:
            new = None
        else:
            new = _State(
                row.value,
                current.comment if row.comment is None else row.comment,
                current.flagged if row.followup is None else row.followup,
            )
            if new == current:
                summary.ignored += 1
                return
    else:
        if strategy in ("UPDATE", "DELETE") or row.value is None or row.deleted:
            summary.ignored += 1
            if strategy in ("UPDATE", "DELETE"):
                summary.rejected.append(row.index)
            return
        new = _State(row.value, row.comment or "", bool(row.followup))
    if new is not None and row.problem:
        summary.conflict(row.index, format_number(new.value), "E7619", "value", row.problem)
        summary.ignored += 1
        return
    if row.key in locked:
        summary.conflict(
            row.index,
            str(row.key),
            "E7642",
            "value",
            "số liệu thuộc báo cáo đã duyệt, không được sửa; hãy đề nghị trả lại báo cáo trước "
            "/ the value belongs to an approved submission and is locked; have the submission "
            "returned first",
        )
        summary.ignored += 1
        return
    if new is None:
        summary.deleted += 1
        del state[row.key]
    elif current is None:
        summary.imported += 1
        state[row.key] = new
    else:
        summary.updated += 1
        state[row.key] = new


def data_value_set_import(
    *,
    payload: dict[str, Any],
    options: Dhis2Options,
    actor: str,
    outside: Callable[[dict[PeriodCode, set[int]]], set[tuple[int, PeriodCode]]] | None = None,
    name: str = "dataValueSets.json",
    submitter: Any = None,
) -> ImportSummary:
    """Import one DHIS2 data value set; the summary says what was (or would be) done.

    ``submitter`` (the user, for the report services) completes the form's report of the
    set's unit and period when the set has a ``dataSet`` and a ``completeDate``.
    """
    summary = ImportSummary(options=options)
    resolver = _Resolver(options)
    data_set = payload.get("dataSet")
    form = None
    if data_set:
        scheme = options.id_scheme or ("UID" if UID_PATTERN.match(str(data_set)) else "CODE")
        form = resolver.ids.form(str(data_set), scheme) or resolver.ids.form(str(data_set), "CODE")
        if form is None:
            summary.aborted = True
            summary.conflict(
                None,
                str(data_set),
                "E7600",
                "dataSet",
                f"không có biểu mẫu «{data_set}» (dataSet là mã hoặc UID của một biểu mẫu) / "
                f"no report form «{data_set}» (dataSet is a form's code or UID)",
            )
            return summary
    # Reading, resolving and deciding happen outside any transaction: a dry run takes no
    # lock at all, and other users' writes go on while a large set is checked. The write is
    # one transaction that first reads the stored values and locks again; if anything it
    # decided on changed meanwhile, it decides again there, on what is stored then.
    rows = _rows(payload, resolver, summary, outside)
    before, state, locked = _decide(rows, options, summary)
    if options.dry_run or (options.atomic and summary.conflicts):
        return summary
    with transaction.atomic():
        if _stored_state(rows) != (before, locked):
            summary = ImportSummary(options=options)
            rows = _rows(payload, resolver, summary, outside)
            before, state, locked = _decide(rows, options, summary)
            if options.atomic and summary.conflicts:
                return summary
        _store(before, state, actor=actor, name=name, payload=payload, summary=summary)
        if form is not None and _complete_wanted(payload.get("completeDate")):
            _complete(form, payload, resolver, summary, submitter or actor, outside)
    return summary


def _stored_state(rows: list[_Row]) -> tuple[dict, set]:
    """The stored values and locked keys of the rows' keys, as ``_decide`` reads them."""
    state, period_ids = _existing(rows) if rows else ({}, {})
    return state, _locked_keys(rows, period_ids)


def _locked_keys(rows: list[_Row], period_ids: dict[str, int]) -> set[tuple[int, int, str]]:
    keyed = [(u, i, period_ids[p]) for u, i, p in {r.key for r in rows} if p in period_ids]
    code_of = {pk: code for code, pk in period_ids.items()}
    return {(u, i, code_of[p]) for u, i, p in value_keys_locked(keys=keyed)}


def _decide(rows: list[_Row], options: Dhis2Options, summary: ImportSummary):
    """DHIS2's rules applied to every row against the stored values: what the values were
    (``before``), what they become (``state``), and the locked keys."""
    state, period_ids = _existing(rows) if rows else ({}, {})
    before = dict(state)
    locked = _locked_keys(rows, period_ids)
    for row in rows:
        _apply(row, state, locked, options, summary)
    return before, state, locked


def _complete_wanted(value: Any) -> bool:
    return value is not None and str(value).strip().lower() not in ("", "false")


def _complete(
    form, payload, resolver: _Resolver, summary: ImportSummary, actor: Any, outside
) -> None:
    """``completeDate``: the form's report of the set's unit and period is sent, if its rules
    allow (a report with errors stays open, named in a conflict)."""
    try:
        period = PeriodCode.parse(period_from_dhis2(str(payload.get("period") or "")))
    except ValueError as exc:
        summary.conflict(None, str(payload.get("period")), "E7611", "completeDate", str(exc))
        return
    unit_id = resolver.unit(str(payload.get("orgUnit") or ""), period)
    if isinstance(unit_id, str):
        summary.conflict(None, str(payload.get("orgUnit")), "E7603", "completeDate", unit_id)
        return
    if outside is not None and outside({period: {unit_id}}):
        summary.conflict(None, str(payload.get("orgUnit")), "E7617", "completeDate", _SCOPE)
        return
    unit = Unit.objects.get(pk=unit_id)
    try:
        with transaction.atomic():
            submission = submission_open(unit=unit, form=form, period_code=period.code, actor=actor)
            if submission.status in (SubmissionStatus.DRAFT, SubmissionStatus.RETURNED):
                submission_submit(submission=submission, actor=actor)
    except SubmissionInvalid as exc:
        errors = [i for i in exc.issues if i.is_error]
        summary.conflict(
            None,
            form.code,
            "E7643",
            "completeDate",
            f"báo cáo còn {len(errors)} lỗi, chưa gửi được / the report has {len(errors)} "
            "error(s) and was not submitted: "
            + "; ".join(f"{i.indicator}: {i.message}" for i in errors[:20]),
        )
        return
    except SubmissionError as exc:
        summary.conflict(None, form.code, "E7643", "completeDate", str(exc))
        return
    summary.data_set_complete = "true"


def _store(before: dict, after: dict, *, actor: str, name: str, payload, summary) -> None:
    created = [k for k in after if k not in before]
    changed = [k for k in after if k in before and after[k] != before[k]]
    gone = [k for k in before if k not in after]
    if not (created or changed or gone):
        return
    periods = periods_ensure({k[2] for k in after} | {k[2] for k in gone})
    reason = f"Nhập từ DHIS2 {name} / imported from DHIS2 {name}"
    Value.objects.bulk_create(
        [
            Value(
                unit_id=u,
                indicator_id=i,
                period=periods[p],
                value=after[(u, i, p)].value,
                comment=after[(u, i, p)].comment,
                flagged=after[(u, i, p)].flagged,
                flag_reason=FOLLOWUP_REASON if after[(u, i, p)].flagged else "",
                source=ValueSource.IMPORT,
                source_ref=name[:255],
            )
            for u, i, p in created
        ]
    )
    audits = []
    for key in changed + gone:
        u, i, p = key
        stored = Value.objects.select_related("indicator").get(
            unit_id=u, indicator_id=i, period=periods[p]
        )
        old, new = before[key], after.get(key)
        if new is None:
            stored.delete()
            action, summary_text = "value.deleted", f"{format_number(old.value)} → ∅"
        else:
            stored.value, stored.comment, stored.flagged = new.value, new.comment, new.flagged
            if new.flagged != old.flagged:
                stored.flag_reason = FOLLOWUP_REASON if new.flagged else ""
            stored.source, stored.source_ref = ValueSource.IMPORT, name[:255]
            stored.save(
                update_fields=[
                    "value",
                    "comment",
                    "flagged",
                    "flag_reason",
                    "source",
                    "source_ref",
                    "updated_at",
                ]
            )
            action = "value.changed"
            summary_text = f"{format_number(old.value)} → {format_number(new.value)}"
        audits.append(
            AuditEntry(
                actor=actor,
                action=action,
                object_type="value",
                object_id=str(stored.pk),
                unit_id=u,
                summary=f"{stored.indicator.code} {p}: {summary_text}",
                old={"value": old.value, "comment": old.comment, "followup": old.flagged},
                new=None
                if new is None
                else {"value": new.value, "comment": new.comment, "followup": new.flagged},
                reason=reason,
            )
        )
    audit_record_many(audits)
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False)
    import_batch_record(
        FileResult(
            file=name,
            format="dhis2-json",
            sha256=hashlib.sha256(text.encode()).hexdigest(),
            rows=len(payload.get("dataValues") or []),
            created=len(created),
            changed=len(changed) + len(gone),
            unchanged=summary.ignored,
            stored=True,
            already_imported=False,
            vietnamese_numbers=False,
        ),
        actor=actor,
    )
