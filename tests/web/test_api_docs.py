"""Real Chromium on the API's interactive documentation (Swagger UI from npm, served from the
app's static files): every operation of the schema is shown, the page keeps the site's
Content-Security-Policy (the ``page`` fixture fails on any violation), and a person logged in
tries a read and a write with their session. Screenshots under test-artifacts/web/."""

from __future__ import annotations

import json

import pytest
from django.conf import settings
from playwright.sync_api import expect

from accounts.world import PASSWORD
from tongket.api.api import api as ninja_api
from web.browser import log_in, screenshot

DOCS = "/api/v1/docs"


def _operations() -> int:
    schema = ninja_api.get_openapi_schema()
    return sum(len(methods) for methods in schema["paths"].values())


def _errors(page) -> list[str]:
    found: list[str] = []
    page.on("pageerror", lambda error: found.append(str(error)))
    return found


HEADINGS = {"vi": "Tài liệu API", "en": "API documentation"}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_documentation_shows_every_operation(page, live_server, lang):
    errors = _errors(page)
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": lang, "url": live_server.url}]
    )
    response = page.goto(live_server.url + DOCS)
    assert response.status == 200
    assert page.get_by_role("heading", level=1).inner_text() == HEADINGS[lang]
    assert page.title().startswith(HEADINGS[lang])
    policy = response.headers["content-security-policy"]
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    # Every operation of the schema, each once.
    expect(page.locator(".opblock")).to_have_count(_operations())
    # The new areas, by their summaries.
    text = page.locator("#swagger-ui").inner_text()
    for summary in (
        "Tạo tài khoản với mật khẩu dùng một lần",
        "Ban hành thông báo, giao nhiệm vụ",
        "Tạo tệp báo cáo (DOCX, PDF, XLSX) ở nền",
        "Thêm kế hoạch",
    ):
        assert summary in text, summary
    for tag in ("plans", "notices", "papers", "accounts"):
        assert page.locator(f"#operations-tag-{tag}").count() == 1, tag
    screenshot(page, f"api-docs-{lang}", full_page=False)
    assert not errors, errors
    # Nothing was fetched from outside the server (no validator badge, no CDN).
    assert page.locator("img[src*='validator']").count() == 0


def _try(page, operation_id: str, body: dict | None = None) -> tuple[int, dict]:
    block = page.locator(f"[id$='-{operation_id}']").first
    block.locator(".opblock-summary").click()
    block.get_by_role("button", name="Try it out").click()
    expect(block.get_by_role("button", name="Execute")).to_be_visible()
    if body is not None:
        area = block.locator("textarea.body-param__text")
        area.fill(json.dumps(body))
        expect(area).to_have_value(json.dumps(body))
    with page.expect_response(lambda r: "/api/v1/" in r.url and "openapi" not in r.url) as info:
        block.get_by_role("button", name="Execute").click()
    response = info.value
    return response.status, response.json()


def test_a_person_tries_operations_with_their_session(page, live_server, live_world):
    errors = _errors(page)
    log_in(page, live_server.url, "staff", PASSWORD)
    page.goto(live_server.url + DOCS)
    page.locator(".opblock").first.wait_for()
    status, body = _try(page, "me")
    assert status == 200 and body["username"] == "staff"
    # A write from the page carries the CSRF token: refused for its content (a wrong current
    # password), not for a missing token.
    status, body = _try(page, "me_password", {"old_password": "sai", "new_password": "x" * 12})
    assert status == 422, body
    assert body["error"]["code"] == "rejected"
    assert body["error"]["message"] == "Mật khẩu hiện tại không đúng"
    screenshot(page, "api-docs-try-it-out")
    assert not errors, errors
