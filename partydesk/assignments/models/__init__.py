from partydesk.assignments.models.assignments import (
    CLOSED,
    Assignment,
    AssignmentEvent,
    Priority,
    Role,
    SourceKind,
    State,
)

__all__ = ["CLOSED", "Assignment", "AssignmentEvent", "Priority", "Role", "SourceKind", "State"]
