import pytest

from .builders import World, world_make


@pytest.fixture
def world(db) -> World:
    return world_make()
