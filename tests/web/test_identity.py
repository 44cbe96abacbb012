"""The agency's identity: its name heads every page and every title; a favicon; titles that
name the page."""

from __future__ import annotations

import io
import re

import pytest
from django.contrib.staticfiles import finders
from django.core.management import CommandError, call_command

from tongket.core.agency import agency_set
from tongket.core.models import AuditEntry
from tongket.web.navigation import nav_links

NAME = "Sở Khoa học và Công nghệ tỉnh Hưng Yên"
NAME_EN = "Department of Science and Technology of Hưng Yên"


def _title(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()


def _brand(html: str) -> str:
    return re.search(r'class="brand"[^>]*>([^<]*)<', html).group(1).strip()


def test_pages_say_tongket_until_the_agency_is_named(clients):
    html = clients["staff"].get("/units/").content.decode()
    assert _brand(html) == "tongket" and _title(html).endswith("· tongket")


def test_the_agency_named_at_the_command_line_heads_every_page(clients):
    out = io.StringIO()
    call_command("agency", "--name", f"  {NAME} ", "--name-en", NAME_EN, stdout=out)
    assert out.getvalue().strip() == NAME
    html = clients["staff"].get("/units/").content.decode()
    assert _brand(html) == NAME and _title(html) == f"Đơn vị · {NAME}"
    clients["staff"].post("/i18n/setlang/", {"language": "en", "next": "/units/"})
    english = clients["staff"].get("/units/").content.decode()
    assert _brand(english) == NAME_EN
    entry = AuditEntry.objects.get(action="agency.set")
    assert entry.actor == "cli:agency" and entry.new == {"name": NAME, "name_en": NAME_EN}
    # Changed later, audited again; the login page carries it too.
    agency_set(name="Sở Khoa học và Công nghệ tỉnh Hưng Yên (mới)", actor="quantri")
    assert AuditEntry.objects.filter(action="agency.set").count() == 2
    assert "(mới)" in clients["anonymous"].get("/login/").content.decode()


def test_an_agency_name_with_control_characters_is_refused(db):
    with pytest.raises(CommandError, match="ký tự điều khiển"):
        call_command("agency", "--name", "Sở\x1bA", stdout=io.StringIO())


def test_favicon_is_served_from_the_apps_own_static_files(clients):
    assert finders.find("web/favicon.svg")
    assert 'rel="icon"' in clients["staff"].get("/units/").content.decode()


def test_every_area_has_a_title_that_names_the_page(clients, world):
    for item in nav_links(world.users["admin"]):
        response = clients["admin"].get(item.url, follow=True)
        assert response.status_code == 200, item.url
        page_name = _title(response.content.decode()).split(" · ")[0]
        assert page_name and page_name != "tongket", item.url
