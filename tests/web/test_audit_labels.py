"""The audit trail in words: every action code the project writes has a label in both
languages, and the trail page shows the label, never the code."""

from __future__ import annotations

import re
from pathlib import Path

from tongket.core.audit import audit_record
from tongket.core.audit_labels import ACTIONS, OBJECTS, action_label, has_label, object_label

SRC = Path(__file__).resolve().parents[2] / "src" / "tongket"


def _written_actions() -> set[str]:
    found = set()
    for path in SRC.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        found |= set(re.findall(r'action="([a-z_]+\.[a-z_]+)"', text))
    return found


def test_every_action_written_has_a_label():
    written = _written_actions()
    assert "task.created" in written and "submission.approved" in written
    missing = sorted(action for action in written if not has_label(action))
    assert not missing, missing


def test_every_object_type_written_has_a_label():
    types = set()
    for path in SRC.rglob("*.py"):
        types |= set(re.findall(r'object_type="([a-z_]+)"', path.read_text(encoding="utf-8")))
    assert not sorted(types - set(OBJECTS))


def test_labels_in_each_language():
    assert action_label("task.created") == "Giao nhiệm vụ"
    assert action_label("task.created", "en") == "Task assigned"
    assert object_label("submission", "en") == "Report"
    # A code without a label of its own is named from its object and verb.
    assert action_label("plan.deleted") == "Xoá kế hoạch"
    assert action_label("plan.deleted", "en") == "Plan deleted"
    for vi, en in ACTIONS.values():
        assert (vi and en and vi != en) or vi == "API"


def test_trail_page_shows_labels_not_codes(clients):
    audit_record(
        actor="staff",
        action="task.created",
        object_type="task",
        object_id=7,
        summary="Giao nhiệm vụ / task assigned",
    )
    html = clients["admin"].get("/audit/").content.decode()
    cells = re.sub(r'title="[^"]*"', "", html)
    assert "Giao nhiệm vụ" in cells and ">task.created<" not in cells
    assert "auth.login" not in cells and "task assigned" not in cells
    clients["admin"].post("/i18n/setlang/", {"language": "en", "next": "/audit/"})
    english = re.sub(r'title="[^"]*"', "", clients["admin"].get("/audit/").content.decode())
    assert "Task assigned" in english and "Nhiệm vụ #7" not in english and "Task #7" in english
