"""The API permission matrix: every operation (method × path of the OpenAPI schema) × every
role, with the status each must get; ``test_every_operation_is_in_the_matrix`` fails until a
new operation has its rows.

An object outside the caller's scope is 404 (as if it did not exist); a visible one the role
may not act on, or a permission the role has nowhere, is 403; no credentials is 401.
Each write runs inside a transaction rolled back after it, so every role meets the same state.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from accounts.world import PASSWORD, ROLE_KEYS
from api.world_api import ApiWorld

ROLES = ("anonymous", *ROLE_KEYS)
# Served beside the operations of the schema: the schema itself, an index, unknown addresses.
NOT_OPERATIONS = {("GET", "/openapi.json"), ("GET", "/"), ("GET", "/no/such/{}")}
READERS = ("admin", "analyst", "staff", "leader", "staff_other")


@dataclass(frozen=True)
class ApiRoute:
    method: str
    template: str  # as in the OpenAPI schema, under /api/v1
    expect: Mapping[str, int]
    params: Callable[[ApiWorld], dict] = field(default=lambda w: {})
    query: Callable[[ApiWorld], dict] | None = None
    json: Callable[[ApiWorld], dict] | None = None
    files: Callable[[ApiWorld], dict] | None = None
    label: str = ""

    @property
    def id(self) -> str:
        return f"{self.method} {self.template}" + (f" [{self.label}]" if self.label else "")

    def path(self, w: ApiWorld) -> str:
        return self.template.format(**self.params(w))


def statuses(default: int, *, anonymous: int = 401, **by_role: int) -> dict[str, int]:
    unknown = set(by_role) - set(ROLES)
    assert not unknown, f"unknown roles {unknown}"
    return {role: by_role.get(role, default) for role in ROLE_KEYS} | {"anonymous": anonymous}


def readers(ok: int = 200, **others: int) -> dict[str, int]:
    """The read-everything roles in their scope; reporting units and nobody refused."""
    return statuses(403, **{r: ok for r in READERS}, **others)


def in_hy(ok: int, *roles: str, outside: int = 404) -> dict[str, int]:
    """An object of Hưng Yên: ``roles`` may; Hà Nội's staff do not see it; the rest refused."""
    return statuses(403, **dict.fromkeys(roles, ok), staff_other=outside)


CSV = "unit,indicator,period,value\n12001,test.b,2025,7\n"
DHIS2 = {
    "dataSet": "TEST.01",
    "dataValues": [{"dataElement": "test.b", "period": "2025", "orgUnit": "12001", "value": "7"}],
}


def _sub(key: str):
    return lambda w: {"id": getattr(w, key).pk}


ROUTES: tuple[ApiRoute, ...] = (
    ApiRoute("GET", "/me", statuses(200)),
    ApiRoute("GET", "/openapi.json", statuses(200, anonymous=200)),
    ApiRoute("GET", "/", statuses(200, anonymous=200)),
    ApiRoute("GET", "/no/such/{path}", statuses(404, anonymous=404), lambda w: {"path": "x"}),
    # Units
    ApiRoute("GET", "/units", statuses(200, nobody=403)),
    ApiRoute(
        "GET",
        "/units/{id}",
        statuses(404, admin=200, analyst=200, staff=200, leader=200, reporting=200, nobody=403),
        params=lambda w: {"id": w.xa_hy.pk},
        label="own commune",
    ),
    ApiRoute(
        "GET",
        "/units/{id}",
        statuses(404, admin=200, analyst=200, staff_other=200, reporting_other=200, nobody=403),
        params=lambda w: {"id": w.xa_hn.pk},
        label="another province's commune",
    ),
    ApiRoute(
        "GET",
        "/units/{id}",
        statuses(404, admin=200, analyst=200, staff=200, leader=200, reporting=200, nobody=403),
        params=lambda w: {"id": w.xa_tb_old.pk},
        label="commune merged into own",
    ),
    ApiRoute(
        "GET",
        "/units/{id}",
        statuses(404, nobody=403),
        params=lambda w: {"id": 999999999},
        label="no such unit",
    ),
    ApiRoute(
        "GET",
        "/units/by-code/{code}",
        statuses(404, admin=200, analyst=200, staff=200, leader=200, reporting=200, nobody=403),
        params=lambda w: {"code": "12001"},
        query=lambda w: {"on": "2026-01-01"},
    ),
    ApiRoute(
        "GET",
        "/units/by-code/{code}",
        statuses(404, admin=200, analyst=200, staff_other=200, reporting_other=200, nobody=403),
        params=lambda w: {"code": "00004"},
        label="another province's commune",
    ),
    # Catalogue
    ApiRoute("GET", "/indicators", statuses(200, nobody=403)),
    ApiRoute("GET", "/indicators/{code}", statuses(200, nobody=403), lambda w: {"code": "test.a"}),
    ApiRoute("GET", "/forms", statuses(200, nobody=403)),
    ApiRoute("GET", "/forms/{code}", statuses(200, nobody=403), lambda w: {"code": "TEST.01"}),
    # Values
    ApiRoute("GET", "/values", readers()),
    ApiRoute("GET", "/dataValueSets", readers()),
    ApiRoute("GET", "/dataValueSets.json", readers()),
    ApiRoute(
        "POST",
        "/values/import",
        statuses(403, admin=200, staff=200, reporting=200),
        files=lambda w: {"file": ("giatri.csv", CSV.encode())},
        label="own commune's value",
    ),
    ApiRoute(
        "POST",
        "/dataValueSets",
        # DHIS2's answer to a unit outside the scope: a conflict (E7617), nothing stored.
        statuses(403, admin=200, staff=200, reporting=200, staff_other=409, reporting_other=409),
        json=lambda w: DHIS2,
        label="own commune's value",
    ),
    ApiRoute(
        "POST",
        "/dataValueSets.json",
        statuses(403, admin=200, staff=200, reporting=200, staff_other=409, reporting_other=409),
        json=lambda w: DHIS2,
        label="own commune's value",
    ),
    # Submissions
    ApiRoute("GET", "/submissions", statuses(200, nobody=403)),
    ApiRoute(
        "GET",
        "/submissions/{id}",
        statuses(404, admin=200, analyst=200, staff=200, leader=200, reporting=200, nobody=403),
        params=_sub("sub_xa_hy"),
        label="own commune",
    ),
    ApiRoute(
        "GET",
        "/submissions/{id}",
        statuses(404, admin=200, analyst=200, staff_other=200, reporting_other=200, nobody=403),
        params=_sub("sub_xa_hn"),
        label="another province's commune",
    ),
    ApiRoute(
        "GET",
        "/submissions/{id}",
        statuses(404, admin=200, analyst=200, staff=200, leader=200, reporting=200, nobody=403),
        params=_sub("sub_xa_tb_old"),
        label="2017 report of the commune merged into own",
    ),
    ApiRoute(
        "GET",
        "/submissions/{id}",
        statuses(404, admin=200, analyst=200, staff=200, leader=200, nobody=403),
        params=_sub("sub_dn_move_2015"),
        label="enterprise under Thái Bình in 2015",
    ),
    ApiRoute(
        "GET",
        "/submissions/{id}",
        statuses(404, nobody=403),
        params=lambda w: {"id": 999999999},
        label="no such report",
    ),
    ApiRoute(
        "POST",
        "/submissions",
        statuses(403, admin=201, staff=201, reporting=201, staff_other=404, reporting_other=404),
        json=lambda w: {"form": "TEST.01", "period": "2026", "unit_id": w.xa_hy.pk},
        label="own commune",
    ),
    ApiRoute(
        "POST",
        "/submissions",
        statuses(403, admin=201, staff_other=201, reporting_other=201, staff=404, reporting=404),
        json=lambda w: {"form": "TEST.01", "period": "2026", "unit_code": "00004"},
        label="another province's commune, by code",
    ),
    ApiRoute(
        "POST",
        "/reports",
        statuses(403, admin=201, staff=201, reporting=201, staff_other=404, reporting_other=404),
        json=lambda w: {
            "form": "TEST.01",
            "period": "2026",
            "unit_id": w.xa_hy.pk,
            "values": {"test.a": 130, "test.b": "2"},
        },
    ),
    ApiRoute(
        "PUT",
        "/submissions/{id}/values",
        statuses(403, admin=200, staff=200, reporting=200, staff_other=404, reporting_other=404),
        params=_sub("sub_xa_hy"),
        json=lambda w: {"values": {"test.b": 3}},
        label="own commune",
    ),
    ApiRoute(
        "PUT",
        "/submissions/{id}/values",
        statuses(403, admin=200, staff_other=200, reporting_other=200, staff=404, reporting=404),
        params=_sub("sub_xa_hn"),
        json=lambda w: {"values": {"test.b": 3}},
        label="another province's commune",
    ),
    ApiRoute(
        "POST",
        "/submissions/{id}/submit",
        statuses(403, admin=200, staff=200, reporting=200, staff_other=404, reporting_other=404),
        params=_sub("sub_xa_hy"),
    ),
    ApiRoute(
        "POST",
        "/submissions/{id}/approve",
        in_hy(200, "admin", "staff"),
        params=_sub("sub_submitted_hy"),
        label="Hưng Yên",
    ),
    ApiRoute(
        "POST",
        "/submissions/{id}/approve",
        statuses(403, admin=200, staff_other=200, staff=404),
        params=_sub("sub_submitted_hn"),
        label="Hà Nội",
    ),
    ApiRoute(
        "POST",
        "/submissions/{id}/return",
        in_hy(200, "admin", "staff"),
        params=_sub("sub_submitted_hy"),
        json=lambda w: {"reason": "Thiếu số liệu dòng 2"},
    ),
    ApiRoute(
        "POST",
        "/submissions/{id}/unapprove",
        in_hy(200, "admin", "staff"),
        params=_sub("sub_approved_hy"),
        json=lambda w: {"reason": "Sai số thuê bao"},
    ),
    ApiRoute(
        "GET",
        "/completeness",
        # A commune sees its own reports, not its department's list of who reported.
        statuses(404, admin=200, analyst=200, staff=200, leader=200, nobody=403),
        query=lambda w: {"form": "TEST.01", "period": "2025", "recipient_id": w.so_hy.pk},
    ),
    ApiRoute(
        "GET",
        "/completeness",
        statuses(404, admin=200, analyst=200, staff_other=200, nobody=403),
        query=lambda w: {"form": "TEST.01", "period": "2025", "recipient_id": w.so_hn.pk},
        label="Hà Nội's department",
    ),
    # Targets and analytics
    ApiRoute("GET", "/targets", readers()),
    ApiRoute(
        "PUT",
        "/targets",
        in_hy(200, "admin", "staff"),
        json=lambda w: {
            "unit_id": w.xa_hy.pk,
            "indicator": "test.a",
            "period": "2025",
            "value": 150,
        },
    ),
    ApiRoute(
        "DELETE",
        "/targets/{id}",
        in_hy(204, "admin", "staff"),
        params=lambda w: {"id": w.target_hy.pk},
    ),
    ApiRoute(
        "GET",
        "/analytics/rows",
        in_hy(200, "admin", "analyst", "staff", "leader"),
        query=lambda w: {"indicator": "test.a", "period": "2025", "unit": "33"},
    ),
    ApiRoute(
        "GET",
        "/analytics/series",
        in_hy(200, "admin", "analyst", "staff", "leader"),
        query=lambda w: {"indicator": "test.a", "unit": "12001", "periods": ["2025"]},
    ),
    # Meetings, tasks, commendations
    ApiRoute("GET", "/meetings", readers()),
    ApiRoute(
        "POST",
        "/meetings",
        in_hy(201, "admin", "staff"),
        json=lambda w: {
            "kind": "quarterly_review",
            "title": "Giao ban quý I năm 2026",
            "date": "2026-03-25",
            "organizer_id": w.so_hy.pk,
        },
    ),
    ApiRoute(
        "GET",
        "/meetings/{id}",
        in_hy(200, "admin", "analyst", "staff", "leader"),
        params=lambda w: {"id": w.meeting_hy.pk},
    ),
    ApiRoute(
        "PATCH",
        "/meetings/{id}",
        in_hy(200, "admin", "staff"),
        params=lambda w: {"id": w.meeting_hy.pk},
        json=lambda w: {"place": "Hội trường tầng 3", "reason": "Đổi phòng"},
    ),
    ApiRoute("GET", "/tasks", readers()),
    ApiRoute(
        "POST",
        "/tasks",
        in_hy(201, "admin", "staff", "leader"),
        json=lambda w: {
            "text": "Rà soát hạ tầng viễn thông",
            "lead_id": w.so_hy.pk,
            "source": "document",
            "document_number": "12/UBND-KT",
            "document_date": "2026-01-05",
            "deadline": "2026-03-31",
        },
    ),
    ApiRoute(
        "GET",
        "/tasks/{id}",
        in_hy(200, "admin", "analyst", "staff", "leader"),
        params=lambda w: {"id": w.task_hy.pk},
    ),
    ApiRoute(
        "POST",
        "/tasks/{id}/progress",
        in_hy(201, "admin", "staff"),
        params=lambda w: {"id": w.task_hy.pk},
        json=lambda w: {"text": "Đã lắp 3 trạm", "percent": 40, "on": "2026-02-01"},
    ),
    ApiRoute(
        "POST",
        "/tasks/{id}/complete",
        in_hy(200, "admin", "staff"),
        params=lambda w: {"id": w.task_hy.pk},
        json=lambda w: {"on": "2026-05-30", "note": "Hoàn thành"},
    ),
    ApiRoute(
        "POST",
        "/tasks/{id}/deadline",
        in_hy(200, "admin", "staff", "leader"),
        params=lambda w: {"id": w.task_hy.pk},
        json=lambda w: {"deadline": "2026-09-30", "reason": "Chờ vốn"},
    ),
    ApiRoute("GET", "/commendations", readers()),
    ApiRoute(
        "GET",
        "/commendations/{id}",
        in_hy(200, "admin", "analyst", "staff", "leader"),
        params=lambda w: {"id": w.commendation_hy.pk},
    ),
    ApiRoute(
        "POST",
        "/commendations",
        in_hy(201, "admin", "staff"),
        json=lambda w: {"form": "gk_so", "year": 2025, "unit_id": w.xa_hy.pk, "collectives": 1},
    ),
    ApiRoute("GET", "/award-forms", readers()),
    # Source documents
    ApiRoute("GET", "/documents", readers()),
    ApiRoute(
        "GET",
        "/documents/{id}",
        in_hy(200, "admin", "analyst", "staff", "leader"),
        params=lambda w: {"id": w.document_hy.pk},
    ),
    ApiRoute(
        "GET",
        "/documents/{id}",
        statuses(403, admin=200, analyst=200, staff_other=200, leader=404, staff=404),
        params=lambda w: {"id": w.document_hn.pk},
        label="Hà Nội's",
    ),
    # Plans
    ApiRoute("GET", "/plans", readers()),
    ApiRoute(
        "GET",
        "/plans/{id}",
        in_hy(200, "admin", "analyst", "staff", "leader"),
        params=lambda w: {"id": w.plan_hy.pk},
    ),
    ApiRoute(
        "GET",
        "/plans/{id}",
        statuses(403, admin=200, analyst=200, staff_other=200, staff=404, leader=404),
        params=lambda w: {"id": w.plan_hn.pk},
        label="Hà Nội's",
    ),
    ApiRoute(
        "POST",
        "/plans",
        in_hy(201, "admin", "staff"),
        json=lambda w: {
            "unit_id": w.so_hy.pk,
            "period": "Năm 2026",
            "key_tasks": ["Chuyển đổi số cấp xã"],
        },
    ),
    ApiRoute(
        "POST",
        "/plans/{id}/key-tasks",
        in_hy(201, "admin", "staff"),
        params=lambda w: {"id": w.plan_hy.pk},
        json=lambda w: {"text": "Đào tạo kỹ năng số cho cán bộ xã"},
    ),
    # Conclusion notices
    ApiRoute("GET", "/notices", readers()),
    ApiRoute(
        "GET",
        "/notices/{id}",
        in_hy(200, "admin", "analyst", "staff", "leader"),
        params=lambda w: {"id": w.notice_hy.pk},
    ),
    ApiRoute(
        "POST",
        "/meetings/{id}/notices",
        in_hy(201, "admin", "staff"),
        params=lambda w: {"id": w.meeting_hy.pk},
        json=lambda w: {
            "text": "Hội nghị thống nhất các nhiệm vụ năm 2026.",
            "items": [{"text": "Rà soát hạ tầng", "lead_id": w.so_hy.pk}],
        },
    ),
    ApiRoute(
        "POST",
        "/meetings/{id}/notices",
        statuses(403, admin=201, staff_other=201, staff=404),
        params=lambda w: {"id": w.meeting_hn.pk},
        json=lambda w: {"items": [{"text": "Rà soát hạ tầng", "lead_id": w.so_hn.pk}]},
        label="Hà Nội's meeting",
    ),
    ApiRoute(
        "PATCH",
        "/notices/{id}",
        in_hy(200, "admin", "staff"),
        params=lambda w: {"id": w.notice_hy.pk},
        json=lambda w: {"text": "Hội nghị thống nhất đánh giá năm 2025."},
    ),
    ApiRoute(
        "POST",
        "/notices/{id}/issue",
        in_hy(200, "admin", "staff"),
        params=lambda w: {"id": w.notice_hy.pk},
        json=lambda w: {},
    ),
    ApiRoute(
        "POST",
        "/notices/{id}/files",
        in_hy(202, "admin", "analyst", "staff", "leader"),
        params=lambda w: {"id": w.notice_hy.pk},
        json=lambda w: {"format": "docx"},
    ),
    # The year-end report and the files made
    ApiRoute(
        "GET",
        "/review-reports/{unit}/{year}",
        in_hy(200, "admin", "staff"),
        params=lambda w: {"unit": w.so_hy.pk, "year": 2025},
    ),
    ApiRoute(
        "GET",
        "/review-reports/{unit}/{year}",
        statuses(403, admin=200, staff_other=200, staff=404),
        params=lambda w: {"unit": w.so_hn.pk, "year": 2025},
        label="Hà Nội's department",
    ),
    ApiRoute(
        "PUT",
        "/review-reports/{unit}/{year}/parts/{section}",
        in_hy(200, "admin", "staff"),
        params=lambda w: {"unit": w.so_hy.pk, "year": 2025, "section": "lessons"},
        json=lambda w: {"text": "Phải bám sát cơ sở."},
    ),
    ApiRoute(
        "POST",
        "/review-reports/{unit}/{year}/files",
        in_hy(202, "admin", "staff"),
        params=lambda w: {"unit": w.so_hy.pk, "year": 2025},
        json=lambda w: {"format": "xlsx"},
    ),
    # A file made is its requester's alone, whatever their role.
    ApiRoute("GET", "/document-jobs", statuses(200)),
    ApiRoute(
        "GET",
        "/document-jobs/{id}",
        statuses(404, staff=200),
        params=lambda w: {"id": w.job_hy.pk},
    ),
    ApiRoute(
        "GET",
        "/document-jobs/{id}/file",
        statuses(404, staff_other=200),
        params=lambda w: {"id": w.job_hn.pk},
    ),
    ApiRoute(
        "GET",
        "/meetings/{id}/article",
        in_hy(200, "admin", "analyst", "staff", "leader"),
        params=lambda w: {"id": w.meeting_hy.pk},
        query=lambda w: {"format": "html"},
    ),
    # Accounts: an administrator manages all; a department's staff, its reporting units'.
    ApiRoute("GET", "/users", statuses(403, admin=200, staff=200, staff_other=200)),
    ApiRoute(
        "GET",
        "/users/{id}",
        statuses(403, admin=200, staff=200, staff_other=404),
        params=lambda w: {"id": w.reporting.pk},
        label="a commune's account",
    ),
    ApiRoute(
        "GET",
        "/users/{id}",
        statuses(403, admin=200, staff=404, staff_other=404),
        params=lambda w: {"id": w.leader.pk},
        label="a leader's account",
    ),
    ApiRoute(
        "POST",
        "/users",
        statuses(403, admin=201, staff=201, staff_other=404),
        json=lambda w: {
            "username": "xa.tanhoa",
            "full_name": "Trần Thị Bình",
            "role": "reporting",
            "unit_id": w.xa_hy2.pk,
        },
    ),
    ApiRoute(
        "POST",
        "/users",
        statuses(403, admin=201, staff=403, staff_other=403),
        json=lambda w: {"username": "phan.tich", "role": "analyst"},
        label="a country-wide role",
    ),
    ApiRoute(
        "POST",
        "/users/{id}/roles",
        statuses(403, admin=201, staff=201, staff_other=404),
        params=lambda w: {"id": w.reporting.pk},
        json=lambda w: {"role": "reporting", "unit_id": w.xa_hy2.pk},
    ),
    ApiRoute(
        "DELETE",
        "/users/{id}/roles/{assignment}",
        statuses(403, admin=200, staff=200, staff_other=404),
        params=lambda w: {
            "id": w.reporting.pk,
            "assignment": w.reporting.role_assignments.get().pk,
        },
    ),
    ApiRoute(
        "POST",
        "/users/{id}/deactivate",
        statuses(403, admin=200, staff=200, staff_other=404),
        params=lambda w: {"id": w.reporting.pk},
    ),
    ApiRoute(
        "POST",
        "/users/{id}/reactivate",
        statuses(403, admin=200, staff_other=200, staff=404),
        params=lambda w: {"id": w.reporting_other.pk},
        label="another province's commune",
    ),
    ApiRoute(
        "POST",
        "/users/{id}/password-reset",
        statuses(403, admin=200, staff=200, staff_other=404),
        params=lambda w: {"id": w.reporting.pk},
    ),
    ApiRoute(
        "POST",
        "/me/password",
        statuses(204),
        json=lambda w: {"old_password": PASSWORD, "new_password": "Mật-khẩu-mới-2027!"},
    ),
)
