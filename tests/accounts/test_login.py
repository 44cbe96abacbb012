"""Login, logout, throttling, session expiry and CSRF, through the pages."""

import datetime as dt
import time

from django.contrib.auth.hashers import identify_hasher
from django.test import Client
from django.utils import timezone

from accounts.world import PASSWORD
from tongket.accounts.login import SESSION_SEEN, SESSION_STARTED
from tongket.accounts.models import LoginFailure
from tongket.accounts.services import user_create
from tongket.core.models import AuditEntry


def _login(client: Client, username: str, password: str, ip: str = "10.0.0.1", **extra):
    return client.post(
        "/login/", {"username": username, "password": password, **extra}, REMOTE_ADDR=ip
    )


def _actions(**filters) -> list[str]:
    return list(
        AuditEntry.objects.filter(**filters).order_by("id").values_list("action", flat=True)
    )


def test_login_page_in_vietnamese(client, db):
    page = client.get("/login/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Đăng nhập" in text and "Mật khẩu" in text
    assert 'name="csrfmiddlewaretoken"' in text


def test_login_success_redirects_home_and_is_audited(client, world):
    response = _login(client, "staff", PASSWORD)
    assert response.status_code == 302 and response.url == "/"
    assert client.session.get("_auth_user_id") == str(world.staff.pk)
    entry = AuditEntry.objects.get(action="auth.login")
    assert entry.user == world.staff and entry.new == {"ip": "10.0.0.1"}


def test_login_follows_next_but_never_off_site(client, world):
    assert _login(client, "staff", PASSWORD, next="/units/").url == "/units/"
    client.post("/logout/")
    assert _login(client, "staff", PASSWORD, next="https://evil.example/").url == "/"


def test_failed_login_is_audited_without_saying_which_part_was_wrong(client, world):
    wrong_password = _login(client, "staff", "nope")
    no_such_user = _login(client, "ghost", "nope")
    for page in (wrong_password, no_such_user):
        assert page.status_code == 200
        assert "Tên đăng nhập hoặc mật khẩu không đúng." in page.content.decode()
    entries = list(AuditEntry.objects.filter(action="auth.login_failed").order_by("id"))
    assert [(e.actor, e.user) for e in entries] == [("staff", world.staff), ("ghost", None)]
    assert "_auth_user_id" not in client.session


def test_five_failures_lock_the_user_on_that_address(client, world):
    for _ in range(4):
        assert _login(client, "staff", "wrong").status_code == 200
    fifth = _login(client, "staff", "wrong")
    assert fifth.status_code == 429
    locked = _login(client, "staff", PASSWORD)
    assert locked.status_code == 429
    assert "tạm khóa" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    assert _actions(action__startswith="auth.") == ["auth.login_failed"] * 5 + [
        "auth.locked",
        "auth.login_failed",
    ]
    # The same user from another address, and another user from this one, may still log in.
    assert _login(Client(), "staff", PASSWORD, ip="10.0.0.2").status_code == 302
    assert _login(Client(), "leader", PASSWORD).status_code == 302


def test_username_case_does_not_escape_the_lock(client, world):
    for name in ("staff", "STAFF", "Staff", "sTaff", "staff "):
        _login(client, name, "wrong")
    assert _login(client, "staff", PASSWORD).status_code == 429


def test_the_lock_ends(client, world, settings):
    for _ in range(5):
        _login(client, "staff", "wrong")
    assert _login(client, "staff", PASSWORD).status_code == 429
    lock = dt.timedelta(minutes=settings.TONGKET_LOGIN_LOCK_MINUTES)
    LoginFailure.objects.update(at=timezone.now() - lock - dt.timedelta(seconds=1))
    assert _login(client, "staff", PASSWORD).status_code == 302
    # A success wipes the failures of that user on that address.
    assert not LoginFailure.objects.filter(username="staff").exists()


def test_failures_spread_wider_than_the_window_do_not_lock(client, world, settings):
    window = dt.timedelta(minutes=settings.TONGKET_LOGIN_WINDOW_MINUTES)
    now = timezone.now()
    for _ in range(5):
        _login(client, "staff", "wrong")
    # Move the first failure outside the window counted back from the last one.
    first = LoginFailure.objects.order_by("at").first()
    first.at = now - window - dt.timedelta(minutes=1)
    first.save(update_fields=["at"])
    assert _login(client, "staff", PASSWORD).status_code == 302


def test_logout_needs_post_and_is_audited(client, world):
    _login(client, "staff", PASSWORD)
    assert client.get("/logout/").status_code == 405
    response = client.post("/logout/")
    assert response.status_code == 302 and response.url == "/login/"
    assert "_auth_user_id" not in client.session
    assert _actions(action__startswith="auth.") == ["auth.login", "auth.logout"]


def test_login_form_without_csrf_token_is_refused(world):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/login/", {"username": "staff", "password": PASSWORD})
    assert response.status_code == 403
    assert "Biểu mẫu đã hết hạn" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # With the token from the page, the same form goes through.
    client.get("/login/")
    token = client.cookies["csrftoken"].value
    ok = client.post(
        "/login/", {"username": "staff", "password": PASSWORD, "csrfmiddlewaretoken": token}
    )
    assert ok.status_code == 302


def test_logout_without_csrf_token_is_refused(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.staff)
    assert client.post("/logout/").status_code == 403
    assert client.get("/account/").status_code == 200


def _age_session(client: Client, *, started: float, seen: float) -> None:
    session = client.session
    session[SESSION_STARTED] = started
    session[SESSION_SEEN] = seen
    session.save()


def test_idle_session_expires(client, world, settings):
    _login(client, "staff", PASSWORD)
    now = time.time()
    _age_session(client, started=now - 60, seen=now - settings.TONGKET_SESSION_IDLE_SECONDS - 5)
    response = client.get("/account/")
    assert response.status_code == 302 and response.url.startswith("/login/")
    assert "_auth_user_id" not in client.session
    assert "auth.session_expired" in _actions(user=world.staff)


def test_session_expires_after_the_absolute_limit_even_when_active(client, world, settings):
    _login(client, "staff", PASSWORD)
    now = time.time()
    _age_session(client, started=now - settings.TONGKET_SESSION_MAX_SECONDS - 5, seen=now - 10)
    assert client.get("/account/").status_code == 302


def test_activity_keeps_a_session_alive(client, world, settings):
    _login(client, "staff", PASSWORD)
    now = time.time()
    idle = settings.TONGKET_SESSION_IDLE_SECONDS
    _age_session(client, started=now - idle, seen=now - idle + 30)
    assert client.get("/account/").status_code == 200
    assert client.session[SESSION_SEEN] > now - 5


def test_passwords_are_stored_with_djangos_default_hasher(default_hasher, world):
    user = user_create(
        username="hasher", password="Một-mật-khẩu-dài-2026", role="admin", unit=None, actor="t"
    )
    assert identify_hasher(user.password).algorithm == "pbkdf2_sha256"
    assert "Một-mật-khẩu" not in user.password
    assert _login(Client(), "hasher", "Một-mật-khẩu-dài-2026").status_code == 302
