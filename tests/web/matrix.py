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


# Meetings, conclusion notices, tasks and commendations (tongket.web.pages_meetings). The
# objects are those of tests/web/meetings/world.py; a POST sends data that fails validation,
# so the roles allowed get the page back with the errors (200) and nothing changes between
# the roles of one row.
from web.meetings.world import meetings_of as _m  # noqa: E402


def _hy(ok: int = 200, **more: int) -> dict[str, int]:
    """Hưng Yên's object: its staff and leader and the country-wide roles see it."""
    return statuses(403, admin=ok, analyst=ok, staff=ok, leader=ok, staff_other=404, **more)


def _hn(ok: int = 200, **more: int) -> dict[str, int]:
    """Hà Nội's object: Hưng Yên's staff and leader get 404, as for an id that does not exist."""
    return statuses(403, admin=ok, analyst=ok, staff_other=ok, staff=404, leader=404, **more)


def _manage_hy(ok: int = 200) -> dict[str, int]:
    """An action of staff (meeting.manage, task.report, commendation.manage) on Hưng Yên's."""
    return statuses(403, admin=ok, staff=ok, staff_other=404)


def _manage_hn(ok: int = 200) -> dict[str, int]:
    return statuses(403, admin=ok, staff_other=ok, staff=404)


def _area(ok: int = 200, **more: int) -> dict[str, int]:
    return statuses(403, admin=ok, analyst=ok, staff=ok, leader=ok, staff_other=ok, **more)


def _staff_area(ok: int = 200) -> dict[str, int]:
    return statuses(403, admin=ok, staff=ok, staff_other=ok)


_NO_ID = 999999999

ROUTES += (
    Route("meetings", lambda w: "/meetings/", _area()),
    Route("meeting_create", lambda w: "/meetings/new/", _staff_area()),
    Route(
        "meeting_create",
        lambda w: "/meetings/new/",
        _staff_area(),
        method="POST",
        data=lambda w: {"title": ""},
        label="invalid",
    ),
    Route("meeting", lambda w: f"/meetings/{_m(w).m_hy.pk}/", _hy(), label="own province"),
    Route(
        "meeting",
        lambda w: f"/meetings/{_m(w).m_tb.pk}/",
        _hy(),
        label="merged predecessor's 2017 meeting",
    ),
    Route("meeting", lambda w: f"/meetings/{_m(w).m_hn.pk}/", _hn(), label="another province's"),
    Route(
        "meeting",
        lambda w: f"/meetings/{_NO_ID}/",
        _area(404),
        label="no such meeting",
    ),
    Route("meeting_edit", lambda w: f"/meetings/{_m(w).m_hy.pk}/edit/", _manage_hy()),
    Route(
        "meeting_edit",
        lambda w: f"/meetings/{_m(w).m_hn.pk}/edit/",
        _manage_hn(),
        label="another province's",
    ),
    Route(
        "meeting_edit",
        lambda w: f"/meetings/{_m(w).m_hy.pk}/edit/",
        _manage_hy(),
        method="POST",
        data=lambda w: {"title": ""},
        label="invalid",
    ),
    Route(
        "meeting_document_add",
        lambda w: f"/meetings/{_m(w).m_hy.pk}/documents/",
        _manage_hy(),
        method="POST",
        data=lambda w: {"name": "Tài liệu"},
    ),
    Route(
        "meeting_document_add",
        lambda w: f"/meetings/{_m(w).m_hn.pk}/documents/",
        _manage_hn(),
        method="POST",
        data=lambda w: {"name": "Tài liệu"},
        label="another province's",
    ),
    Route(
        "meeting_document",
        lambda w: f"/meetings/{_m(w).m_hy.pk}/documents/{_m(w).document.pk}/",
        _hy(),
    ),
    Route(
        "meeting_document",
        lambda w: f"/meetings/{_m(w).m_hn.pk}/documents/{_m(w).document.pk}/",
        _hn(404),
        label="document of another meeting",
    ),
    Route("notices", lambda w: "/meetings/notices/", _area()),
    Route("notice", lambda w: f"/meetings/notices/{_m(w).notice_hy.pk}/", _hy()),
    Route(
        "notice",
        lambda w: f"/meetings/notices/{_m(w).notice_hn.pk}/",
        _hn(),
        label="another province's",
    ),
    Route("notice_create", lambda w: f"/meetings/{_m(w).m_hy.pk}/notices/new/", _manage_hy()),
    Route(
        "notice_create",
        lambda w: f"/meetings/{_m(w).m_hn.pk}/notices/new/",
        _manage_hn(),
        label="another province's",
    ),
    Route(
        "notice_issue",
        lambda w: f"/meetings/notices/{_m(w).draft_hy.pk}/issue/",
        _manage_hy(),
        method="POST",
        data=lambda w: {"issued_on": "không phải ngày"},
    ),
    Route(
        "notice_issue",
        lambda w: f"/meetings/notices/{_m(w).notice_hn.pk}/issue/",
        _manage_hn(),
        method="POST",
        data=lambda w: {"issued_on": "không phải ngày"},
        label="another province's",
    ),
    Route("tasks", lambda w: "/tasks/", _area()),
    Route("task_rates", lambda w: "/tasks/rates/", _area()),
    Route(
        "task_create",
        lambda w: "/tasks/new/",
        statuses(403, admin=200, staff=200, leader=200, staff_other=200),
    ),
    Route(
        "task_create",
        lambda w: "/tasks/new/",
        statuses(403, admin=200, staff=200, leader=200, staff_other=200),
        method="POST",
        data=lambda w: {"text": ""},
        label="invalid",
    ),
    Route("task", lambda w: f"/tasks/{_m(w).t_hy.pk}/", _hy(), label="own province"),
    Route(
        "task",
        lambda w: f"/tasks/{_m(w).t_national.pk}/",
        _hy(),
        label="national enterprise's, assigned by own notice",
    ),
    Route(
        "task",
        lambda w: f"/tasks/{_m(w).t_tb.pk}/",
        _hy(),
        label="merged predecessor's 2017 task",
    ),
    Route("task", lambda w: f"/tasks/{_m(w).t_hn.pk}/", _hn(), label="another province's"),
    Route("task", lambda w: f"/tasks/{_NO_ID}/", _area(404), label="no such task"),
    Route(
        "task_progress",
        lambda w: f"/tasks/{_m(w).t_hy.pk}/progress/",
        _manage_hy(),
        method="POST",
        data=lambda w: {"text": ""},
    ),
    Route(
        "task_progress",
        lambda w: f"/tasks/{_m(w).t_hn.pk}/progress/",
        _manage_hn(),
        method="POST",
        data=lambda w: {"text": ""},
        label="another province's",
    ),
    Route(
        "task_evidence",
        lambda w: f"/tasks/{_m(w).t_hy.pk}/progress/{_m(w).progress.pk}/file/",
        _hy(),
    ),
    Route(
        "task_evidence",
        lambda w: f"/tasks/{_m(w).t_hn.pk}/progress/{_m(w).progress.pk}/file/",
        _hn(404),
        label="evidence of another task",
    ),
    Route(
        "task_complete",
        lambda w: f"/tasks/{_m(w).t_hy.pk}/complete/",
        _manage_hy(),
        method="POST",
        data=lambda w: {"completed_on": ""},
    ),
    Route(
        "task_complete",
        lambda w: f"/tasks/{_m(w).t_hn.pk}/complete/",
        _manage_hn(),
        method="POST",
        data=lambda w: {"completed_on": ""},
        label="another province's",
    ),
    Route(
        "task_reopen",
        lambda w: f"/tasks/{_m(w).t_hy.pk}/reopen/",
        _manage_hy(),
        method="POST",
        data=lambda w: {"reason": ""},
    ),
    Route(
        "task_deadline",
        lambda w: f"/tasks/{_m(w).t_hy.pk}/deadline/",
        statuses(403, admin=200, staff=200, leader=200, staff_other=404),
        method="POST",
        data=lambda w: {"deadline": "", "reason": ""},
    ),
    Route(
        "task_deadline",
        lambda w: f"/tasks/{_m(w).t_hn.pk}/deadline/",
        statuses(403, admin=200, staff_other=200, staff=404, leader=404),
        method="POST",
        data=lambda w: {"deadline": "", "reason": ""},
        label="another province's",
    ),
    Route("commendations", lambda w: "/commendations/", _area()),
    Route("commendation_create", lambda w: "/commendations/new/", _staff_area()),
    Route(
        "commendation_create",
        lambda w: "/commendations/new/",
        _staff_area(),
        method="POST",
        data=lambda w: {"year": "năm"},
        label="invalid",
    ),
)
