import pytest
from django.test import Client

from accounts.world import ROLE_KEYS, World, build_world


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploaded files of a test go to a folder of its own, never to the checkout."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def world(db) -> World:
    return build_world()


@pytest.fixture
def clients(world) -> dict[str, Client]:
    """A logged-in client per role key, and ``anonymous``."""
    found = {"anonymous": Client()}
    for key in ROLE_KEYS:
        client = Client()
        client.force_login(world.users[key])
        found[key] = client
    return found


@pytest.fixture
def live_world(transactional_db) -> World:
    """The same world, committed, for tests that go through the live server."""
    return build_world()


from web.browser import chromium, page, phone_page  # noqa: E402, F401
