"""The Belenios adapter against the real belenios-tool: an election of 9 from 11 runs end
to end and `belenios-tool election verify` accepts the record; a changed ballot on the
record is rejected; too many names, voting twice and re-voting."""

from __future__ import annotations

import io
import json
import tarfile

import pytest

from partydesk.meetings import belenios
from partydesk.meetings.belenios_tally import tally

pytestmark = pytest.mark.skipif(
    not belenios.available(), reason="belenios-tool is not installed (make system-deps)"
)

NAMES = [f"Ứng cử viên {i}" for i in range(1, 12)]


TRUSTEES = [belenios.generate_trustee_key() for _ in range(2)] if belenios.available() else []


def setup(voters: int = 5) -> belenios.Setup:
    return belenios.setup_election(
        name="Bầu Ban Chấp hành", question="Bầu 9 trong 11", answers=NAMES,
        min_kept=0, max_kept=9, voters=voters, trustee_keys=[k.public for k in TRUSTEES],
    )  # fmt: skip


def keep(*positions: int) -> list[int]:
    return [1 if i in positions else 0 for i in range(1, 12)]


def test_nine_of_eleven_end_to_end_and_verify_accepts_the_record() -> None:
    election = setup()
    record = election.record
    choices = [keep(*range(1, 10)), keep(*range(1, 10)), keep(1, 2, 3, 10, 11), keep(), keep(1)]
    trackers = []
    for credential, choice in zip(election.private_credentials, choices, strict=True):
        ballot = belenios.generate_ballot(record, election.uuid, credential, choice)
        record = belenios.cast(record, election.uuid, ballot, revote_allowed=False)
        trackers.append(belenios.tracker(ballot))
    assert set(trackers) <= belenios.trackers_on_record(record)
    assert belenios.verify(record, election.uuid).ok
    record = tally(record, election.uuid, TRUSTEES)
    expected = [sum(c[i] for c in choices) for i in range(11)]
    assert belenios.result_of(record) == [expected]
    assert belenios.verify(record, election.uuid).ok
    assert all(k.private not in record.decode("latin-1") for k in TRUSTEES)


def _tamper(record: bytes) -> bytes:
    """Rewrite the first ballot's data file inside the archive, keeping its name."""
    out = io.BytesIO()
    changed = False
    with (
        tarfile.open(fileobj=io.BytesIO(record)) as source,
        tarfile.open(fileobj=out, mode="w") as target,
    ):
        for member in source.getmembers():
            content = source.extractfile(member).read()  # type: ignore[union-attr]
            if not changed and member.name.endswith(".data.json") and b'"signature"' in content:
                ballot = json.loads(content)
                choice = ballot["answers"][0]["choices"][0]
                choice["alpha"] = str(int(choice["alpha"]) + 1)
                content = json.dumps(ballot, separators=(",", ":")).encode()
                changed = True
            member.size = len(content)
            target.addfile(member, io.BytesIO(content))
    assert changed
    return out.getvalue()


def test_a_changed_ballot_on_the_record_is_rejected() -> None:
    election = setup(voters=2)
    ballot = belenios.generate_ballot(
        election.record, election.uuid, election.private_credentials[0], keep(1, 2)
    )
    record = belenios.cast(election.record, election.uuid, ballot, revote_allowed=False)
    assert belenios.verify(record, election.uuid).ok
    assert not belenios.verify(_tamper(record), election.uuid).ok
    # A changed ballot is also refused when it is cast.
    forged = json.loads(ballot)
    forged["answers"][0]["choices"][1]["beta"] = str(
        int(forged["answers"][0]["choices"][1]["beta"]) + 1
    )
    with pytest.raises(belenios.BallotRefused):
        belenios.cast(election.record, election.uuid, json.dumps(forged), revote_allowed=False)


def test_too_many_names_voting_twice_and_revoting() -> None:
    election = setup(voters=2)
    credential = election.private_credentials[0]
    with pytest.raises(belenios.BallotRefused):
        belenios.generate_ballot(election.record, election.uuid, credential, keep(*range(1, 11)))
    first = belenios.generate_ballot(election.record, election.uuid, credential, keep(1))
    record = belenios.cast(election.record, election.uuid, first, revote_allowed=False)
    second = belenios.generate_ballot(record, election.uuid, credential, keep(2))
    with pytest.raises(belenios.BallotRefused):
        belenios.cast(record, election.uuid, second, revote_allowed=False)
    record = belenios.cast(record, election.uuid, second, revote_allowed=True)
    record = tally(record, election.uuid, TRUSTEES)
    assert belenios.result_of(record) == [keep(2)]  # the later ballot replaced the first
    assert belenios.verify(record, election.uuid).ok
    # A credential the authority did not issue is not among the public ones: refused.
    stranger = setup(voters=1).private_credentials[0]
    foreign = belenios.generate_ballot(election.record, election.uuid, stranger, keep(1))
    with pytest.raises(belenios.BallotRefused):
        belenios.cast(election.record, election.uuid, foreign, revote_allowed=False)
