"""Every API operation × every role gets the status the matrix says (see matrix.py)."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from api.matrix import NOT_OPERATIONS, ROLES, ROUTES, ApiRoute
from tongket.api.api import api as ninja_api

API = "/api/v1"


def _call(client, route: ApiRoute, world):
    path = API + route.path(world)
    kwargs = {}
    if route.query is not None:
        kwargs["data"] = route.query(world)
    if route.json is not None:
        return client.request(route.method, path, json=route.json(world))
    if route.files is not None:
        files = {
            name: SimpleUploadedFile(filename, content)
            for name, (filename, content) in route.files(world).items()
        }
        return client.client.post(path, data=files, headers=client.headers)
    return client.request(route.method, path, **kwargs)


@pytest.mark.parametrize("route", ROUTES, ids=[r.id for r in ROUTES])
def test_status(api, aw, route: ApiRoute):
    wrong = []
    for role in ROLES:
        # Each role meets the same state: the write is undone after it.
        with transaction.atomic():
            response = _call(api[role], route, aw)
            transaction.set_rollback(True)
        if response.status_code != route.expect[role]:
            body = response.content[:300] if not response.streaming else b"(stream)"
            wrong.append(f"{role}: {response.status_code}, expected {route.expect[role]} {body!r}")
        elif response.status_code == 409 and route.template.startswith("/dataValueSets"):
            # DHIS2's answer with conflicts: its ImportSummary, not the error shape.
            assert response.json()["response"]["responseType"] == "ImportSummary"
        elif response.status_code >= 400:
            assert set(response.json()) == {"error"}, response.content
    assert not wrong, f"{route.id}: " + "; ".join(wrong)


def _shape(template: str) -> str:
    return re.sub(r"\{[^}]*\}", "{}", template)


def test_every_operation_is_in_the_matrix():
    schema = ninja_api.get_openapi_schema()
    operations = {
        (method.upper(), _shape(path.removeprefix(API)))
        for path, methods in schema["paths"].items()
        for method in methods
    }
    listed = {(r.method, _shape(r.template)) for r in ROUTES}
    assert not operations - listed, f"add to tests/api/matrix.py: {sorted(operations - listed)}"
    extra = listed - operations - NOT_OPERATIONS
    assert not extra, f"not in the API: {sorted(extra)}"


def test_every_route_lists_every_role():
    for route in ROUTES:
        assert set(route.expect) == set(ROLES), route.id


def test_every_operation_has_a_row_refusing_another_unit():
    """Each operation on one object has a row where a role outside its scope gets 404."""
    by_operation: dict[tuple[str, str], list[ApiRoute]] = {}
    for route in ROUTES:
        by_operation.setdefault((route.method, _shape(route.template)), []).append(route)
    catalogue = {("GET", "/indicators/{}"), ("GET", "/forms/{}")}  # no unit: one for all
    missing = [
        op
        for op, routes in by_operation.items()
        if "{}" in op[1]
        and op not in catalogue
        and not any(404 in r.expect.values() for r in routes)
    ]
    assert not missing, missing
