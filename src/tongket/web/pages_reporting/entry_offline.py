"""Data entry without a connection: the service worker, the web app manifest, and the form
definition a reporting unit's browser keeps to open, check and queue a report offline.

The worker and the manifest are the app's own static files (``static/web/offline/``), served
from URLs whose scope covers the entry pages; the definition is JSON, per user and report.
"""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_not_required
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from tongket.accounts import roles
from tongket.accounts.access import access_submission
from tongket.accounts.decorators import require_permission
from tongket.web.pages_reporting.entry_lines import editable
from tongket.web.pages_reporting.entry_offline_checks import form_checks
from tongket.web.pages_reporting.labels import status_label

WORKER = "web/offline/sw.js"
# Static files the entry page needs, kept by the worker for use offline.
ASSETS = (
    "web/site.css",
    "web/reporting.css",
    "web/entry.css",
    "web/entry_grid.js",
    "web/favicon.svg",
    "web/offline/offline.css",
    "web/offline/checks.js",
    "web/offline/outbox.js",
    "web/offline/entry.js",
    "vendor/htmx.org/htmx.min.js",
)


def _worker_source() -> str:
    found = finders.find(WORKER)
    if found:
        with open(found, encoding="utf-8") as handle:
            return handle.read()
    with staticfiles_storage.open(WORKER) as handle:
        return handle.read().decode("utf-8")


def _offline_page_texts() -> dict[str, dict[str, str]]:
    """The page the worker shows for an entry page never opened online, in each language."""
    texts = {}
    for code in ("vi", "en"):
        with translation.override(code):
            texts[code] = {
                "title": _("Không có mạng"),
                "body": _(
                    "Trang này chưa được mở trên máy này khi có mạng, nên chưa dùng được khi "
                    "mất mạng. Những báo cáo đã mở trước đó vẫn nhập và gửi được."
                ),
                "back": _("Về danh sách báo cáo"),
            }
    return texts


@login_not_required
@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker, at the root so that its scope covers every entry page (and sees
    logging out, to forget the pages it kept). It holds nothing about the user."""
    config = {
        "scope": reverse("home"),
        "entry": reverse("entry"),
        "static": static(""),
        "login": reverse("login"),
        "logout": reverse("logout"),
        "outbox": static("web/offline/outbox.js"),
        "assets": [static(name) for name in ASSETS],
        "offline": _offline_page_texts(),
    }
    source = f"self.TONGKET_OFFLINE = {json.dumps(config, ensure_ascii=False)};\n"
    response = HttpResponse(
        source + _worker_source(), content_type="text/javascript; charset=utf-8"
    )
    response["Service-Worker-Allowed"] = reverse("home")
    return response


@login_not_required
@require_GET
def manifest(request: HttpRequest) -> HttpResponse:
    """The web app manifest: entry installs as an app that opens on the unit's reports."""
    data = {
        "name": _("tongket — nhập số liệu báo cáo"),
        "short_name": _("Nhập số liệu"),
        "lang": get_language() or "vi",
        "start_url": reverse("entry"),
        "scope": reverse("home"),
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#1f4e79",
        "icons": [
            {"src": static("web/favicon.svg"), "sizes": "any", "type": "image/svg+xml"},
        ],
    }
    return JsonResponse(
        data, content_type="application/manifest+json", json_dumps_params={"ensure_ascii": False}
    )


def page_texts() -> dict[str, str]:
    """What the entry page's offline part says, in the page's language."""
    return {
        "title": _("Nhập khi không có mạng"),
        "online": _("Đang có mạng."),
        "offline": _(
            "Không có mạng. Những gì bạn nhập được lưu trên máy này; báo cáo bấm gửi sẽ chờ và "
            "tự gửi khi có mạng lại."
        ),
        "ready": _("Trang này đã sẵn sàng để nhập và gửi cả khi mất mạng."),
        "saved": _("Đã lưu trên máy này lúc {time}."),
        "restored": _("Đã khôi phục những gì bạn nhập trên máy này lúc {time} (chưa gửi)."),
        "waiting": _("Đang chờ gửi: bấm gửi lúc {time}; sẽ tự gửi khi có mạng."),
        "sending": _("Đang gửi báo cáo bấm gửi lúc {time}…"),
        "sent": _("Đã gửi lúc {time}: máy chủ đã nhận báo cáo."),
        "refused": _("Máy chủ không nhận báo cáo bấm gửi lúc {time}:"),
        "fix": _("Hãy sửa các ô được đánh dấu rồi bấm «Gửi báo cáo» để gửi lại."),
        "closed": _(
            "Báo cáo này hiện không mở để gửi (trên máy chủ: «{status}»). Khi đơn vị nhận trả "
            "lại hoặc hủy duyệt, mở lại trang và bấm «Gửi báo cáo» để gửi số liệu của bạn."
        ),
        "login": _(
            "Phiên đăng nhập đã hết: hãy đăng nhập lại. Báo cáo vẫn chờ trên máy này và sẽ tự "
            "gửi sau khi đăng nhập."
        ),
        "busy": _("Máy chủ chưa nhận được (bận hoặc mạng chập chờn); sẽ tự thử lại."),
        "invalid": _("Chưa gửi: còn {count} lỗi phải sửa, xem ngay dưới các ô."),
        "draft_offline": _(
            "Không có mạng nên chưa lưu nháp lên máy chủ; số liệu đã lưu trên máy này."
        ),
        "send_now": _("Gửi ngay"),
        "cancel": _("Hủy gửi để sửa tiếp"),
        "dismiss": _("Bỏ qua"),
        "reload": _("Tải lại trang"),
        "login_link": _("Đăng nhập lại"),
        "cancelled": _("Đã hủy gửi; số liệu vẫn ở trong các ô."),
        "gone": _("Báo cáo này không còn mở được bằng tài khoản của bạn."),
    }


@require_GET
@require_permission(roles.SUBMISSION_EDIT)
def entry_definition(request: HttpRequest, submission_id: int) -> JsonResponse:
    """What the browser needs to open, check and send this report without a connection: the
    report, the form's lines with their checks and the server's sentences, the page's words,
    and a CSRF token for the API."""
    submission = access_submission(
        user=request.user, submission_id=submission_id, permission=roles.SUBMISSION_EDIT
    )
    data = {
        "version": 1,
        "user": request.user.pk,
        "language": get_language() or "vi",
        "csrf": get_token(request),
        "submission": {
            "id": submission.pk,
            "form": submission.form.code,
            "period": submission.period.code,
            "unit_id": submission.unit_id,
            "status": str(submission.status),
            "status_label": str(status_label(submission.status)),
            "editable": editable(submission),
            "page": reverse("entry_submission", args=[submission.pk]),
        },
        "urls": {
            "reports": reverse("api:reports"),
            "worker": reverse("offline_worker"),
            "scope": reverse("home"),
            "entry": reverse("entry"),
            "login": reverse("login"),
            "definition": reverse("entry_offline", args=[submission.pk]),
        },
        "checks": form_checks(submission),
        "texts": page_texts(),
    }
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})
