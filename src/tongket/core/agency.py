"""The agency an installation serves: its name in every page's header and title.

Set by ``tongket init --agency NAME`` and changed by ``tongket agency NAME``; audited. Until it
is set the pages say ``tongket``.
"""

from __future__ import annotations

from django.db import transaction

from tongket.core.audit import audit_record
from tongket.core.models import Agency

NAME_MAX = 200


class AgencyError(ValueError):
    pass


def agency_get() -> Agency | None:
    return Agency.objects.filter(pk=1).first()


def agency_name(language: str = "vi") -> str:
    """The name to show in ``language``: the English name on English pages when there is one."""
    agency = agency_get()
    if agency is None:
        return ""
    if language.startswith("en") and agency.name_en:
        return agency.name_en
    return agency.name


def _clean(text: str, what: str) -> str:
    cleaned = " ".join(str(text).split())
    if len(cleaned) > NAME_MAX or any(ord(c) < 32 for c in str(text) if c not in "\t\n\r"):
        raise AgencyError(
            f"{what}: tối đa {NAME_MAX} ký tự, không có ký tự điều khiển / "
            f"at most {NAME_MAX} characters, no control characters"
        )
    return cleaned


@transaction.atomic
def agency_set(*, name: str, name_en: str = "", actor: str) -> Agency:
    name = _clean(name, "Tên cơ quan")
    name_en = _clean(name_en, "Tên tiếng Anh")
    if not name:
        raise AgencyError("Tên cơ quan không được để trống / the agency's name is required")
    agency = agency_get()
    old = {"name": agency.name, "name_en": agency.name_en} if agency else None
    agency, _created = Agency.objects.update_or_create(
        pk=1, defaults={"name": name, "name_en": name_en}
    )
    new = {"name": name, "name_en": name_en}
    if old != new:
        audit_record(
            actor=actor,
            action="agency.set",
            object_type="agency",
            object_id=1,
            summary=name,
            old=old,
            new=new,
        )
    return agency
