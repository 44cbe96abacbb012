"""Meetings, plans, assigned tasks, conclusion notices, reminders and commendations."""

from tongket.meetings.models.commendations import (
    AwardCategory,
    AwardForm,
    Commendation,
    CommendationRecipient,
    RecipientKind,
)
from tongket.meetings.models.meetings import (
    Meeting,
    MeetingDocument,
    MeetingFigure,
    MeetingKind,
    MeetingReport,
    MeetingSource,
    Participant,
    ParticipantRole,
)
from tongket.meetings.models.notices import Notice, NoticeItem, NoticeStatus
from tongket.meetings.models.notifications import Notification, NotificationKind, ReminderContact
from tongket.meetings.models.people import Person, Position
from tongket.meetings.models.plans import KeyTask, Plan
from tongket.meetings.models.tasks import Task, TaskProgress, TaskSource, TaskStatus

__all__ = [
    "AwardCategory",
    "AwardForm",
    "Commendation",
    "CommendationRecipient",
    "KeyTask",
    "Meeting",
    "MeetingDocument",
    "MeetingFigure",
    "MeetingKind",
    "MeetingReport",
    "MeetingSource",
    "Notice",
    "NoticeItem",
    "NoticeStatus",
    "Notification",
    "NotificationKind",
    "Participant",
    "ParticipantRole",
    "Person",
    "Plan",
    "Position",
    "RecipientKind",
    "ReminderContact",
    "Task",
    "TaskProgress",
    "TaskSource",
    "TaskStatus",
]
