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
    json: bool = False  # send ``data`` as a JSON body (the API) instead of a form

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
    Route("documents", lambda w: "/documents/", _staff_area()),
    Route(
        "documents",
        lambda w: "/documents/",
        _staff_area(),
        method="POST",
        data=lambda w: {"text": ""},
        label="nothing to read",
    ),
    Route(
        "document_review",
        lambda w: "/documents/review/not-a-pending-document/",
        _staff_area(404),
        label="no such pending document",
    ),
    Route("figure_reviews", lambda w: "/documents/figures/", _staff_area()),
    Route(
        "figure_review_decide",
        lambda w: f"/documents/figures/{_NO_ID}/",
        _staff_area(404),
        method="POST",
        data=lambda w: {"decision": "accept"},
        label="no such figure",
    ),
    Route("document", lambda w: f"/documents/{_m(w).doc_hy.pk}/", _hy(), label="own province"),
    Route(
        "document", lambda w: f"/documents/{_m(w).doc_hn.pk}/", _hn(), label="another province's"
    ),
)


# ----------------------------------------------------------------------------- the REST API
# With a session, as a person's browser calls it. Every operation × role with tokens and real
# objects is in tests/api/matrix.py; here each URL name answers a session, and writes name an
# object that does not exist (or refuse before storing), so no row changes the world.
API = "/api/v1"
NO = 999999999


def _api(default: int, *, anonymous: int = 401, **by_role: int) -> dict[str, int]:
    return statuses(default, anonymous=anonymous, **by_role)


def _api_read(path: str, name: str, expect: dict[str, int] | None = None, label: str = ""):
    return Route(name, lambda w: API + path, expect or _api(200, nobody=403), label=label)


def _api_write(name: str, path: str, permitted: tuple[str, ...], body=None, method="POST"):
    """A write on an object that does not exist: 404 for the roles that may, 403 for others."""
    return Route(
        name,
        lambda w: API + path,
        _api(403, **dict.fromkeys(permitted, 404)),
        method=method,
        data=body or (lambda w: {}),
        json=True,
    )


_READ_ALL = ("admin", "analyst", "staff", "leader", "staff_other")
_EDIT = ("admin", "staff", "reporting", "staff_other", "reporting_other")
_MANAGE = ("admin", "staff", "staff_other")

API_ROUTES: tuple[Route, ...] = (
    _api_read("/", "api:api-root", _api(200, anonymous=200, nobody=200)),
    _api_read("/openapi.json", "api:openapi-json", _api(200, anonymous=200, nobody=200)),
    _api_read("/no-such", "api:api_not_found", _api(404, anonymous=404)),
    _api_read("/me", "api:me", _api(200)),
    _api_read("/units", "api:units"),
    Route(
        "api:unit",
        lambda w: f"{API}/units/{w.xa_hy.pk}",
        _api(404, admin=200, analyst=200, staff=200, leader=200, reporting=200, nobody=403),
    ),
    Route(
        "api:unit_by_code",
        lambda w: f"{API}/units/by-code/00004?on=2026-01-01",
        _api(404, admin=200, analyst=200, staff_other=200, reporting_other=200, nobody=403),
    ),
    _api_read("/indicators", "api:indicators"),
    _api_read(f"/indicators/{NO}", "api:indicator", _api(404, nobody=403)),
    _api_read("/forms", "api:forms"),
    _api_read("/forms/TEST.01", "api:form"),
    _api_read("/values", "api:values", _api(403, **dict.fromkeys(_READ_ALL, 200))),
    _api_read("/dataValueSets", "api:data_value_sets", _api(403, **dict.fromkeys(_READ_ALL, 200))),
    _api_read(
        "/dataValueSets.json",
        "api:data_value_sets_json",
        _api(403, **dict.fromkeys(_READ_ALL, 200)),
    ),
    # A DHIS2 set naming a unit that does not exist: DHIS2's answer, a conflict for that value
    # and nothing stored (409), for every role that may import; the others never get that far.
    *(
        Route(
            name,
            lambda w, path=path: f"{API}/{path}",
            _api(403, admin=409, staff=409, reporting=409, staff_other=409, reporting_other=409),
            method="POST",
            data=lambda w: {
                "dataValues": [{"dataElement": "x", "period": "2025", "orgUnit": "x", "value": "1"}]
            },
            json=True,
        )
        for name, path in (
            ("api:data_value_sets_import", "dataValueSets"),
            ("api:data_value_sets_import_json", "dataValueSets.json"),
        )
    ),
    # No file: the request is incomplete for everybody logged in.
    Route("api:values_import", lambda w: f"{API}/values/import", _api(422), method="POST"),
    _api_read("/submissions", "api:submissions"),
    Route(
        "api:submission",
        lambda w: f"{API}/submissions/{w.sub_xa_hn.pk}",
        _api(404, admin=200, analyst=200, staff_other=200, reporting_other=200, nobody=403),
    ),
    _api_write(
        "api:submissions_open",
        "/submissions",
        _EDIT,
        lambda w: {"form": "TEST.01", "period": "2026", "unit_id": NO},
    ),
    _api_write(
        "api:reports",
        "/reports",
        _EDIT,
        lambda w: {"form": "TEST.01", "period": "2026", "unit_id": NO, "values": {}},
    ),
    _api_write(
        "api:submission_values",
        f"/submissions/{NO}/values",
        _EDIT,
        lambda w: {"values": {}},
        method="PUT",
    ),
    _api_write("api:submission_submit", f"/submissions/{NO}/submit", _EDIT),
    _api_write("api:submission_approve", f"/submissions/{NO}/approve", _MANAGE),
    _api_write(
        "api:submission_return", f"/submissions/{NO}/return", _MANAGE, lambda w: {"reason": "x"}
    ),
    _api_write(
        "api:submission_unapprove",
        f"/submissions/{NO}/unapprove",
        _MANAGE,
        lambda w: {"reason": "x"},
    ),
    _api_read(
        f"/completeness?form=TEST.01&period=2025&recipient_id={NO}",
        "api:completeness",
        _api(404, nobody=403),
    ),
    _api_read("/targets", "api:targets", _api(403, **dict.fromkeys(_READ_ALL, 200))),
    _api_write(
        "api:targets_set",
        "/targets",
        _MANAGE,
        lambda w: {"unit_id": NO, "indicator": "x", "period": "2025", "value": 1},
        method="PUT",
    ),
    _api_write("api:target", f"/targets/{NO}", _MANAGE, method="DELETE"),
    _api_read(
        "/analytics/rows?indicator=x&period=2025&unit=NO-SUCH",
        "api:analytics_rows",
        _api(403, **dict.fromkeys(_READ_ALL, 422)),
    ),
    _api_read(
        "/analytics/series?indicator=x&unit=NO-SUCH&periods=2025",
        "api:analytics_series",
        _api(403, **dict.fromkeys(_READ_ALL, 422)),
    ),
    _api_read("/meetings", "api:meetings", _api(403, **dict.fromkeys(_READ_ALL, 200))),
    _api_read(f"/meetings/{NO}", "api:meeting", _api(403, **dict.fromkeys(_READ_ALL, 404))),
    _api_write(
        "api:meetings_create",
        "/meetings",
        _MANAGE,
        lambda w: {"kind": "other", "title": "x", "date": "2026-01-01", "organizer_id": NO},
    ),
    _api_write("api:meeting_update", f"/meetings/{NO}", _MANAGE, method="PATCH"),
    _api_read("/tasks", "api:tasks", _api(403, **dict.fromkeys(_READ_ALL, 200))),
    _api_read(f"/tasks/{NO}", "api:task", _api(403, **dict.fromkeys(_READ_ALL, 404))),
    _api_write(
        "api:tasks_create",
        "/tasks",
        ("admin", "staff", "leader", "staff_other"),
        lambda w: {"text": "x", "lead_id": NO, "source": "document"},
    ),
    _api_write("api:task_progress", f"/tasks/{NO}/progress", _MANAGE, lambda w: {"text": "x"}),
    _api_write("api:task_complete", f"/tasks/{NO}/complete", _MANAGE),
    _api_write(
        "api:task_deadline",
        f"/tasks/{NO}/deadline",
        ("admin", "staff", "leader", "staff_other"),
        lambda w: {"deadline": "2026-01-01", "reason": "x"},
    ),
    _api_read("/commendations", "api:commendations", _api(403, **dict.fromkeys(_READ_ALL, 200))),
    _api_read(
        f"/commendations/{NO}", "api:commendation", _api(403, **dict.fromkeys(_READ_ALL, 404))
    ),
    _api_write(
        "api:commendations_create",
        "/commendations",
        _MANAGE,
        lambda w: {"form": "x", "year": 2025, "unit_id": NO},
    ),
    _api_read("/award-forms", "api:award_forms", _api(403, **dict.fromkeys(_READ_ALL, 200))),
    _api_read("/documents", "api:documents", _api(403, **dict.fromkeys(_READ_ALL, 200))),
    _api_read(f"/documents/{NO}", "api:document", _api(403, **dict.fromkeys(_READ_ALL, 404))),
    # The interactive documentation: a page anyone may read, as the schema it shows.
    Route("api:docs", lambda w: f"{API}/docs", _api(200, anonymous=200)),
    _api_read("/plans", "api:plans", _api(403, **dict.fromkeys(_READ_ALL, 200))),
    _api_read(f"/plans/{NO}", "api:plan", _api(403, **dict.fromkeys(_READ_ALL, 404))),
    _api_write("api:plans_create", "/plans", _MANAGE, lambda w: {"unit_id": NO, "period": "2026"}),
    _api_write(
        "api:plan_key_tasks_add", f"/plans/{NO}/key-tasks", _MANAGE, lambda w: {"text": "x"}
    ),
    _api_read("/notices", "api:notices", _api(403, **dict.fromkeys(_READ_ALL, 200))),
    _api_read(f"/notices/{NO}", "api:notice", _api(403, **dict.fromkeys(_READ_ALL, 404))),
    _api_write(
        "api:notices_create",
        f"/meetings/{NO}/notices",
        _MANAGE,
        lambda w: {"items": [{"text": "x", "lead_id": NO}]},
    ),
    _api_write("api:notice_update", f"/notices/{NO}", _MANAGE, method="PATCH"),
    _api_write("api:notice_issue", f"/notices/{NO}/issue", _MANAGE),
    _api_write(
        "api:notice_file_request", f"/notices/{NO}/files", _READ_ALL, lambda w: {"format": "pdf"}
    ),
    # A file made is its requester's alone: no role needed, none of another's reached.
    _api_read("/document-jobs", "api:document_jobs", _api(200)),
    _api_read(f"/document-jobs/{NO}", "api:document_job", _api(404)),
    _api_read(f"/document-jobs/{NO}/file", "api:document_job_file", _api(404)),
    _api_read(
        f"/review-reports/{NO}/2025", "api:review_report", _api(403, **dict.fromkeys(_MANAGE, 404))
    ),
    _api_write(
        "api:review_report_part",
        f"/review-reports/{NO}/2025/parts/overview",
        _MANAGE,
        lambda w: {"text": "x"},
        method="PUT",
    ),
    _api_write(
        "api:review_report_file_request",
        f"/review-reports/{NO}/2025/files",
        _MANAGE,
        lambda w: {"format": "docx"},
    ),
    _api_read(
        f"/meetings/{NO}/article", "api:meeting_article", _api(403, **dict.fromkeys(_READ_ALL, 404))
    ),
    _api_read("/users", "api:users", _api(403, **dict.fromkeys(_MANAGE, 200))),
    _api_read(f"/users/{NO}", "api:user", _api(403, **dict.fromkeys(_MANAGE, 404))),
    _api_write(
        "api:users_create",
        "/users",
        _MANAGE,
        lambda w: {"username": "x", "role": "reporting", "unit_id": NO},
    ),
    _api_write(
        "api:user_roles_add",
        f"/users/{NO}/roles",
        _MANAGE,
        lambda w: {"role": "reporting", "unit_id": NO},
    ),
    _api_write("api:user_role_end", f"/users/{NO}/roles/{NO}", _MANAGE, method="DELETE"),
    _api_write("api:user_deactivate", f"/users/{NO}/deactivate", _MANAGE),
    _api_write("api:user_reactivate", f"/users/{NO}/reactivate", _MANAGE),
    _api_write("api:user_password_reset", f"/users/{NO}/password-reset", _MANAGE),
    # Anyone's own password: a wrong current one is refused, for every role.
    Route(
        "api:me_password",
        lambda w: f"{API}/me/password",
        _api(422),
        method="POST",
        data=lambda w: {"old_password": "sai", "new_password": "Mật-khẩu-mới-2027!"},
        json=True,
    ),
)
ROUTES = ROUTES + API_ROUTES


# The reporting pages (tongket.web.pages_reporting): dashboard, data entry, approvals,
# indicators. Objects come from tests/web/reporting/world.py; a POST on a report sends nothing
# that changes it (no values, or a transition its status refuses), so every allowed role of a
# row gets the same answer.
from web.reporting.world import reporting_of as _r  # noqa: E402


def _report(ok: int, *seen: str) -> dict[str, int]:
    """A report page: the editing roles (admin, staff, reporting units) reach the reports of
    their scope (``seen``); the others editing get 404; roles that cannot edit get 403."""
    editors = ("admin", "staff", "reporting", "staff_other", "reporting_other")
    return statuses(403, **{r: (ok if r in seen or r == "admin" else 404) for r in editors})


def _approve(ok: int, *seen: str) -> dict[str, int]:
    approvers = ("admin", "staff", "staff_other")
    return statuses(403, **{r: (ok if r in seen or r == "admin" else 404) for r in approvers})


def _view(ok: int, *seen: str) -> dict[str, int]:
    """A page any role with a scope may open, showing a unit of ``seen``'s scope."""
    return statuses(404, nobody=403, admin=ok, analyst=ok, **dict.fromkeys(seen, ok))


_HY = ("staff", "leader", "reporting")
_HN = ("staff_other", "reporting_other")

ROUTES += (
    Route("dashboard", lambda w: "/dashboard/", statuses(200, nobody=403)),
    Route(
        "dashboard",
        lambda w: f"/dashboard/?unit={w.xa_hn.pk}&period=2025",
        _view(200, *_HN),
        label="another province's commune",
    ),
    Route(
        "dashboard",
        lambda w: f"/dashboard/?unit={w.hung_yen.pk}&period=2025",
        _view(200, "staff", "leader"),
        label="own province",
    ),
    Route(
        "dashboard_figures",
        lambda w: f"/dashboard/figures/?unit={w.hung_yen.pk}&period=2025",
        _view(200, "staff", "leader"),
    ),
    Route(
        "dashboard_figures",
        lambda w: f"/dashboard/figures/?unit={w.xa_hn.pk}&period=2025",
        _view(200, *_HN),
        label="another province's commune",
    ),
    Route(
        "dashboard_chart",
        lambda w: f"/dashboard/chart/?unit={w.xa_hy.pk}&period=2025&indicator={_r(w).total.code}",
        _view(200, *_HY),
    ),
    Route(
        "dashboard_compare",
        lambda w: (
            f"/dashboard/compare/?unit={w.hung_yen.pk}&period=2025&indicator={_r(w).total.code}"
        ),
        _view(200, "staff", "leader"),
    ),
    Route(
        "entry",
        lambda w: "/entry/",
        statuses(403, admin=200, staff=200, reporting=200, staff_other=200, reporting_other=200),
    ),
    Route(
        "entry_open",
        lambda w: "/entry/open/",
        _report(302, "staff", "reporting"),
        method="POST",
        data=lambda w: {"unit": w.xa_hy.pk, "form": w.sub_xa_hy.form.code, "period": "2025"},
    ),
    Route(
        "entry_submission",
        lambda w: f"/entry/{w.sub_xa_hy.pk}/",
        _report(200, "staff", "reporting"),
        label="own report",
    ),
    Route(
        "entry_submission",
        lambda w: f"/entry/{w.sub_xa_hn.pk}/",
        _report(200, *_HN),
        label="another unit's report by id",
    ),
    Route(
        "entry_submission",
        lambda w: f"/entry/{w.sub_xa_hn.pk}/",
        _report(302, *_HN),
        method="POST",
        data=lambda w: {"action": "save"},
        label="save another unit's report by id",
    ),
    Route(
        "entry_submission",
        lambda w: f"/entry/{w.sub_xa_tb_old.pk}/",
        _report(200, "staff", "reporting"),
        label="2017 report of a commune merged into own",
    ),
    Route(
        "entry_submission",
        lambda w: "/entry/999999999/",
        _report(404),
        label="no such report",
    ),
    Route("offline_worker", lambda w: "/sw.js", statuses(200, anonymous=200)),
    Route("offline_manifest", lambda w: "/entry/app.webmanifest", statuses(200, anonymous=200)),
    Route(
        "entry_offline",
        lambda w: f"/entry/{_r(w) and w.sub_xa_hy.pk}/offline.json",
        _report(200, "staff", "reporting"),
        label="own report's form for offline use",
    ),
    Route(
        "entry_offline",
        lambda w: f"/entry/{_r(w) and w.sub_xa_hn.pk}/offline.json",
        _report(200, *_HN),
        label="another unit's report's form by id",
    ),
    Route(
        "entry_template",
        lambda w: f"/entry/{_r(w) and w.sub_xa_hy.pk}/template.xlsx",
        _report(200, "staff", "reporting"),
    ),
    Route(
        "entry_template",
        lambda w: f"/entry/{_r(w) and w.sub_xa_hn.pk}/template.xlsx",
        _report(200, *_HN),
        label="another unit's report by id",
    ),
    Route(
        "entry_cell",
        lambda w: f"/entry/{w.sub_xa_hn.pk}/cell/",
        _report(200, *_HN),
        method="POST",
        data=lambda w: {"code": _r(w) and "web.subscribers", "c:web.subscribers": "Đã đối chiếu"},
        label="a cell of another unit's report by id",
    ),
    Route(
        "entry_upload",
        lambda w: f"/entry/{w.sub_xa_hn.pk}/upload/",
        _report(400, *_HN),
        method="POST",
        label="another unit's report by id, no file",
    ),
    Route(
        "entry_upload_confirm",
        lambda w: f"/entry/{w.sub_xa_hn.pk}/upload/confirm/",
        _report(302, *_HN),
        method="POST",
        data=lambda w: {"sha256": "0" * 64},
        label="another unit's report by id, nothing pending",
    ),
    Route(
        "round_units",
        lambda w: f"/rounds/TEST.01/2025/?unit={w.so_hy.pk}",
        _view(200, "staff", "leader"),
    ),
    Route(
        "round_units",
        lambda w: f"/rounds/TEST.01/2025/?unit={w.so_hn.pk}",
        _view(200, "staff_other"),
        label="another province's department",
    ),
    Route(
        "round_units",
        lambda w: f"/rounds/TEST.01/2025/?unit={w.so_hy.pk}",
        statuses(404, nobody=403, admin=302, staff=302, leader=403, analyst=403),
        method="POST",
        data=lambda w: {"unit": w.so_hy.pk, "units": [w.xa_hy.pk]},
        label="remind",
    ),
    Route(
        "approvals",
        lambda w: "/approvals/",
        statuses(403, admin=200, staff=200, staff_other=200),
    ),
    Route("approval", lambda w: f"/approvals/{w.sub_xa_hy.pk}/", _approve(200, "staff")),
    Route(
        "approval",
        lambda w: f"/approvals/{w.sub_national_hy.pk}/",
        _approve(200, "staff"),
        label="national enterprise reporting to own department",
    ),
    Route(
        "approval",
        lambda w: f"/approvals/{w.sub_xa_hn.pk}/",
        _approve(302, "staff_other"),
        method="POST",
        data=lambda w: {"action": "approve"},
        label="approve another province's draft by id",
    ),
    Route(
        "value_audit",
        lambda w: f"/values/{_r(w).v_hy.pk}/audit/",
        statuses(403, admin=200, staff=200, leader=200, staff_other=404),
    ),
    Route(
        "value_audit",
        lambda w: f"/values/{_r(w).v_hn.pk}/audit/",
        statuses(403, admin=200, staff_other=200, staff=404, leader=404),
        label="another province's value by id",
    ),
    Route(
        "consistency",
        lambda w: "/consistency/?period=2025",
        statuses(200, nobody=403, reporting=403, reporting_other=403),
    ),
    Route(
        "consistency",
        lambda w: f"/consistency/?unit={w.hung_yen.pk}&period=2025",
        statuses(
            404,
            nobody=403,
            reporting=403,
            reporting_other=403,
            admin=200,
            analyst=200,
            staff=200,
            leader=200,
        ),
        label="own province",
    ),
    Route(
        "estimates",
        lambda w: "/estimates/?period=2025",
        statuses(403, admin=200, staff=200, staff_other=200),
    ),
    Route(
        "estimates",
        lambda w: f"/estimates/?unit={w.hung_yen.pk}&period=2025",
        statuses(403, admin=200, staff=200, staff_other=404),
        label="own province",
    ),
    Route(
        "estimates",
        lambda w: "/estimates/",
        statuses(403, admin=400, staff=400, staff_other=404),
        method="POST",
        data=lambda w: {"unit": w.hung_yen.pk, "period": "2025", "indicator": "", "value": ""},
        label="enter another province's estimate by id",
    ),
    Route("indicators", lambda w: "/indicators/", statuses(200, nobody=403)),
    Route(
        "indicator",
        lambda w: f"/indicators/{_r(w).total.code}/",
        statuses(200, nobody=403),
    ),
    Route(
        "indicator",
        lambda w: f"/indicators/{_r(w).total.code}/?unit={w.xa_hn.pk}",
        _view(200, *_HN),
        label="another province's commune",
    ),
    Route(
        "indicator",
        lambda w: "/indicators/no.such.indicator/",
        statuses(404, nobody=403),
        label="no such indicator",
    ),
)


# The documents pages (tongket.web.pages_documents) and the account pages
# (tongket.accounts.pages). A document job is its requester's alone: anyone else gets 404.
def _job(w: World):
    from tongket.papers.models import DocumentJob, JobKind, JobStatus

    if "job" not in w.__dict__:
        w.__dict__["job"] = DocumentJob.objects.create(
            kind=JobKind.REPORT,
            fmt="docx",
            unit=w.so_hy,
            year=2025,
            requested_by=w.staff,
            status=JobStatus.DONE,
            progress=100,
            file_name="bao-cao.docx",
            content_type="application/octet-stream",
            data=b"PK",
        )
    return w.__dict__["job"]


def _commune_account(w: World):
    """A reporting unit's account that no client of the matrix is logged in as (resetting its
    password would end that client's session)."""
    from accounts.world import make_user
    from tongket.accounts.roles import Role

    if "commune_account" not in w.__dict__:
        w.__dict__["commune_account"] = make_user("xa.vuthu", (Role.REPORTING, w.xa_hy))
    return w.__dict__["commune_account"]


def _accounts_area(ok: int = 200) -> dict[str, int]:
    return statuses(403, admin=ok, staff=ok, staff_other=ok)


def _logged_in(ok: int = 200) -> dict[str, int]:
    return statuses(ok)


ROUTES += (
    Route("papers", lambda w: "/papers/reports/", _staff_area()),
    Route("report_draft", lambda w: f"/papers/reports/{w.so_hy.pk}/2025/", _manage_hy()),
    Route(
        "report_draft",
        lambda w: f"/papers/reports/{w.so_hn.pk}/2025/",
        _manage_hn(),
        label="another province's",
    ),
    Route(
        "report_draft",
        lambda w: f"/papers/reports/{w.so_hy.pk}/2025/",
        _manage_hy(400),
        method="POST",
        data=lambda w: {"section": "no-such-part", "text": "x"},
        label="invalid",
    ),
    Route(
        "report_file_request",
        lambda w: f"/papers/reports/{w.so_hy.pk}/2025/file/",
        _manage_hy(302),
        method="POST",
        data=lambda w: {"fmt": "exe"},
    ),
    Route(
        "report_file_request",
        lambda w: f"/papers/reports/{w.so_hn.pk}/2025/file/",
        _manage_hn(302),
        method="POST",
        data=lambda w: {"fmt": "exe"},
        label="another province's",
    ),
    Route("document_job", lambda w: f"/papers/jobs/{_job(w).pk}/", statuses(404, staff=200)),
    Route(
        "document_job_file",
        lambda w: f"/papers/jobs/{_job(w).pk}/file/",
        statuses(404, staff=200),
    ),
    Route("notice_edit", lambda w: f"/meetings/notices/{_m(w).draft_hy.pk}/edit/", _manage_hy()),
    Route(
        "notice_edit",
        lambda w: f"/meetings/notices/{_m(w).notice_hn.pk}/edit/",
        _manage_hn(302),
        label="another province's, issued",
    ),
    Route(
        "notice_file_request",
        lambda w: f"/meetings/notices/{_m(w).notice_hy.pk}/file/",
        _hy(302),
        method="POST",
        data=lambda w: {"fmt": "exe"},
    ),
    Route(
        "notice_file_request",
        lambda w: f"/meetings/notices/{_m(w).notice_hn.pk}/file/",
        _hn(302),
        method="POST",
        data=lambda w: {"fmt": "exe"},
        label="another province's",
    ),
    Route("article", lambda w: f"/meetings/{_m(w).m_hy.pk}/article/", _hy()),
    Route(
        "article",
        lambda w: f"/meetings/{_m(w).m_hn.pk}/article/",
        _hn(),
        label="another province's",
    ),
    Route("article_file", lambda w: f"/meetings/{_m(w).m_hy.pk}/article.txt", _hy()),
    Route(
        "article_file",
        lambda w: f"/meetings/{_m(w).m_hy.pk}/article.exe",
        _hy(404),
        label="no such format",
    ),
    Route("password_change", lambda w: "/account/password/", _logged_in()),
    Route(
        "password_change",
        lambda w: "/account/password/",
        _logged_in(400),
        method="POST",
        data=lambda w: {"old_password": "", "new_password": ""},
        label="invalid",
    ),
    Route("users", lambda w: "/users/", _accounts_area()),
    Route("user_create", lambda w: "/users/new/", _accounts_area()),
    Route(
        "user_create",
        lambda w: "/users/new/",
        _accounts_area(400),
        method="POST",
        data=lambda w: {"username": ""},
        label="invalid",
    ),
    Route("user", lambda w: f"/users/{_commune_account(w).pk}/", _manage_hy()),
    Route(
        "user",
        lambda w: f"/users/{w.staff.pk}/",
        statuses(403, admin=200, staff=404, staff_other=404),
        label="a department's staff (only an administrator manages it)",
    ),
    Route(
        "user",
        lambda w: f"/users/{w.reporting_other.pk}/",
        _manage_hn(),
        label="another province's commune",
    ),
    Route(
        "user_role_add",
        lambda w: f"/users/{_commune_account(w).pk}/roles/",
        _manage_hy(400),
        method="POST",
        data=lambda w: {"role": ""},
    ),
    Route(
        "user_role_end",
        lambda w: f"/users/{_commune_account(w).pk}/roles/{_NO_ID}/end/",
        _manage_hy(404),
        method="POST",
    ),
    Route(
        "user_active",
        lambda w: f"/users/{_commune_account(w).pk}/active/",
        _manage_hy(302),
        method="POST",
        data=lambda w: {"active": "1"},
    ),
    Route(
        "user_password_reset",
        lambda w: f"/users/{_commune_account(w).pk}/password/",
        _manage_hy(),
        method="POST",
    ),
)


# Signing (tongket.signing): signing from a notice's or a report's page (no certificate is
# configured in the matrix, so those who may are sent back with the reason), the signed copy
# (readable by the notice's readers), and the check of a received PDF (kept by its uploader).
def _signed(w: World, notice):
    from tongket.signing.models import SignedDocument, SignedKind

    key = f"signed_{notice.pk}"
    if key not in w.__dict__:
        w.__dict__[key] = SignedDocument.objects.create(
            kind=SignedKind.NOTICE,
            issuer=notice.issuer,
            year=notice.year or 2025,
            number=notice.number,
            notice=notice,
            file_name="thong-bao-da-ky.pdf",
            data=b"%PDF-1.7 test",
            sha256="0" * 64,
            signer="Người ký",
            signed_by="test",
            signed_at=notice.created_at,
        )
    return w.__dict__[key]


def _received(w: World):
    from tongket.signing.models import ReceivedDocument

    if "received" not in w.__dict__:
        w.__dict__["received"] = ReceivedDocument.objects.create(
            name="van-ban.pdf",
            data=b"%PDF-1.7 test",
            sha256="0" * 64,
            size=13,
            signed=False,
            ok=False,
            uploaded_by=w.staff,
        )
    return w.__dict__["received"]


ROUTES += (
    Route(
        "notice_sign",
        lambda w: f"/meetings/notices/{_m(w).notice_hy.pk}/sign/",
        _manage_hy(302),
        method="POST",
    ),
    Route(
        "notice_sign",
        lambda w: f"/meetings/notices/{_m(w).notice_hn.pk}/sign/",
        _manage_hn(302),
        method="POST",
        label="another province's",
    ),
    Route(
        "report_sign",
        lambda w: f"/papers/reports/{w.so_hy.pk}/2025/sign/",
        _manage_hy(302),
        method="POST",
    ),
    Route(
        "report_sign",
        lambda w: f"/papers/reports/{w.so_hn.pk}/2025/sign/",
        _manage_hn(302),
        method="POST",
        label="another province's",
    ),
    Route("signed_file", lambda w: f"/papers/signed/{_signed(w, _m(w).notice_hy).pk}/", _hy()),
    Route(
        "signed_file",
        lambda w: f"/papers/signed/{_signed(w, _m(w).notice_hn).pk}/",
        _hn(),
        label="another province's",
    ),
    Route("signed_file", lambda w: f"/papers/signed/{_NO_ID}/", _area(404), label="no such"),
    Route("verify", lambda w: "/papers/verify/", _staff_area()),
    Route(
        "verify",
        lambda w: "/papers/verify/",
        _staff_area(400),
        method="POST",
        data=lambda w: {"keep": "on"},
        label="no file",
    ),
    Route(
        "received_document",
        lambda w: f"/papers/verify/{_received(w).pk}/",
        statuses(403, admin=404, staff=200, staff_other=404),
    ),
)
