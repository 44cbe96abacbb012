"""Offline entry, server side: the service worker and the manifest, and the form definition a
browser keeps — its messages are the server's own sentences, filled as the server fills them."""

import json

import pytest
from django.utils import translation

from tongket.core.numbers import NumberFormatError, format_number, parse_number
from tongket.reporting.models import RuleKind, ValidationRule
from tongket.reporting.validation import rule_message, value_problems
from tongket.web.pages_reporting.labels import in_language

from .world import reporting_of


def _definition(client, world, submission=None):
    sub = submission or world.sub_xa_hy
    response = client.get(f"/entry/{sub.pk}/offline.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert (
        response["Cache-Control"].startswith("max-age=0") or "no-store" in response["Cache-Control"]
    )
    return response.json()


def _fill(template: str, **values: float) -> str:
    """What the browser does with a template (static/web/offline/checks.js: fill)."""
    for name, number in values.items():
        template = template.replace("{" + name + "}", format_number(number))
    return template


def test_the_service_worker_is_served_at_the_root_from_the_static_file(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    body = response.content.decode()
    config = json.loads(body.split("\n", 1)[0].removeprefix("self.TONGKET_OFFLINE = ")[:-1])
    assert config["entry"] == "/entry/" and config["logout"] == "/logout/"
    assert config["outbox"].endswith("web/offline/outbox.js")
    assert config["offline"]["vi"]["title"] == "Không có mạng"
    assert config["offline"]["en"]["title"] == "No connection"
    assert 'addEventListener("fetch"' in body  # the worker itself follows its settings line


def test_the_manifest_opens_the_reports_in_the_users_language(client, settings):
    response = client.get("/entry/app.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    data = response.json()
    assert (data["start_url"], data["scope"], data["display"]) == ("/entry/", "/", "standalone")
    assert data["short_name"] == "Nhập số liệu"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert client.get("/entry/app.webmanifest").json()["short_name"] == "Data entry"


def test_the_definition_carries_the_lines_bounds_and_the_servers_sentences(clients, world):
    r = reporting_of(world)
    data = _definition(clients["reporting"], world)
    assert data["user"] == world.users["reporting"].pk
    assert data["submission"] == {
        "id": world.sub_xa_hy.pk,
        "form": r.form.code,
        "period": "2025",
        "unit_id": world.xa_hy.pk,
        "status": "draft",
        "status_label": "Đang soạn",
        "editable": True,
        "page": f"/entry/{world.sub_xa_hy.pk}/",
    }
    assert data["urls"]["reports"] == "/api/v1/reports"
    assert data["csrf"]
    lines = {line["code"]: line for line in data["checks"]["lines"]}
    total, share = lines[r.total.code], lines[r.share.code]
    assert (total["required"], total["whole"], total["min"], total["derived"]) == (
        True,
        True,
        0,
        False,
    )
    assert share["derived"] and not share["required"]
    assert lines[r.revenue.code]["whole"] is False
    # Required: the sentence submission_validate writes.
    assert total["messages"]["required"] == (
        "Chưa nhập «Tổng số thuê bao» (web.subscribers) (dòng bắt buộc)"
        ' / "Total subscribers" (web.subscribers) is required'
    )
    # Bounds: each template filled with a number is the server's sentence for that number.
    for number in (-3, -1234567.0, 2.5, 1200.75):
        expected = dict(value_problems(r.total, number))
        for code, message in expected.items():
            assert _fill(total["messages"][code], value=number) == message, (code, number)


def test_the_definition_carries_the_forms_rules_with_their_sentences(clients, world):
    r = reporting_of(world)
    ValidationRule.objects.create(
        form=r.form, kind=RuleKind.RANGE, indicator=r.revenue, min_value=1, max_value=5000
    )
    data = _definition(clients["reporting"], world)
    rules = {(rule["kind"], rule["indicator"]): rule for rule in data["checks"]["rules"]}
    le = rules[("le", r.mobile.code)]
    assert le["other"] == r.total.code
    for value, other in ((1200, 1000), (2060.5, -7.25)):
        rule = ValidationRule.objects.get(form=r.form, kind=RuleKind.LE)
        expected = rule_message(rule, {r.mobile.pk: value, r.total.pk: other})
        assert _fill(le["message"], value=value, other=other) == expected
    ranged = rules[("range", r.revenue.code)]
    assert (ranged["min"], ranged["max"]) == (1, 5000)
    rule = ValidationRule.objects.get(form=r.form, kind=RuleKind.RANGE)
    assert _fill(ranged["message"], value=-0.5) == rule_message(rule, {r.revenue.pk: -0.5})


@pytest.mark.parametrize("text", ["abc", "1,2,3", "9" * 40, "1e999"])
def test_the_parse_sentences_are_those_of_the_server(clients, world, text):
    data = _definition(clients["reporting"], world)
    parse = data["checks"]["parse"]
    with pytest.raises(NumberFormatError) as refused:
        parse_number(text)
    message = str(refused.value)
    shortened = text if len(text) <= 24 else f"{text[:24]}… ({len(text)} ký tự / characters)"
    filled = {
        parse[code].replace("{text}", shown)
        for code, shown in (("number", text), ("finite", shortened), ("limit", shortened))
    }
    assert message in filled


def test_the_definition_speaks_the_users_language(clients, world, settings):
    reporting_of(world)
    client = clients["reporting"]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    data = _definition(client, world)
    assert data["language"] == "en"
    assert data["texts"]["offline"].startswith("No connection.")
    assert data["submission"]["status_label"] == "Draft"
    # The sentences stay bilingual, as the server's are: the page keeps its language's half.
    required = next(line for line in data["checks"]["lines"] if line["required"])
    with translation.override("en"):
        with_language = in_language(required["messages"]["required"])
    assert with_language.startswith('"Total subscribers"')


def test_another_units_report_is_not_found(clients, world):
    reporting_of(world)
    response = clients["reporting"].get(f"/entry/{world.sub_xa_hn.pk}/offline.json")
    assert response.status_code == 404
