"""Shared fixtures.

``reference_units``: the full reference data (units with history), loaded once per test
session into the test database outside any test transaction, so each test (wrapped in a
transaction that rolls back) sees it and cannot damage it. A test that flushes the database
(``transactional_db``) empties it: the function fixture then loads it again.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import connection

from tongket.units.models import Unit, UnitKind
from tongket.units.services import units_reference_load

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def pytest_sessionstart(session):
    """Many tests read the published documents in ../shared (beside the checkout): without
    that folder they would fail one by one with unrelated errors, so say it once."""
    needed = [SHARED / "seeds" / "gold", SHARED / "corpus" / "pages.jsonl", SHARED / "eval"]
    missing = [str(path) for path in needed if not path.exists()]
    if missing:
        raise pytest.UsageError(
            "The tests read the published documents kept beside the checkout, in "
            f"{SHARED}: missing {', '.join(missing)}. Put the shared folder (seeds/, "
            "corpus/, eval/) there and run the tests again."
        )


def pytest_report_header(config):
    from django.conf import settings

    db = settings.DATABASES["default"]
    return f"tongket database: {db['ENGINE'].rsplit('.', 1)[-1]} ({db.get('NAME')})"


@pytest.fixture
def vendor() -> str:
    return connection.vendor


@pytest.fixture(scope="session")
def _reference_units_session(django_db_setup, django_db_blocker) -> dict[str, int]:
    with django_db_blocker.unblock():
        return units_reference_load(actor="test")


@pytest.fixture
def reference_units(_reference_units_session, db) -> dict[str, int]:
    """Counts of the session's load; the reference units are in the database."""
    if not Unit.objects.filter(kind=UnitKind.COUNTRY, code="VN").exists():
        return units_reference_load(actor="test")
    return _reference_units_session


def pytest_collection_modifyitems(config, items):
    """Tests on the full reference data run last.

    The reference units are loaded once for the session and stay in the test database; tests
    that build their own small worlds with real-looking codes (province 34, commune 12700)
    must run before that, or their codes would match two units.
    """
    items.sort(key=lambda item: "reference_units" in getattr(item, "fixturenames", ()))


@pytest.fixture(scope="session", autouse=True)
def _secret_key_file_elsewhere(tmp_path_factory):
    """`tongket init` writes a secret key beside the database: never into the checkout."""
    from django.conf import settings

    settings.SECRET_KEY_FILE = tmp_path_factory.mktemp("home") / "secret_key"


@pytest.fixture(autouse=True)
def _fresh_reference_cache():
    """Each test starts without the forms and unit trees an earlier test cached (a rolled back
    database hands out the same ids again)."""
    from tongket.core.refcache import reference_cache_clear

    reference_cache_clear()
    yield
    reference_cache_clear()


@pytest.fixture(autouse=True)
def _language_of_the_thread_reset():
    """A page asked for in English leaves English active in the thread; the next test starts
    in the default language, as a new request or command would."""
    yield
    from django.utils import translation

    translation.deactivate()
