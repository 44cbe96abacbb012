"""Reads of the meetings app (one module per entity; all re-exported here)."""

from tongket.meetings.selectors.commendations import (
    commendation_list,
    commendation_rows,
    commendation_totals,
)
from tongket.meetings.selectors.meetings import meeting_detail, meeting_list, meeting_rows
from tongket.meetings.selectors.notices import notice_items, notice_list, notice_rows
from tongket.meetings.selectors.notifications import notification_list
from tongket.meetings.selectors.people import (
    person_find,
    person_find_by_key,
    person_list,
    person_rows,
    person_titles_on,
)
from tongket.meetings.selectors.plans import plan_list, plan_overview, plan_targets
from tongket.meetings.selectors.tasks import (
    task_alive_in,
    task_completion_rates,
    task_list,
    task_overdue_list,
    task_progress_rows,
    task_rows,
    task_status_counts,
    task_status_expression,
)

__all__ = [
    "commendation_list",
    "commendation_rows",
    "commendation_totals",
    "meeting_detail",
    "meeting_list",
    "meeting_rows",
    "notice_items",
    "notice_list",
    "notice_rows",
    "notification_list",
    "person_find",
    "person_find_by_key",
    "person_list",
    "person_rows",
    "person_titles_on",
    "plan_list",
    "plan_overview",
    "plan_targets",
    "task_alive_in",
    "task_completion_rates",
    "task_list",
    "task_overdue_list",
    "task_progress_rows",
    "task_rows",
    "task_status_counts",
    "task_status_expression",
]
