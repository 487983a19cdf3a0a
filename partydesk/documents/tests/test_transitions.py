"""The workflow tables, walked: every allowed edge passes the check, every other pair of
statuses of the same workflow is refused, and every status is reachable."""

from __future__ import annotations

import itertools

import pytest

from partydesk.core.errors import InvalidTransition
from partydesk.documents.models import Direction
from partydesk.documents.transitions import (
    INCOMING,
    OUTGOING,
    TABLES,
    allowed_next,
    can_move,
    check_transition,
)

EDGES = [
    (direction, current, target)
    for direction, table in TABLES.items()
    for current, targets in table.items()
    for target in sorted(targets)
]
FORBIDDEN = [
    (direction, current, target)
    for direction, table in TABLES.items()
    for current, target in itertools.product(table, table)
    if target not in table[current]
]


@pytest.mark.parametrize(("direction", "current", "target"), EDGES)
def test_every_allowed_edge_passes(direction, current, target):
    assert can_move(direction, current, target)
    check_transition(direction, current, target)


@pytest.mark.parametrize(("direction", "current", "target"), FORBIDDEN)
def test_every_other_edge_is_refused_with_a_readable_message(direction, current, target):
    assert not can_move(direction, current, target)
    with pytest.raises(InvalidTransition, match="cannot become"):
        check_transition(direction, current, target)


def test_the_tables_cover_both_workflows_and_nothing_leads_outside_its_own():
    assert len(EDGES) == sum(len(t) for table in TABLES.values() for t in table.values())
    assert set(TABLES) == {Direction.INCOMING, Direction.OUTGOING}
    for table in TABLES.values():
        for targets in table.values():
            assert targets <= set(table)
    assert not set(INCOMING) & set(OUTGOING)


@pytest.mark.parametrize(
    ("direction", "start", "ends"),
    [
        (Direction.INCOMING, "registered", {"filed"}),
        (Direction.OUTGOING, "draft", {"archived", "cancelled"}),
    ],
)
def test_every_status_is_reachable_and_only_the_ends_are_dead_ends(direction, start, ends):
    table = TABLES[direction]
    seen, frontier = {start}, [start]
    while frontier:
        for nxt in allowed_next(direction, frontier.pop()):
            if nxt not in seen:
                seen.add(nxt)
                frontier.append(nxt)
    assert seen == set(table)
    assert {s for s, targets in table.items() if not targets} == ends


def test_a_status_of_the_other_workflow_is_never_allowed():
    assert not can_move(Direction.INCOMING, "draft", "in_review")
    assert allowed_next(Direction.OUTGOING, "registered") == frozenset()
