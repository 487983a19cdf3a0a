from partydesk.assignments.models.assignments import (
    CLOSED,
    Assignment,
    AssignmentEvent,
    Priority,
    Quality,
    Role,
    SourceKind,
    State,
)
from partydesk.assignments.models.evaluation import (
    Evaluation,
    EvaluationRule,
    EvaluationState,
    FormKind,
    Klass,
)
from partydesk.assignments.models.feeds import CalendarFeed
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
    "CalendarFeed",
    "Evaluation",
    "EvaluationRule",
    "EvaluationState",
    "ExtensionRequest",
    "ExtensionState",
    "FormKind",
    "Klass",
    "Priority",
    "ProgressReport",
    "Quality",
    "Reminder",
    "ReminderKind",
    "ReportFile",
    "Role",
    "SourceKind",
    "State",
]
