"""The assignment workflow: state -> the states it may move to, and one check."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partydesk.assignments.models import EvaluationState, State
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


# The year's evaluation (domain-rules §4, Hướng dẫn 43-HD/BTCTW): the person self-assesses
# (and may revise until the advisory body proposes), the advisory body appraises and proposes
# (and may revise until the decision), the competent body decides, the results are
# published, the person may appeal once within the time allowed, and the deciding body
# answers. The system's proposal from the record comes before all of them.
EVALUATION_TRANSITIONS: dict[str, frozenset[str]] = {
    EvaluationState.PROPOSED: frozenset({EvaluationState.SELF_ASSESSED}),
    EvaluationState.SELF_ASSESSED: frozenset(
        {EvaluationState.SELF_ASSESSED, EvaluationState.ADVISED}
    ),
    EvaluationState.ADVISED: frozenset({EvaluationState.ADVISED, EvaluationState.DECIDED}),
    EvaluationState.DECIDED: frozenset({EvaluationState.PUBLISHED}),
    EvaluationState.PUBLISHED: frozenset({EvaluationState.APPEALED}),
    EvaluationState.APPEALED: frozenset({EvaluationState.ANSWERED}),
    EvaluationState.ANSWERED: frozenset(),
}

# What each step needs first, said to whoever tries it too early or too late.
_WAITING: dict[str, Promise] = {
    EvaluationState.SELF_ASSESSED: gettext_lazy("This evaluation is past the self-assessment."),
    EvaluationState.ADVISED: gettext_lazy("The advisory body proposes after the self-assessment."),
    EvaluationState.DECIDED: gettext_lazy(
        "The competent body decides on the advisory body's proposal."
    ),
    EvaluationState.PUBLISHED: gettext_lazy("Only decided evaluations are published."),
    EvaluationState.APPEALED: gettext_lazy(
        "An appeal is made once, after the results are published."
    ),
    EvaluationState.ANSWERED: gettext_lazy("There is no appeal waiting for an answer."),
}


def check_evaluation_step(current: str, target: str) -> None:
    """Raise InvalidTransition, with what the step waits for, unless the table allows it."""
    if target not in EVALUATION_TRANSITIONS.get(current, frozenset()):
        raise InvalidTransition(
            str(_WAITING.get(target, _("This step is not possible now.")))
            + " "
            + _("Now: %(state)s.") % {"state": EvaluationState(current).label}
        )
