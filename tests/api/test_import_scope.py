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
    # DHIS2's answer: the unit outside the scope is a conflict of its own (E7617), named by
    # its place only; all or nothing here, so nothing is stored.
    for query in ("?atomicMode=ALL", "?atomicMode=ALL&dryRun=true"):
        response = api["staff_other"].post(f"/dataValueSets{query}", json=body)
        assert response.status_code == 409, response.content
        conflicts = response.json()["response"]["conflicts"]
        scope = [c for c in conflicts if c["errorCode"] == "E7617"]
        assert [c["indexes"] for c in scope] == [[0]]
        text = response.content.decode()
        assert "duyệt" not in text and "approved" not in text
    assert not Value.objects.filter(unit__code="00004", indicator__code="test.b").exists()
