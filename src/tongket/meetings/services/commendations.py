"""Commendations: the forms (reference data) and the decisions awarding them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources

import yaml
from django.db import transaction

from tongket.core.audit import audit_record
from tongket.core.numbers import format_date
from tongket.meetings.errors import MeetingsError
from tongket.meetings.models import (
    AwardCategory,
    AwardForm,
    Commendation,
    CommendationRecipient,
    Meeting,
    RecipientKind,
)
from tongket.meetings.services.people import person_get_or_create
from tongket.meetings.services.specs import RecipientSpec
from tongket.meetings.text import clean, text_key, texts_checked
from tongket.units.models import Unit

LEGAL_BASIS = "Luật Thi đua, khen thưởng số 06/2022/QH15"


@lru_cache(maxsize=1)
def award_forms_data() -> tuple[dict, ...]:
    text = resources.files("tongket.meetings").joinpath("data/award_forms.yaml").read_text("utf-8")
    return tuple(yaml.safe_load(text)["forms"])


@transaction.atomic
def award_forms_load(*, actor: str = "system") -> dict[str, int]:
    """Create or update the forms from the package data (idempotent)."""
    created = changed = 0
    for rank, row in enumerate(award_forms_data(), start=1):
        if row["category"] not in AwardCategory.values:
            raise MeetingsError(
                f"Loại không hợp lệ «{row['category']}» ở «{row['code']}»",
                f"unknown category «{row['category']}» in «{row['code']}»",
                file="award_forms.yaml",
            )
        fields = {
            "name": row["name"],
            "name_en": row.get("name_en", ""),
            "category": row["category"],
            "grantor": row["grantor"],
            "level": row["level"],
            "recipients": row["recipients"],
            "rank": rank,
            "aliases": list(row.get("aliases", [])),
            "legal_basis": row.get("legal_basis", LEGAL_BASIS),
        }
        form = AwardForm.objects.filter(code=row["code"]).first()
        if form is None:
            AwardForm.objects.create(code=row["code"], **fields)
            created += 1
        elif any(getattr(form, k) != v for k, v in fields.items()):
            for k, v in fields.items():
                setattr(form, k, v)
            form.save()
            changed += 1
    if created or changed:
        audit_record(
            actor=actor,
            action="award_forms.loaded",
            object_type="award_form",
            summary=f"{created} mới, {changed} sửa / {created} new, {changed} changed",
        )
    return {"award_forms_created": created, "award_forms_changed": changed}


def award_form_find(ref: str) -> AwardForm:
    """A form by code, name or alias (case, spacing and tone placement do not matter)."""
    if not AwardForm.objects.exists():
        award_forms_load()
    key = text_key(ref)
    for form in AwardForm.objects.all():
        if key in {form.code, text_key(form.name), *(text_key(a) for a in form.aliases)}:
            return form
    raise MeetingsError(
        f"Không có hình thức khen thưởng «{ref}» (xem «tongket award-forms»)",
        f"unknown commendation form «{ref}» (see «tongket award-forms»)",
        column="form",
    )


def _check_counts(
    form: AwardForm,
    collectives: int | None,
    individuals: int | None,
    recipients: Sequence[RecipientSpec],
) -> None:
    named = {k: sum(1 for r in recipients if r.kind == k) for k in RecipientKind.values}
    for kind, count in (("collective", collectives), ("individual", individuals)):
        vi = "tập thể" if kind == "collective" else "cá nhân"
        if count is not None and count < 0:
            raise MeetingsError("Số lượng âm", "negative count", column=f"{kind}s")
        if count is not None and count < named[kind]:
            raise MeetingsError(
                f"Số {vi} ({count}) nhỏ hơn số được nêu tên ({named[kind]})",
                f"the {kind} count ({count}) is below the number named ({named[kind]})",
                column=f"{kind}s",
            )
        if form.recipients not in ("both", kind) and ((count or 0) > 0 or named[kind]):
            raise MeetingsError(
                f"«{form.name}» không tặng cho {vi}",
                f"«{form.name}» is not awarded to a {kind}",
                column=f"{kind}s",
            )
    for r in recipients:
        if r.kind not in RecipientKind.values:
            raise MeetingsError(
                f"Loại người nhận không hợp lệ «{r.kind}»",
                f"unknown recipient kind «{r.kind}»",
                column="recipients",
            )
        texts_checked(recipients=r.name)
        texts_checked(recipients=r.title)
        if not clean(r.name):
            raise MeetingsError(
                "Thiếu tên người nhận", "recipient name missing", column="recipients"
            )


@transaction.atomic
def commendation_create(
    *,
    form: AwardForm,
    year: int,
    actor: str,
    decision_number: str = "",
    decision_date: dt.date | None = None,
    grantor_unit: Unit | None = None,
    unit: Unit | None = None,
    meeting: Meeting | None = None,
    reason: str = "",
    collectives: int | None = None,
    individuals: int | None = None,
    recipients: Sequence[RecipientSpec] = (),
    is_synthetic: bool = False,
    fingerprint: str = "",
    source_document_id: int | None = None,
    source_span: tuple[int, int] | None = None,
) -> Commendation:
    if not 1945 <= int(year) <= dt.date.today().year + 1:
        raise MeetingsError(f"Năm không hợp lệ: {year}", f"invalid year: {year}", column="year")
    if meeting is not None and decision_date is not None and decision_date > meeting.last_day:
        raise MeetingsError(
            f"Quyết định ngày {format_date(decision_date)} sau cuộc họp trao tặng "
            f"({format_date(meeting.last_day)})",
            f"the decision of {format_date(decision_date)} is after the meeting where it was "
            f"presented ({format_date(meeting.last_day)})",
            column="decision_date",
        )
    texts_checked(decision_number=decision_number, reason=reason)
    _check_counts(form, collectives, individuals, recipients)
    commendation = Commendation.objects.create(
        form=form,
        year=int(year),
        decision_number=decision_number.strip(),
        decision_date=decision_date,
        grantor_unit=grantor_unit,
        unit=unit,
        meeting=meeting,
        reason=reason.strip(),
        collectives=collectives,
        individuals=individuals,
        is_synthetic=is_synthetic,
        fingerprint=fingerprint,
        source_document_id=source_document_id,
        source_span_start=source_span[0] if source_span else None,
        source_span_end=source_span[1] if source_span else None,
    )
    on = decision_date or (meeting.date if meeting else dt.date(int(year), 12, 31))
    for r in recipients:
        person = None
        if r.kind == RecipientKind.INDIVIDUAL:
            person = person_get_or_create(
                name=r.name,
                title=r.title,
                unit=r.unit or unit,
                on=on,
                actor=actor,
                is_synthetic=is_synthetic,
            )
        CommendationRecipient.objects.create(
            commendation=commendation,
            kind=r.kind,
            name=clean(r.name),
            title=clean(r.title),
            person=person,
            unit=r.unit,
        )
    audit_record(
        actor=actor,
        action="commendation.created",
        object_type="commendation",
        object_id=commendation.pk,
        unit=unit,
        summary=f"{form.name} {year} {decision_number}".strip(),
    )
    return commendation
