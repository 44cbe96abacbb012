import pytest
from django.db import connection


def pytest_report_header(config):
    from django.conf import settings

    db = settings.DATABASES["default"]
    return f"tongket database: {db['ENGINE'].rsplit('.', 1)[-1]} ({db.get('NAME')})"


@pytest.fixture
def vendor() -> str:
    return connection.vendor
