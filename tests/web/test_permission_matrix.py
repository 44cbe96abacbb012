"""Every URL × every role gets the status the matrix says (see matrix.py)."""

import json
from urllib.parse import urlencode

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from web.matrix import ROLES, ROUTES, Route


def _request(client, route: Route, path: str, world):
    if route.method == "GET":
        return client.get(path)
    if route.json:
        return client.generic(
            route.method, path, data=json.dumps(route.data(world)), content_type="application/json"
        )
    return client.generic(
        route.method,
        path,
        data=urlencode(route.data(world)),
        content_type="application/x-www-form-urlencoded",
    )


# One test per route, every role inside it: the world is built once per route, and a failure
# lists every role that got the wrong status.
@pytest.mark.parametrize("route", ROUTES, ids=[r.id for r in ROUTES])
def test_status(clients, world, route: Route):
    path = route.path(world)
    wrong = []
    for role in ROLES:
        response = _request(clients[role], route, path, world)
        if response.status_code != route.expect[role]:
            wrong.append(f"{role}: {response.status_code}, expected {route.expect[role]}")
        elif (
            role == "anonymous"
            and response.status_code == 302
            and route.name != "set_language"
            and not response.url.startswith("/login/")
        ):
            wrong.append(f"anonymous sent to {response.url}, expected the login page")
    assert not wrong, f"{route.method} {path}: " + "; ".join(wrong)


def _names(patterns, prefix: str = "") -> set[str]:
    found: set[str] = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            space = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            found |= _names(pattern.url_patterns, space)
        elif isinstance(pattern, URLPattern):
            found.add(f"{prefix}{pattern.name}" if pattern.name else f"<unnamed {pattern.pattern}>")
    return found


def test_every_url_is_in_the_matrix():
    missing = _names(get_resolver().url_patterns) - {route.name for route in ROUTES}
    assert not missing, f"add these URLs to tests/web/matrix.py: {sorted(missing)}"


def test_every_route_lists_every_role():
    for route in ROUTES:
        assert set(route.expect) == set(ROLES), route.id


def test_refusals_are_in_the_audit_trail(clients, world):
    from tongket.core.models import AuditEntry

    clients["reporting"].get(f"/units/{world.xa_hn.pk}/")
    clients["reporting"].get("/audit/")
    entries = AuditEntry.objects.filter(action="access.denied", user=world.reporting).order_by("id")
    assert [(e.object_type, e.new["status"]) for e in entries] == [("unit", 404), ("page", 403)]
    assert entries[0].object_id == str(world.xa_hn.pk)
