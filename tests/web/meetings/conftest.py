import pytest

from web.meetings.world import meetings_of


@pytest.fixture
def m(world):
    """The meetings, notices, tasks and commendations of the permission world."""
    return meetings_of(world)
