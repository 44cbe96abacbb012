import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts without the figures an earlier test's database left in the cache (a
    rolled back database hands out the same ids again)."""
    cache.clear()
    yield
    cache.clear()
