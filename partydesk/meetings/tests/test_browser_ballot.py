"""Ballots made by meetings/static/meetings/belenios-ballot.js (the voter's device) against
the real belenios-tool: each is checked and cast through the adapter, the record is
tallied and `belenios-tool election verify` accepts it, and the result is the choices
made; a ballot whose ciphertext was changed, one signed with a credential not issued, or
one keeping more names than allowed is refused. Node runs the same file a browser runs."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from partydesk.meetings import belenios
from partydesk.meetings.belenios_tally import tally

DRIVER = Path(__file__).with_name("browser_ballot_driver.mjs")
NAMES = ["Ứng cử viên A", "Ứng cử viên B", "Ứng cử viên C", "Ứng cử viên D"]


def _tools() -> None:
    missing = [tool for tool in ("node", belenios.TOOL) if shutil.which(tool) is None]
    if not missing:
        return
    message = f"{', '.join(missing)} not installed (make system-deps)"
    if os.environ.get("CI", "").lower() in ("true", "1"):
        pytest.fail(f"the device-ballot tests need {message} in CI")
    pytest.skip(message)


@pytest.fixture(scope="module")
def trustees() -> list[belenios.TrusteeKey]:
    _tools()
    return [belenios.generate_trustee_key() for _ in range(2)]


def device_ballot(election: str, credential: str, kept: list[int]) -> str:
    done = subprocess.run(
        ["node", str(DRIVER)],
        input=json.dumps({"election": election, "credential": credential, "plaintext": [kept]}),
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        raise ValueError(done.stderr)
    return done.stdout


def setup(trustees: list[belenios.TrusteeKey], voters: int, min_kept: int) -> belenios.Setup:
    return belenios.setup_election(
        name="Bầu Ban Chấp hành", question="Bầu 3 trong 4", answers=NAMES,
        min_kept=min_kept, max_kept=3, voters=voters, trustee_keys=[k.public for k in trustees],
    )  # fmt: skip


def test_device_ballots_are_accepted_tallied_and_verified(
    trustees: list[belenios.TrusteeKey],
) -> None:
    choices = [[0, 0, 0, 0], [1, 0, 0, 0], [1, 1, 0, 1], [0, 1, 1, 1], [1, 0, 1, 0]]
    election = setup(trustees, voters=len(choices), min_kept=0)
    params = belenios.election_params(election.record)
    assert json.loads(params)["uuid"] == election.uuid
    record = election.record
    trackers = []
    for credential, kept in zip(election.private_credentials, choices, strict=True):
        ballot = device_ballot(params, credential, kept)
        belenios.check_ballot(record, election.uuid, ballot)
        record = belenios.cast(record, election.uuid, ballot, revote_allowed=False)
        trackers.append(belenios.tracker(ballot))
    assert len(set(trackers)) == len(choices)
    assert set(trackers) <= belenios.trackers_on_record(record)
    record = tally(record, election.uuid, trustees)
    assert belenios.result_of(record) == [[sum(c[i] for c in choices) for i in range(4)]]
    assert belenios.verify(record, election.uuid).ok


def test_the_same_credential_makes_the_same_public_credential_as_the_tool(
    trustees: list[belenios.TrusteeKey],
) -> None:
    """The device derives the public credential from the slip's private one as Belenios
    does: a re-vote from the device replaces the tool's ballot when allowed, and is
    refused as a second vote when not."""
    election = setup(trustees, voters=1, min_kept=1)
    credential = election.private_credentials[0]
    first = belenios.generate_ballot(election.record, election.uuid, credential, [1, 0, 0, 0])
    record = belenios.cast(election.record, election.uuid, first, revote_allowed=False)
    again = device_ballot(belenios.election_params(record), credential, [0, 0, 1, 1])
    assert json.loads(again)["credential"] == json.loads(first)["credential"]
    with pytest.raises(belenios.BallotRefused):
        belenios.cast(record, election.uuid, again, revote_allowed=False)
    record = belenios.cast(record, election.uuid, again, revote_allowed=True)
    record = tally(record, election.uuid, trustees)
    assert belenios.result_of(record) == [[0, 0, 1, 1]]
    assert belenios.verify(record, election.uuid).ok


def test_a_changed_or_foreign_device_ballot_is_refused(
    trustees: list[belenios.TrusteeKey],
) -> None:
    election = setup(trustees, voters=1, min_kept=1)
    params = belenios.election_params(election.record)
    ballot = json.loads(device_ballot(params, election.private_credentials[0], [0, 1, 0, 0]))
    changed = json.loads(json.dumps(ballot))
    choice = changed["answers"][0]["choices"][1]
    choice["beta"] = str(int(choice["beta"]) * 2 % int(json.loads(params)["public_key"]))
    with pytest.raises(belenios.BallotRefused):
        belenios.check_ballot(
            election.record, election.uuid, json.dumps(changed, separators=(",", ":"))
        )
    # an unchanged copy passes, so the refusal above is the change's doing
    belenios.check_ballot(election.record, election.uuid, json.dumps(ballot, separators=(",", ":")))
    not_issued = device_ballot(params, "111-111-111-111-111", [0, 1, 0, 0])
    with pytest.raises(belenios.BallotRefused):
        belenios.check_ballot(election.record, election.uuid, not_issued)


def test_the_device_refuses_a_choice_outside_the_rules(
    trustees: list[belenios.TrusteeKey],
) -> None:
    election = setup(trustees, voters=1, min_kept=1)
    params = belenios.election_params(election.record)
    credential = election.private_credentials[0]
    for kept in ([1, 1, 1, 1], [0, 0, 0, 0], [2, 0, 0, 0]):
        with pytest.raises(ValueError, match=r"bounds|0 or 1"):
            device_ballot(params, credential, kept)
