"""The figures of the demo reports, one function per form, consistent with the demo's
provincial values and with every consistency rule (a part never above its whole).

Communes report their share of their province's people and subscribers; the enterprise
branches report their market share of what the communes of the province report, so that the
branches together (88%: the rest are smaller networks) never exceed the communes' totals.
"""

from __future__ import annotations

import math

from tongket.core.periods import Period as PeriodCode
from tongket.core.periods import PeriodKind
from tongket.demo.calibration import calibration
from tongket.demo.values import FIRST_YEAR, CommuneShare, _merged_codes, _rng

# Market shares of the demo branches, by the key of their code (DN.<key>.<province>).
MARKET_SHARES = {"VIETTEL": 0.5, "VNPT": 0.24, "MOBIFONE": 0.14}
POSTAL_SHARES = {"VNPOST": 0.55, "VIETTELPOST": 0.3}


def _floor(value: float) -> int:
    return math.floor(value)


def commune_month(share: CommuneShare, period: PeriodCode) -> dict[str, float]:
    """A commune's monthly report (commune-monthly)."""
    cal = calibration()
    code = share.commune.code
    r = _rng(code, "commune-monthly", period.code)
    people = round(share.people(period.year))
    households = round(people / (cal.people_per_household * _rng(code, "hh").uniform(0.92, 1.08)))
    villages = max(2, round(people / cal.people_per_village * _rng(code, "vil").uniform(0.8, 1.2)))
    years = period.year - FIRST_YEAR + period.number / 12
    stations = max(1, round(people * share.rate("bts.stations", period)))
    points = max(1, round(people * share.rate("post.points", period)))
    services = 120 + _rng(code, "services").randint(0, 60) + 4 * period.number
    full = _floor(services * r.uniform(0.45, 0.65))
    received = max(20, round(people / 40 * r.uniform(0.7, 1.3)))
    resolved = _floor(received * r.uniform(0.9, 1.0))
    officials = 18 + _rng(code, "officials").randint(0, 22)
    teams = villages
    stations_radio = 1
    incidents = r.choice([0, 0, 0, 0, 1])
    sessions = r.randint(0, 3)
    return {
        "pop.total": people,
        "pop.households": households,
        "pop.villages": villages,
        "tel.subscribers": round(
            people * share.rate("tel.subscribers", period) * r.uniform(0.99, 1.01)
        ),
        "bb.subscribers": round(
            people * share.rate("bb.subscribers", period) * r.uniform(0.99, 1.01)
        ),
        "bb.households_fibre": _floor(
            households * min(0.92, 0.5 + 0.045 * years) * r.uniform(0.95, 1.0)
        ),
        "tel.villages_mbb": villages - (1 if villages > 6 and r.random() < 0.3 else 0),
        "bts.stations": stations,
        "bts.stations_4g": _floor(stations * r.uniform(0.85, 0.98)),
        "post.points": points,
        "post.vhx_points": min(points, 1),
        "post.admin_items": r.randint(10, 120),
        "bb.public_points": r.randint(0, 3),
        "egov.online_services": services,
        "egov.online_services_full": full,
        "egov.online_services_partial": services - full,
        "egov.applications_received": received,
        "egov.online_applications": _floor(received * r.uniform(0.45, 0.85)),
        "egov.applications_resolved": resolved,
        "egov.applications_ontime": _floor(resolved * r.uniform(0.93, 1.0)),
        "egov.online_payments": _floor(received * r.uniform(0.1, 0.35)),
        "egov.edoc_share": round(r.uniform(90, 99.5), 1),
        "egov.officials": officials,
        "egov.officials_signature": _floor(officials * r.uniform(0.75, 1.0)),
        "egov.online_meetings": r.randint(0, 6),
        "egov.portal_articles": r.randint(4, 30),
        "dx.community_teams": teams,
        "dx.community_team_members": teams * r.randint(3, 6),
        "dx.adult_smartphone_share": round(r.uniform(72, 90), 1),
        "dx.adult_epayment_share": round(r.uniform(55, 80), 1),
        "dx.outreach_sessions": r.randint(0, 5),
        "radio.commune_stations": stations_radio,
        "radio.ip_stations": _rng(code, "ip-radio").choice([0, 1, 1, 1]),
        "radio.loudspeaker_clusters": villages + r.randint(0, villages),
        "radio.news_items": r.randint(10, 60),
        "sec.incidents": incidents,
        "sec.incidents_handled": incidents,
        "train.sessions": sessions,
        "train.participants": sessions * r.randint(15, 45),
    }


_QUARTER_FLOWS = (
    "egov.applications_received",
    "egov.online_applications",
    "egov.applications_resolved",
    "egov.applications_ontime",
    "egov.online_meetings",
    "radio.news_items",
    "train.sessions",
    "train.participants",
    "sec.incidents",
)
_QUARTER_STOCKS = (
    "egov.officials",
    "egov.officials_signature",
    "radio.commune_stations",
    "radio.ip_stations",
    "radio.loudspeaker_clusters",
    "dx.community_teams",
)


def commune_quarter(share: CommuneShare, quarter: PeriodCode) -> dict[str, float]:
    """A commune's quarterly report (commune-quarterly): its three months summed (flows),
    the last month's (stocks) and the months' average share of electronic documents."""
    months = [commune_month(share, m) for m in quarter.parts(PeriodKind.MONTH)]
    values: dict[str, float] = {code: sum(m[code] for m in months) for code in _QUARTER_FLOWS}
    values.update({code: months[-1][code] for code in _QUARTER_STOCKS})
    values["egov.edoc_share"] = round(sum(m["egov.edoc_share"] for m in months) / 3, 1)
    return values


def branch_month(key: str, shares: list[CommuneShare], period: PeriodCode) -> dict[str, float]:
    """A telecom branch's monthly report: its market share of the communes' figures."""
    market = MARKET_SHARES[key]
    r = _rng(key, shares[0].commune.code if shares else "", "telecom", period.code)
    people = sum(s.people(period.year) for s in shares)

    def province(indicator: str) -> float:
        return sum(s.people(period.year) * s.rate(indicator, period) for s in shares)

    total = round(province("tel.subscribers") * market * 0.99)
    fixed = round(province("tel.fixed_subscribers") * market)
    mobile = total - fixed
    years = period.year - FIRST_YEAR + period.number / 12
    data = _floor(mobile * min(0.9, 0.55 + 0.035 * years))
    bb_fixed = round(province("bb.fixed_subscribers") * market * 0.99)
    bb_mobile = min(data, round(province("bb.mobile_subscribers") * market * 0.99))
    stations = round(province("bts.stations") * market * 0.99)
    revenue = round(people * market * 150_000 * r.uniform(0.97, 1.03), -6)
    return {
        "tel.subscribers": total,
        "tel.fixed_subscribers": fixed,
        "tel.mobile_subscribers": mobile,
        "tel.mobile_data_subscribers": data,
        "tel.smartphone_subscribers": _floor(data * 0.92),
        "bb.subscribers": bb_fixed + bb_mobile,
        "bb.fixed_subscribers": bb_fixed,
        "bb.fibre_subscribers": _floor(bb_fixed * 0.97),
        "bb.mobile_subscribers": bb_mobile,
        "bts.stations": stations,
        "bts.stations_4g": _floor(stations * 0.9),
        "bts.stations_5g": _floor(stations * min(0.2, max(0.0, 0.04 * (years - 8.5)))),
        "tel.fibre_km": round(people * market * 0.004),
        "tel.revenue": revenue,
        "ict.revenue": round(revenue * 1.15, -6),
        "ict.budget": round(revenue * 0.04, -6),
    }


def postal_quarter(key: str, shares: list[CommuneShare], quarter: PeriodCode) -> dict[str, float]:
    """A postal branch's quarterly report."""
    market = POSTAL_SHARES[key]
    r = _rng(key, shares[0].commune.code if shares else "", "postal", quarter.code)
    people = sum(s.people(quarter.year) for s in shares)
    revenue = round(people * market * 9_000 * r.uniform(0.95, 1.05), -6)
    points = max(
        1,
        round(
            sum(s.people(quarter.year) * s.rate("post.points", quarter) for s in shares) * market
        ),
    )
    return {
        "post.revenue": revenue,
        "post.items": round(people * market * 0.9 * r.uniform(0.9, 1.1)),
        "post.points": points,
        "post.vhx_points": _floor(points * 0.5) if key == "VNPOST" else 0,
        "post.admin_items": round(people * market * 0.01),
        "ict.revenue": round(revenue * 1.25, -6),
        "ict.budget": round(revenue * 0.03, -6),
    }


def department_year(codes: tuple[str, ...], year: int) -> dict[str, float]:
    """A department's yearly statistical report (department-annual) on its province (the
    old provinces ``codes`` it covers): the provincial demo figures and the rest in keeping."""
    r = _rng("department-annual", *codes, year)
    value = {c: _merged_codes(codes, c, year) for c in (
        "pop.total", "pop.households", "ict.revenue", "ict.budget", "post.points",
        "tel.subscribers", "tel.fixed_subscribers", "tel.mobile_subscribers",
        "bb.subscribers", "bb.fixed_subscribers", "bb.mobile_subscribers", "bts.stations",
        "egov.edoc_share", "egov.online_services", "sec.incidents", "train.sessions",
    )}  # fmt: skip
    years = year - FIRST_YEAR
    people = value["pop.total"]
    villages = round(people / calibration().people_per_village)
    services = value["egov.online_services"]
    full = _floor(services * min(0.6, 0.15 + 0.05 * years))
    received = round(people * 0.3 * r.uniform(0.8, 1.2))
    officials = round(people / 70)
    it_revenue = round(value["ict.revenue"] * 0.3, -6)
    systems = r.randint(30, 120)
    stations = max(1, round(people / 9000))
    fibre = _floor(value["bb.fixed_subscribers"] * min(0.98, 0.8 + 0.02 * years))
    value.update(
        {
            "post.revenue": round(value["ict.revenue"] * 0.06, -6),
            "post.items": round(people * 1.5 * r.uniform(0.9, 1.1)),
            "post.enterprises": r.randint(8, 25),
            "post.vhx_points": _floor(value["post.points"] * 0.45),
            "tel.mobile_data_subscribers": _floor(
                value["tel.mobile_subscribers"] * min(0.9, 0.55 + 0.035 * years)
            ),
            "bb.fibre_subscribers": fibre,
            "bb.households_fibre": min(
                _floor(value["pop.households"] * min(0.92, 0.45 + 0.045 * years)), fibre
            ),
            "tel.revenue": round(value["ict.revenue"] * 0.55, -6),
            "tel.enterprises": r.randint(5, 9),
            "pop.villages": villages,
            "tel.villages_mbb": _floor(villages * min(1.0, 0.9 + 0.012 * years)),
            "it.revenue": it_revenue,
            "it.software_revenue": round(it_revenue * 0.3, -6),
            "it.enterprises": round(people / 8000 * r.uniform(0.8, 1.2)),
            "it.workers": round(people / 400 * r.uniform(0.8, 1.2)),
            "egov.online_services_full": full,
            "egov.online_services_partial": services - full,
            "egov.applications_received": received,
            "egov.online_applications": _floor(received * min(0.85, 0.1 + 0.07 * years)),
            "egov.officials": officials,
            "egov.officials_signature": _floor(officials * min(0.95, 0.3 + 0.07 * years)),
            "sec.incidents_handled": value["sec.incidents"] - r.randint(0, 2)
            if value["sec.incidents"] > 2
            else value["sec.incidents"],
            "sec.systems": systems,
            "sec.systems_graded": _floor(systems * min(0.9, 0.2 + 0.07 * years)),
            "press.agencies": r.randint(3, 6),
            "press.card_holders": r.randint(60, 220),
            "pub.publications": r.randint(40, 260),
            "pub.printing_facilities": r.randint(10, 60),
            "radio.commune_stations": stations,
            "radio.ip_stations": _floor(stations * min(0.95, 0.1 + 0.08 * years)),
            "train.participants": value["train.sessions"] * r.randint(30, 60),
        }
    )
    return value
