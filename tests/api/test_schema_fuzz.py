"""schemathesis against the OpenAPI schema, through the WSGI application: no input it can
generate, for reads and for writes with a token, gets a server error, and every refusal has
the one error shape.

Bounded: a few examples per operation (``TONGKET_FUZZ_EXAMPLES``, 15 by default), so the
whole test takes about a minute here.
"""

from __future__ import annotations

import gzip
import json
import os

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error

from tongket.wsgi import application

EXAMPLES = int(os.environ.get("TONGKET_FUZZ_EXAMPLES", "15"))


# The schema is read through the application itself (no database is needed for it).
SCHEMA = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
OPERATIONS = [result.ok() for result in SCHEMA.get_all_operations()]


@pytest.fixture
def wsgi_in_test_transaction():
    """The WSGI handler closes old connections at each request; inside a test transaction
    that would drop the test's own connection (Django's test client does the same)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def _error_shape(response) -> None:
    if response.status_code < 400:
        return
    raw = response.content
    encoding = response.headers.get("content-encoding") or response.headers.get("Content-Encoding")
    if encoding and "gzip" in (encoding if isinstance(encoding, str) else encoding[0]):
        raw = gzip.decompress(raw)  # the pages' GZip middleware compresses answers too
    body = json.loads(raw)
    if response.status_code == 409 and body.get("response", {}).get("responseType"):
        # DHIS2's answer with conflicts (documented as such): its ImportSummary.
        assert body["response"]["responseType"] == "ImportSummary", body
        return
    assert set(body) == {"error"}, body
    error = body["error"]
    assert set(error) == {"code", "message", "message_en", "details"}, error
    assert isinstance(error["details"], list)


# Random ids and codes rarely name anything, so half of the cases get real ones from the
# world (the rest of the input stays generated): the services are reached, not only the 404s.
REAL_KEYS = {
    "unit_id": "units",
    "organizer_id": "units",
    "lead_id": "units",
    "recipient_id": "units",
    "grantor_unit_id": "units",
    "submission_id": "submissions",
    "meeting_id": "meetings",
    "task_id": "tasks",
    "commendation_id": "commendations",
    "target_id": "targets",
}
REAL_TEXT = {
    "form": ["TEST.01", "gk_so"],
    "period": ["2025", "2026", "2025-13", "2026Q1"],
    "indicator": ["test.a", "test.b"],
    "code": ["12001", "00004", "test.a", "TEST.01"],
    "unit": ["33", "12001", "01"],
    "unit_code": ["12001", "00004"],
    "dataElement": ["test.a", "test.b"],
    "orgUnit": ["12001", "00004"],
}


def _real(aw) -> dict[str, list]:
    return {
        "units": [u.pk for u in aw.units.values()],
        "submissions": [s.pk for s in aw.submissions.values()],
        "meetings": [aw.meeting_hy.pk, aw.meeting_hn.pk],
        "tasks": [aw.task_hy.pk, aw.task_hn.pk],
        "commendations": [aw.commendation_hy.pk, aw.commendation_hn.pk],
        "targets": [aw.target_hy.pk, aw.target_hn.pk],
    }


def _realistic(container, real: dict[str, list], pick) -> None:
    if isinstance(container, list):
        for item in container:
            _realistic(item, real, pick)
        return
    if not isinstance(container, dict):
        return
    if "unit_id" in container and "unit_code" in container:
        del container[pick(["unit_id", "unit_code"])]
    for key in list(container):
        if key in REAL_KEYS:
            container[key] = pick(real[REAL_KEYS[key]])
        elif key in REAL_TEXT:
            container[key] = pick(REAL_TEXT[key])
        elif key == "values" and isinstance(container[key], dict):
            container[key] = {"test.a": container[key].popitem()[1] if container[key] else 1}
        else:
            _realistic(container[key], real, pick)


@pytest.mark.parametrize("operation", OPERATIONS, ids=[op.label for op in OPERATIONS])
def test_no_server_error(operation, aw, tokens, wsgi_in_test_transaction, settings):
    settings.TONGKET_API_RATE = "1000000/m"
    headers = {"Authorization": f"Bearer {tokens['admin']}"}
    real = _real(aw)

    @given(case=operation.as_strategy(), data=st.data())
    @hypothesis_settings(
        max_examples=EXAMPLES,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    def check(case, data):
        if data.draw(st.booleans(), label="real ids"):
            pick = lambda options: data.draw(st.sampled_from(options))  # noqa: E731
            for container in (case.path_parameters, case.query, case.body):
                _realistic(container, real, pick)
        response = case.call(headers=headers)
        case.validate_response(response, checks=[not_a_server_error])
        _error_shape(response)

    check()
