from partydesk.assignments.models.assignments import (
    CLOSED,
    Assignment,
    AssignmentEvent,
    Priority,
    Role,
    SourceKind,
    State,
)
from partydesk.assignments.models.evaluation import EvaluationRule
from partydesk.assignments.models.progress import (
    ExtensionRequest,
    ExtensionState,
    ProgressReport,
    Reminder,
    ReminderKind,
    ReportFile,
)

__all__ = [
    "CLOSED",
    "Assignment",
    "AssignmentEvent",
    "EvaluationRule",
    "ExtensionRequest",
    "ExtensionState",
    "Priority",
    "ProgressReport",
    "Reminder",
    "ReminderKind",
    "ReportFile",
    "Role",
    "SourceKind",
    "State",
]
