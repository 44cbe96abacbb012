import pytest

from accounts.world import World, build_world


@pytest.fixture
def default_hasher():
    """Ask for this fixture to keep Django's default password hasher in a test."""


@pytest.fixture(autouse=True)
def _fast_hasher(settings, request):
    # Django's default PBKDF2 costs ~0.3 s per password; tests of the hasher itself opt out.
    if "default_hasher" not in request.fixturenames:
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(db) -> World:
    return build_world()
