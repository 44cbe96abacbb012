"""Writes of the meetings app (one module per entity; all re-exported here)."""

from tongket.meetings.services.commendations import (
    award_form_find,
    award_forms_load,
    commendation_create,
)
from tongket.meetings.services.meetings import (
    meeting_create,
    meeting_document_add,
    meeting_figure_add,
    meeting_participant_add,
    meeting_report_add,
    meeting_update,
)
from tongket.meetings.services.notices import (
    notice_create,
    notice_draft_update,
    notice_issue,
    notice_item_check,
)
from tongket.meetings.services.people import (
    person_get_or_create,
    position_add,
    position_observe,
)
from tongket.meetings.services.plans import plan_create, plan_key_task_add
from tongket.meetings.services.reminders import (
    notification_mark_read,
    reminder_contact_set,
    reminders_send,
)
from tongket.meetings.services.specs import (
    AssignmentSpec,
    DocumentSpec,
    FigureSpec,
    PersonSpec,
    RecipientSpec,
    ReportSpec,
)
from tongket.meetings.services.tasks import (
    task_complete,
    task_create,
    task_deadline_change,
    task_progress_add,
    task_reopen,
)

__all__ = [
    "AssignmentSpec",
    "DocumentSpec",
    "FigureSpec",
    "PersonSpec",
    "RecipientSpec",
    "ReportSpec",
    "award_form_find",
    "award_forms_load",
    "commendation_create",
    "meeting_create",
    "meeting_document_add",
    "meeting_figure_add",
    "meeting_participant_add",
    "meeting_report_add",
    "meeting_update",
    "notice_create",
    "notice_draft_update",
    "notice_issue",
    "notice_item_check",
    "notification_mark_read",
    "person_get_or_create",
    "plan_create",
    "plan_key_task_add",
    "position_add",
    "position_observe",
    "reminder_contact_set",
    "reminders_send",
    "task_complete",
    "task_create",
    "task_deadline_change",
    "task_progress_add",
    "task_reopen",
]
