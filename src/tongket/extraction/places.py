"""Provinces: names as texts write them, the site a page comes from, and the province-level
unit that covers a place since 1 July 2025 (the 63 → 34 reorganization, shipped as data)."""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from tongket.extraction.lexicon import alternation, fold, load

REORGANIZED = dt.date(2025, 7, 1)


@dataclass(frozen=True)
class Province:
    name: str
    today: str


@functools.cache
def _table() -> tuple[dict[str, Province], re.Pattern, dict[str, str], dict[str, str], frozenset]:
    data = load("provinces")
    by_key: dict[str, Province] = {}
    slugs: dict[str, str] = {}
    names = []
    for entry in data["provinces"]:
        prov = Province(entry["name"], entry["today"])
        for alias in [entry["name"], *entry.get("aliases", [])]:
            by_key[_key(alias)] = prov
            names.append(alias)
        for slug in entry.get("slugs", []):
            slugs[slug] = entry["name"]
    # New units keep an old name: they stand for themselves too.
    for prov in list(by_key.values()):
        by_key.setdefault(_key(prov.today), Province(prov.today, prov.today))
    pattern = alternation(names)
    hosts = {h.lower(): v for h, v in (data.get("hosts") or {}).items() if v}
    return by_key, pattern, slugs, hosts, frozenset(data.get("national_hosts", []))


def _key(name: str) -> str:
    return re.sub(r"\s*[-–—]\s*", " ", fold(name)).strip()


def province(name: str | None) -> Province | None:
    """The province an alias names (``TT-Huế`` → Thừa Thiên Huế)."""
    if not name:
        return None
    return _table()[0].get(_key(name))


def today(name: str | None, *, on: dt.date | None = None) -> str | None:
    """The unit that covers ``name``'s place since 1 July 2025."""
    prov = province(name)
    return prov.today if prov else None


def at_time(name: str | None, on: dt.date | None) -> str | None:
    """The province as it was on ``on``: after the reorganization, the new unit."""
    prov = province(name)
    if prov is None:
        return None
    if on is not None and on >= REORGANIZED:
        return prov.today
    return prov.name


@dataclass(frozen=True)
class Mention:
    name: str
    start: int
    end: int
    prefixed: bool


_PREFIX = re.compile(r"(?:tỉnh|thành phố|tp\.?)\s*$")


def mentions(text: str) -> list[Mention]:
    """Province names in ``text`` in order; ``prefixed`` when "tỉnh"/"thành phố" stands before."""
    _, pattern, *_ = _table()
    folded = fold(text)
    out = []
    for m in pattern.finditer(folded):
        prov = province(text[m.start() : m.end()])
        if prov is None:
            continue
        before = folded[max(0, m.start() - 12) : m.start()]
        # "Nguyễn Thái Bình": a name part, not the province.
        prev_word = re.search(r"(\S+)\s+$", text[max(0, m.start() - 20) : m.start()])
        if prev_word and prev_word.group(1)[:1].isupper() and not _PREFIX.search(before):
            word = prev_word.group(1)
            if not re.match(
                r"^(Sở|UBND|Tỉnh|Thành|TP|tỉnh|Bộ|Ban|Phòng|Huế|CNTT|TT|BCVT|KH|CN)", word
            ) and not re.search(r"[&.-]$|TT$|CN$|VT$", word):
                continue
        out.append(Mention(prov.name, m.start(), m.end(), bool(_PREFIX.search(before))))
    return out


def host_of(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urlsplit(url if "//" in url else f"//{url}").hostname
    except ValueError:
        return None
    if not host:
        return None
    host = host.lower()
    return host.removeprefix("www.")


def from_site(url: str | None) -> str | None:
    """The province a provincial site's address names (``thaibinh.gov.vn``,
    ``stttt.dongthap.gov.vn``, ``baolamdong.vn``), or ``None`` for national sites."""
    host = host_of(url)
    if not host:
        return None
    _, _, slugs, hosts, national = _table()
    if host in national or any(host.endswith("." + n) for n in national):
        return None
    for known, name in hosts.items():
        if host == known or host.endswith("." + known):
            return name
    labels = re.split(r"[.-]", host)
    for label in labels:
        if label in slugs:
            return slugs[label]
    # A slug inside a label: "baolamdong", "stttt-quangngai", "sokhcn.thaibinh".
    best = None
    for label in labels:
        for slug, name in slugs.items():
            if len(slug) >= 5 and slug in label and (best is None or len(slug) > len(best[0])):
                best = (slug, name)
    return best[1] if best else None


def from_path(url: str | None) -> str | None:
    """A province named in a page's path ("...-so-cong-thuong-an-giang-..."), as a last resort."""
    if not url:
        return None
    words = [w for w in re.split(r"[^a-z0-9]+", urlsplit(url).path.lower()) if w]
    _, _, slugs, _, _ = _table()
    for i in range(len(words)):
        for n in (3, 2):
            joined = "".join(words[i : i + n])
            if len(words[i : i + n]) == n and joined in slugs and len(joined) >= 5:
                return slugs[joined]
    return None
