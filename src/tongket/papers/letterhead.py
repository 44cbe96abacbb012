"""Who issues a document and how its header reads: the body above the issuer, the issuer's
name and abbreviation, the place, the signer and the default «Nơi nhận» lines."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from tongket.meetings.models import Position
from tongket.meetings.refs import province_of
from tongket.meetings.rules import notice_abbreviation
from tongket.meetings.text import text_key
from tongket.papers.content import Letterhead, Signature
from tongket.papers.wording import upper
from tongket.units.models import Unit, UnitKind, UnitLink

# Blank number: the clerk writes it in when the document is registered (Nghị định 30/2020,
# Phụ lục I: «Số:      /BC-...» on drafts).
BLANK_NUMBER = "     "
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


@lru_cache(maxsize=1)
def _data() -> dict:
    text = resources.files("tongket.papers").joinpath("data/letterhead.yaml").read_text("utf-8")
    return yaml.safe_load(text)


@dataclass(frozen=True)
class Issuer:
    """The issuing unit as its documents name it."""

    unit: Unit
    province: Unit | None
    name: str  # «Sở Thông tin và Truyền thông» (the province's name left to the line above)
    superior: str  # «UBND tỉnh Thái Bình», «» when none
    abbreviation: str  # «STTTT», the part after «BC-» or «TB-»
    place: str  # «Thái Bình»

    @property
    def level(self) -> str:
        kind = (self.province.division_type if self.province else "") or "tỉnh"
        return "thành phố" if kind.startswith("thành phố") else "tỉnh"

    @property
    def is_department(self) -> bool:
        return self.unit.kind == UnitKind.DEPARTMENT

    def placeholders(self) -> dict[str, str]:
        ministry = _data()["ministries"].get(self.abbreviation, "") if self.is_department else ""
        if self.is_department:
            leaders = "Lãnh đạo Sở"
        elif self.unit.kind == UnitKind.PROVINCE:
            leaders = f"Chủ tịch, các Phó Chủ tịch UBND {self.level}"
        else:
            leaders = "Lãnh đạo đơn vị"
        return {
            "ministry": ministry,
            "level": self.level,
            "party": "Thành ủy" if self.level == "thành phố" else "Tỉnh ủy",
            "superior": self.superior,
            "leaders": leaders,
        }


def _level_of(province: Unit) -> str:
    return "thành phố" if (province.division_type or "").startswith("thành phố") else "tỉnh"


def _parent_on(unit: Unit, on: dt.date) -> Unit | None:
    link = (
        UnitLink.objects.filter(child=unit, valid_from__lte=on)
        .exclude(valid_to__lt=on)
        .select_related("parent")
        .order_by("id")
        .first()
    )
    return link.parent if link else None


def issuer_of(*, unit: Unit, on: dt.date) -> Issuer:
    """How ``unit`` heads its documents on ``on``."""
    province = province_of(unit, on=on) if unit.is_valid_on(on) else None
    if province is None and unit.valid_to is not None:
        province = province_of(unit, on=unit.valid_to)
    if unit.kind == UnitKind.PROVINCE:
        return Issuer(
            unit=unit,
            province=unit,
            name=f"Ủy ban nhân dân {_level_of(unit)} {unit.name}",
            superior="",
            abbreviation="UBND",
            place=unit.name,
        )
    name = unit.name
    if (
        province is not None
        and name.endswith(f" {province.name}")
        and unit.kind
        in (
            UnitKind.DEPARTMENT,
            UnitKind.AGENCY,
        )
    ):
        name = name[: -len(province.name)].strip()
    if unit.kind in (UnitKind.DEPARTMENT, UnitKind.AGENCY) and province is not None:
        superior = f"UBND {_level_of(province)} {province.name}"
    else:
        parent = _parent_on(unit, on)
        superior = parent.name if parent is not None and parent.kind != UnitKind.COUNTRY else ""
    return Issuer(
        unit=unit,
        province=province,
        name=name,
        superior=superior,
        abbreviation=notice_abbreviation(unit.abbreviation or unit.short_name or unit.name),
        place=province.name if province is not None else "",
    )


def number_line(*, kind: str, abbreviation: str, number: str = "") -> str:
    """«Số: 12/BC-STTTT», or with the number left blank for the clerk."""
    return f"Số: {number.strip() or BLANK_NUMBER}/{kind}-{abbreviation}"


def letterhead(
    *, issuer: Issuer, kind_code: str, kind: str, subject: str, on: dt.date, number: str = ""
) -> Letterhead:
    return Letterhead(
        superior=issuer.superior,
        issuer=issuer.name,
        number=number_line(kind=kind_code, abbreviation=issuer.abbreviation, number=number),
        place=issuer.place,
        date=on,
        kind=kind,
        subject=subject,
    )


def recipients_default(*, issuer: Issuer, document: str, **extra: str) -> tuple[str, ...]:
    """The «Nơi nhận» lines of ``document`` («report», «notice») for ``issuer``; a line whose
    placeholder has nothing to fill it is left out."""
    values = {**issuer.placeholders(), **extra}
    lines = []
    for template in _data()["recipients"][document]:
        names = _PLACEHOLDER.findall(template)
        if any(not values.get(n) for n in names):
            continue
        lines.append(_PLACEHOLDER.sub(lambda m: values[m.group(1)], template))
    return tuple(lines)


_DIRECTOR = text_key("Giám đốc")
_CHAIRMAN = text_key("Chủ tịch")


NEAREST_DAYS = 366


def _distance(position: Position, on: dt.date) -> int:
    """Days from ``on`` to the interval the position is known to have been held."""
    if position.valid_from is not None and on < position.valid_from:
        return (position.valid_from - on).days
    if position.valid_to is not None and on > position.valid_to:
        return (on - position.valid_to).days
    return 0


def signer_of(*, issuer: Issuer, on: dt.date) -> Signature:
    """The head of the issuer on ``on``: the one known to hold the post that day, else the one
    recorded nearest to it (a director first seen chairing the conference a few days after
    the report is dated), within a year; with the authority line of the signature block."""
    head = _CHAIRMAN if issuer.unit.kind == UnitKind.PROVINCE else _DIRECTOR
    if issuer.unit.kind == UnitKind.PROVINCE:
        authority: tuple[str, ...] = ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")
    elif issuer.is_department:
        authority = ("GIÁM ĐỐC",)
    else:
        authority = ("THỦ TRƯỞNG ĐƠN VỊ",)
    positions = [
        p
        for p in Position.objects.filter(unit=issuer.unit).select_related("person")
        if p.title_key.startswith(head) and _distance(p, on) <= NEAREST_DAYS
    ]
    if not positions:
        return Signature(authority=authority, name="")
    best = min(
        positions, key=lambda p: (_distance(p, on), -(p.valid_from or dt.date.min).toordinal())
    )
    if not issuer.is_department and issuer.unit.kind != UnitKind.PROVINCE:
        authority = (upper(best.title),)
    return Signature(authority=authority, name=best.person.full_name)


def signature_from_text(authority: str, name: str, default: Signature) -> Signature:
    """A signature written by staff («KT. GIÁM ĐỐC» on one line, «PHÓ GIÁM ĐỐC» on the next)
    over the default one."""
    lines = tuple(upper(line.strip()) for line in authority.splitlines() if line.strip())
    return Signature(authority=lines or default.authority, name=name.strip() or default.name)
