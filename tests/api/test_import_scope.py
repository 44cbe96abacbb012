"""An import through the API tells nothing about units outside the user's scope, even when
the file has other problems too."""

from tongket.reporting.models import Value


def test_a_file_with_errors_and_an_approved_unit_outside_the_scope_tells_nothing_of_it(api, aw):
    body = {
        "dataValues": [
            # Hà Nội's staff: DN.NAT's 2026 report is Hưng Yên's, and approved.
            {"dataElement": "test.a", "period": "2026", "orgUnit": "DN.NAT", "value": "4"},
            {"dataElement": "test.b", "period": "2025", "orgUnit": "00004", "value": "-1"},
            {"dataElement": "test.b", "period": "2025W3", "orgUnit": "00004", "value": "4"},
        ]
    }
    for query in ("", "?dryRun=true"):
        response = api["staff_other"].post(f"/dataValueSets{query}", json=body)
        assert response.status_code == 403, response.content
        error = response.json()["error"]
        assert error["code"] == "import_forbidden"
        assert [(d["row"], d["column"]) for d in error["details"]] == [("dataValues[0]", "unit")]
        text = response.content.decode()
        assert "duyệt" not in text and "approved" not in text
    assert not Value.objects.filter(unit__code="00004", indicator__code="test.b").exists()
