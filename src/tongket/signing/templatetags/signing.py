"""The signing box of a notice's page and of a report's page: the signed copy when there is
one, else the button to sign (for those who may, when a certificate is configured)."""

from __future__ import annotations

from django import template

from tongket.accounts import roles
from tongket.accounts.scope import user_can
from tongket.meetings.models import NoticeStatus
from tongket.papers.selectors import report_draft_get
from tongket.signing.config import signing_configured
from tongket.signing.selectors import signed_notice_get, signed_reports_of

register = template.Library()


def _may(user, permission: str, unit) -> bool:
    return user_can(user, permission, unit)


@register.inclusion_tag("signing/_notice_signing.html", takes_context=True)
def notice_signing(context, notice):
    user = context["request"].user
    issued = notice.status == NoticeStatus.ISSUED and bool(notice.number)
    return {
        "notice": notice,
        "signed": signed_notice_get(notice=notice),
        "issued": issued,
        "can_sign": issued
        and signing_configured()
        and _may(user, roles.MEETING_MANAGE, notice.issuer),
        "configured": signing_configured(),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("signing/_report_signing.html", takes_context=True)
def report_signing(context, unit, year):
    user = context["request"].user
    draft = report_draft_get(unit=unit, year=year)
    number = draft.number if draft else ""
    signed = signed_reports_of(unit=unit, year=year)
    current = (
        next((s for s in signed if s.number.startswith(f"{number}/")), None) if number else None
    )
    return {
        "unit": unit,
        "year": year,
        "number": number,
        "signed": signed,
        "current": current,
        "can_sign": bool(number)
        and current is None
        and signing_configured()
        and _may(user, roles.REPORT_WRITE, unit),
        "configured": signing_configured(),
        "csrf_token": context.get("csrf_token"),
    }
