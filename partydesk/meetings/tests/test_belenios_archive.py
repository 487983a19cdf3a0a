"""A ballot appended by partydesk (belenios_archive) is byte for byte what belenios-tool's
`archive add-event` writes, and the record so built verifies."""

from __future__ import annotations

import pytest

from partydesk.meetings import belenios
from partydesk.meetings.belenios_archive import ballot_members, head_of

pytestmark = pytest.mark.skipif(not belenios.available(), reason="belenios-tool not installed")


def test_appended_ballots_are_the_tools_own_bytes() -> None:
    setup = belenios.setup_election(
        name="E", question="Q", answers=["A", "B", "C"], min_kept=0, max_kept=2, voters=3,
        trustee_keys=[belenios.generate_trustee_key().public],
    )  # fmt: skip
    by_tool, ours, head = setup.record, setup.record, head_of(setup.record)
    assert head.height == 0  # the Setup event
    for credential, kept in zip(
        setup.private_credentials, ([1, 0, 1], [0, 0, 0], [0, 1, 1]), strict=True
    ):
        ballot = belenios.generate_ballot(setup.record, setup.uuid, credential, kept)
        by_tool = belenios.cast(by_tool, setup.uuid, ballot, revote_allowed=False)
        members, head = ballot_members(setup.record, ballot, head)
        ours += members
    assert ours == by_tool
    assert head == head_of(by_tool) and head.height == 3
    assert belenios.verify(ours, setup.uuid).ok
    # A ballot chained to the wrong parent makes a record the tool refuses.
    forged, _head = ballot_members(setup.record, ballot, head_of(setup.record))
    assert not belenios.verify(ours + forged, setup.uuid).ok
