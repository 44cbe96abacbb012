"""Browser fixtures: Debian's Chromium driven by Playwright, against pytest-django's live server.

Use them from any test directory with ``from web.browser import *`` in its conftest, or
``pytest_plugins`` in the root conftest. Screenshots go to ``test-artifacts/web/`` (ignored by
git) for a person to look at.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "web"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


@pytest.fixture(scope="session")
def chromium():
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} is missing: run `make browser` (Debian's chromium package)")
    # Playwright's sync API keeps an event loop in this thread; the database calls the tests
    # make around it are ordinary synchronous ones.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class ConsoleLog(list):
    def csp_violations(self) -> list[str]:
        return [text for text in self if "Content Security Policy" in text]


def _page(chromium, **options) -> Iterator:
    context = chromium.new_context(locale="vi-VN", **options)
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.console_log = ConsoleLog()
    page.on("console", lambda message: page.console_log.append(message.text))
    yield page
    violations = page.console_log.csp_violations()
    context.close()
    assert not violations, violations


@pytest.fixture
def page(chromium, live_server):
    """A desktop-sized page; fails the test if the page broke the Content-Security-Policy."""
    yield from _page(chromium, viewport={"width": 1280, "height": 800})


@pytest.fixture
def phone_page(chromium, live_server):
    yield from _page(chromium, **PHONE)


def screenshot(page, name: str, *, full_page: bool = True) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def log_in(page, base_url: str, username: str, password: str) -> None:
    page.goto(f"{base_url}/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()
