"""The assignment workflow: state -> the states it may move to, and one check."""

from __future__ import annotations

from django.utils.translation import gettext as _

from partydesk.assignments.models import State
from partydesk.core.errors import InvalidTransition

TRANSITIONS: dict[str, frozenset[str]] = {
    State.OPEN: frozenset({State.IN_PROGRESS, State.DONE, State.CANCELLED}),
    State.IN_PROGRESS: frozenset({State.DONE, State.CANCELLED}),
    State.DONE: frozenset({State.IN_PROGRESS}),  # reopened by the assigner
    State.CANCELLED: frozenset(),
}


def check_transition(current: str, target: str) -> None:
    """Raise InvalidTransition unless the table allows `current` -> `target`."""
    if target not in TRANSITIONS.get(current, frozenset()):
        raise InvalidTransition(
            _("An assignment that is %(current)s cannot become %(target)s.")
            % {"current": State(current).label, "target": State(target).label}
        )
