"""Headers, cookies and HTTPS settings of the web pages."""

import json
import os
import re
import subprocess
import sys

import pytest
from django.test import Client

from tongket.web.middleware import DEFAULT_CSP

PAGES = ["/login/", "/account/", "/units/", "/audit/", "/no-such-page/"]
PAGES += [
    "/meetings/",
    "/meetings/new/",
    "/meetings/notices/",
    "/tasks/",
    "/tasks/new/",
    "/tasks/rates/",
    "/commendations/",
    "/commendations/new/",
    "/documents/",
]
PAGES += ["/dashboard/", "/entry/", "/approvals/", "/indicators/"]


@pytest.mark.parametrize("path", PAGES)
def test_content_security_policy_on_every_page(clients, path):
    for who in ("anonymous", "staff"):
        response = clients[who].get(path)
        policy = response.headers["Content-Security-Policy"]
        assert policy == DEFAULT_CSP
        assert "script-src 'self';" in policy and "unsafe-inline" not in policy
        assert "frame-ancestors 'none'" in policy
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("path", [*PAGES, "/api/v1/me", "/api/v1/units?limit=5"])
def test_signed_in_pages_are_never_stored_by_a_browser_or_a_proxy(clients, path):
    response = clients["staff"].get(path)
    assert "no-store" in response.headers["Cache-Control"], path
    assert "private" in response.headers["Cache-Control"]


@pytest.mark.parametrize("path", PAGES)
def test_pages_have_no_inline_script_or_style(clients, path):
    html = clients["staff"].get(path).content.decode()
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag, tag
    assert "<style" not in html
    assert not re.search(r"\sstyle=", html)
    assert not re.search(r"\son[a-z]+=", html)


def test_every_form_carries_a_csrf_token(clients):
    for path in PAGES:
        html = clients["staff"].get(path).content.decode()
        for form in re.findall(r"<form\b.*?</form>", html, re.S):
            if 'method="post"' in form:
                assert "csrfmiddlewaretoken" in form, form[:200]


def test_session_cookie_is_http_only_and_same_site(world):
    client = Client()
    client.post("/login/", {"username": "staff", "password": "Mật-khẩu-thử-2026"})
    cookie = client.cookies["sessionid"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert not cookie["secure"]  # plain HTTP here; see the HTTPS test below


def _settings_under(env: dict) -> dict:
    code = (
        "import json, django; from django.conf import settings; django.setup(); "
        "print(json.dumps({k: getattr(settings, k) for k in ("
        "'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SECURE_HSTS_SECONDS', "
        "'SECURE_SSL_REDIRECT', 'SECURE_PROXY_SSL_HEADER')}))"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith("TONGKET_")}
    out = subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, "DJANGO_SETTINGS_MODULE": "tongket.settings", **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout)


def test_https_settings_come_from_the_environment():
    plain = _settings_under({})
    assert plain["SESSION_COOKIE_SECURE"] is False and plain["SECURE_HSTS_SECONDS"] == 0
    https = _settings_under({"TONGKET_HTTPS": "1", "TONGKET_BEHIND_PROXY": "1"})
    assert https["SESSION_COOKIE_SECURE"] is True and https["CSRF_COOKIE_SECURE"] is True
    assert https["SECURE_HSTS_SECONDS"] == 31536000 and https["SECURE_SSL_REDIRECT"] is True
    assert https["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_hsts_header_when_served_over_https(world, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    response = Client().get("/login/", secure=True)
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"


def test_throttle_counts_the_proxys_client_address(world, settings):
    settings.TONGKET_BEHIND_PROXY = True
    for _ in range(5):
        Client().post(
            "/login/",
            {"username": "staff", "password": "x"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.7",
        )
    from tongket.accounts.models import LoginFailure

    assert set(LoginFailure.objects.values_list("ip", flat=True)) == {"198.51.100.7"}
