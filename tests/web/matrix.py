"""The permission matrix: every URL × every role, with the status each must get.

Add a row for every new page or endpoint (``test_every_url_is_in_the_matrix`` fails until you
do), with at least one row that asks for another unit's object by id: a role outside the
object's scope gets 404, exactly as for an id that does not exist.

Role keys are those of ``accounts.world`` plus ``anonymous``; the world's objects are reached
as ``w.<key>`` (units, users, submissions).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from accounts.world import ROLE_KEYS, World

ROLES = ("anonymous", *ROLE_KEYS)
LOGIN = 302  # LoginRequiredMiddleware sends anonymous users to the login page


@dataclass(frozen=True)
class Route:
    name: str  # the URL name (namespaced if the URL is)
    path: Callable[[World], str]
    expect: Mapping[str, int]
    method: str = "GET"
    data: Callable[[World], dict] = field(default=lambda w: {})
    label: str = ""  # tells apart several rows of one URL name

    @property
    def id(self) -> str:
        return f"{self.name}[{self.label}]" if self.label else self.name


def statuses(default: int, *, anonymous: int = LOGIN, **by_role: int) -> dict[str, int]:
    unknown = set(by_role) - set(ROLES)
    assert not unknown, f"unknown roles {unknown}"
    return {role: by_role.get(role, default) for role in ROLES if role != "anonymous"} | {
        "anonymous": anonymous
    }


# Roles that may see a given unit's pages, by the unit's place in the world.
def _unit_page(**seen: int) -> dict[str, int]:
    return statuses(404, nobody=403, admin=200, analyst=200, **seen)


ROUTES: tuple[Route, ...] = (
    Route("home", lambda w: "/", statuses(302)),
    Route("login", lambda w: "/login/", statuses(302, anonymous=200)),
    Route("logout", lambda w: "/logout/", statuses(302), method="POST"),
    Route("account", lambda w: "/account/", statuses(200)),
    Route(
        "set_language",
        lambda w: "/i18n/setlang/",
        statuses(302, anonymous=302),
        method="POST",
        data=lambda w: {"language": "en", "next": "/"},
    ),
    Route("health", lambda w: "/healthz", statuses(200, anonymous=200)),
    Route("units", lambda w: "/units/", statuses(200, nobody=403)),
    Route(
        "unit",
        lambda w: f"/units/{w.xa_hy.pk}/",
        _unit_page(staff=200, leader=200, reporting=200),
        label="own commune",
    ),
    Route(
        "unit",
        lambda w: f"/units/{w.xa_hn.pk}/",
        _unit_page(staff_other=200, reporting_other=200),
        label="another province's commune",
    ),
    Route(
        "unit",
        lambda w: f"/units/{w.xa_hy2.pk}/",
        _unit_page(staff=200, leader=200),
        label="neighbouring commune",
    ),
    Route(
        "unit",
        lambda w: f"/units/{w.thai_binh.pk}/",
        _unit_page(staff=200, leader=200),
        label="merged predecessor province",
    ),
    Route(
        "unit",
        lambda w: f"/units/{w.xa_tb_old.pk}/",
        _unit_page(staff=200, leader=200, reporting=200),
        label="commune merged into own",
    ),
    Route(
        "unit",
        lambda w: "/units/999999999/",
        statuses(404, nobody=403),
        label="no such unit",
    ),
    Route(
        "audit",
        lambda w: "/audit/",
        statuses(200, analyst=403, reporting=403, reporting_other=403, nobody=403),
    ),
)
