"""Figures are kept until the data they come from changes, and only until then."""

from django.core.cache import cache

from tongket.accounts.access import access_refusal_record
from tongket.core.audit import audit_record
from tongket.web.pages_reporting.cache import cached, data_version


def test_a_change_of_data_gives_a_new_version_a_login_does_not(world):
    before = data_version()
    audit_record(actor="staff", action="auth.login", object_type="user", user=world.staff)
    access_refusal_record(user=world.staff, permission="audit.view", object_type="unit")
    assert data_version() == before
    audit_record(actor="t", action="value.changed", object_type="value", object_id=1)
    assert data_version() > before


def test_cached_computes_once_per_version(world):
    cache.clear()
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    assert cached("x", (1,), compute) == 1
    assert cached("x", (1,), compute) == 1
    assert cached("x", (2,), compute) == 2  # another key
    audit_record(actor="t", action="target.changed", object_type="target", object_id=1)
    assert cached("x", (1,), compute) == 3  # the data changed
    assert len(calls) == 3
