"""An encrypted election on Belenios (issue 14, ADR 0024): 500 voters and 15 candidates, 9 to
elect, three trustees. Time to cast one ballot, to tally, and to verify the record.

Every ballot is made the way a voter's device makes it: by the file the vote page serves,
meetings/static/meetings/belenios-ballot.js, run under Node (bench/belenios_device.mjs, two
processes, about half a second a ballot), once, and kept under bench/out/ for later runs. The
other ballots are then put on the election as a cast stores them (`store_ballot`, a row
each, without the tool's check), so the timings below are of the cases only.

- **Cast**: what the server does when a device posts its ballot, through the view's own
  calls (`meeting_get_for`, `election_get`, then `services.casting.cast_device_ballot`:
  belenios-tool checks the ballot against the setup part, then its row is appended after
  the record's last event and the anonymous audit), for the last voter with every other
  ballot on the record,
  against the same cast on an election with no ballot yet. Each cast is rolled back, so it
  can be repeated. The ratio is how much the 500th voter waits more than the first; the
  first slice ran `verify-diff` on the whole record, which made it grow with every ballot
  (12 s for the 41st); the target is 1.5.
- **Tally**: the count's tool work (`belenios_tally.tally`: the encrypted tally, each
  trustee's partial decryption, the result) against the tool's own `election verify` of the
  same record (one pass over every ballot's proofs).
- **One trustee's partial decryption** (what the trustee's background job runs, ADR 0024
  "Trustees") against one `election verify` pass.
- **Verify the record**: `election verify` of the counted record, what anyone holding it
  runs, against the same before the count (the ballots alone).

The device's own side (the JavaScript encryption under Node, and in headless Chromium
unthrottled and at 4x CPU throttling) is reported above the table (bench/belenios_browser.py).
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import random
import statistics
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from bench import belenios_browser
from bench.harness import Context, Result
from partydesk.accounts.actor import Actor
from partydesk.accounts.models import User
from partydesk.core.http import SYSTEM
from partydesk.meetings import belenios, belenios_tally
from partydesk.meetings.belenios_archive import ballot_members, head_of
from partydesk.meetings.models import (
    Candidate,
    Election,
    ElectionMethod,
    ElectionState,
    ElectionVoter,
    Meeting,
    MeetingKind,
    Participant,
    Role,
)
from partydesk.meetings.selectors.elections import election_get, record_of
from partydesk.meetings.selectors.meetings import meeting_get_for
from partydesk.meetings.services.casting import cast_device_ballot, store_ballot
from partydesk.organizations.models import Organization, OrganizationKind
from partydesk.organizations.services import organization_create

TITLE = "encrypted election on Belenios (cast, tally, verify)"
CANDIDATES = 15
SEATS = 9
TRUSTEES = 3  # n of n: the count needs each trustee's partial decryption
OUT = Path(__file__).resolve().parent / "out"
DEVICE = Path(__file__).resolve().parent / "belenios_device.mjs"
CODE = "bench-meetings-ballots"


def _kept(seed: int) -> list[int]:
    kept = [1] * SEATS + [0] * (CANDIDATES - SEATS)
    random.Random(seed).shuffle(kept)
    return kept


def _device_ballots(params: str, jobs: list[tuple[str, int]]) -> dict[str, list[object]]:
    """Ballots made by belenios-ballot.js under Node, one process for these jobs."""
    payload = {
        "election": params,
        "ballots": [{"credential": c, "plaintext": [_kept(seed)]} for c, seed in jobs],
    }
    done = subprocess.run(
        ["node", str(DEVICE)], input=json.dumps(payload), capture_output=True, text=True,
        check=True,
    )  # fmt: skip
    return dict(json.loads(done.stdout))


def _election(voters: int) -> dict[str, object]:
    """The set-up, the trustees and one device-made ballot per voter: made once, then read
    from disk."""
    cache = OUT / f"belenios-{voters}x{CANDIDATES}-{TRUSTEES}trustees-device.json"
    if cache.exists():
        return dict(json.loads(cache.read_text()))
    keys = [belenios.generate_trustee_key() for _ in range(TRUSTEES)]
    setup = belenios.setup_election(
        name="Bầu Ban Chấp hành (bench)",
        question="Bầu Ban Chấp hành",
        answers=[f"Ứng cử viên {n:02d}" for n in range(1, CANDIDATES + 1)],
        min_kept=1,
        max_kept=SEATS,
        voters=voters,
        trustee_keys=[k.public for k in keys],
    )
    params = belenios.election_params(setup.record)
    jobs = [(c, n) for n, c in enumerate(setup.private_credentials)]
    halves = [jobs[: voters // 2], jobs[voters // 2 :]]  # one Node process per core
    with ThreadPoolExecutor(max_workers=2) as pool:
        made = list(pool.map(lambda half: _device_ballots(params, half), halves))
    data: dict[str, object] = {
        "uuid": setup.uuid,
        "record": base64.b64encode(setup.record).decode(),
        "trustees": [[k.public, k.private] for k in keys],
        "credential": setup.private_credentials[0],
        "ballots": [b for half in made for b in half["ballots"]],
        "node_ms": [m for half in made for m in half["ms"]],
    }
    OUT.mkdir(exist_ok=True)
    cache.write_text(json.dumps(data))
    return data


def _verified(record: bytes, uuid: str) -> belenios.Verification:
    """`election verify`, which must pass (a failing one would time an early exit)."""
    verification = belenios.verify(record, uuid)
    if not verification.ok:
        raise RuntimeError(f"belenios-tool refused the record: {verification.output}")
    return verification


def _meeting(uuid: str, voters: int, records: list[bytes]) -> tuple[Actor, Meeting, list[int]]:
    """A meeting whose voter casts in open electronic elections, one per record given (the
    earlier run's meeting is removed)."""
    org = Organization.objects.filter(code=CODE).first() or organization_create(
        acting=SYSTEM, name="Đảng bộ Khối (bench ballots)", abbreviation="ĐUK",
        kind=OrganizationKind.UPPER_COMMITTEE, code=CODE, valid_from=dt.date(2020, 1, 1),
    )  # fmt: skip
    Meeting.objects.filter(organization=org).delete()
    voter, _made = User.objects.get_or_create(
        username="bench-ballots-voter", defaults={"password": "!bench"}
    )
    kind = MeetingKind.objects.filter(organization=org).first() or MeetingKind.objects.create(
        organization=org, name="Đại hội (bench)"
    )
    now = timezone.now()
    meeting = Meeting.objects.create(
        organization=org, kind=kind, title="Đại hội (bench)", chair=voter, secretary=voter,
        starts_at=now - dt.timedelta(minutes=30), ends_at=now + dt.timedelta(hours=3),
    )  # fmt: skip
    Participant.objects.create(meeting=meeting, user=voter, role=Role.MEMBER)
    elections = []
    for record in records:
        election = Election.objects.create(
            meeting=meeting, title="Bầu Ban Chấp hành (bench)", seats=SEATS, blank_valid=False,
            method=ElectionMethod.ELECTRONIC, state=ElectionState.OPEN, opened_at=now,
            belenios_uuid=uuid, record=record, record_version=1, credentials_issued=voters,
        )  # fmt: skip
        Candidate.objects.bulk_create(
            Candidate(election=election, position=n, name=f"Ứng cử viên {n:02d}")
            for n in range(1, CANDIDATES + 1)
        )
        ElectionVoter.objects.create(election=election, user=voter)
        elections.append(election.pk)
    return Actor(user=voter), meeting, elections


def _device_facts(ctx: Context, data: dict[str, object], setup: bytes) -> None:
    node = [float(m) for m in data["node_ms"]]  # type: ignore[attr-defined]
    ctx.fact(
        "device, Node",
        f"belenios-ballot.js made the {len(node)} ballots under Node "
        f"{subprocess.run(['node', '--version'], capture_output=True, text=True).stdout.strip()}"
        f", two processes: p50 {statistics.median(node):.0f} ms, max {max(node):.0f} ms a ballot",
    )
    runs = 3 if ctx.quick else 10
    ctx.fact(
        "device, Chromium",
        belenios_browser.summary(
            belenios.election_params(setup), str(data["credential"]), _kept(0), runs
        ),
    )


def run(ctx: Context) -> list[Result]:
    if not belenios.available():
        ctx.fact("skipped", "belenios-tool is not installed (make system-deps)")
        return []
    voters = 40 if ctx.quick else 500
    started = time.perf_counter()
    data = _election(voters)
    uuid, ballots = str(data["uuid"]), list(data["ballots"])  # type: ignore[call-overload]
    setup = base64.b64decode(str(data["record"]))
    trustees = [belenios.TrusteeKey(*k) for k in data["trustees"]]  # type: ignore[attr-defined]
    actor, meeting, (first_pk, last_pk) = _meeting(uuid, voters, [setup, setup])
    filled = Election.objects.select_related("meeting").get(pk=last_pk)
    for ballot in ballots[:-1]:
        store_ballot(filled, ballot)  # as a cast stores it, without the tool's check
    before_last = record_of(filled)
    ctx.fact(
        "election",
        f"{voters} voters, {CANDIDATES} candidates, {SEATS} to elect, {TRUSTEES} trustees, "
        f"group {belenios.GROUP}; record with {voters - 1} ballots "
        f"{len(before_last) / 1e6:.1f} MB, ready in {time.perf_counter() - started:.0f} s",
    )
    _device_facts(ctx, data, setup)
    last = ballots[-1]

    def cast_into(election_pk: int) -> None:
        with transaction.atomic():  # rolled back, so the same ballot can be cast again
            found = election_get(meeting_get_for(actor, meeting.pk), election_pk)
            cast_device_ballot(actor=actor, election=found, ballot=last)
            transaction.set_rollback(True)

    results = [
        ctx.compare(
            f"server accepts the {voters}th ballot",
            lambda: cast_into(last_pk),
            lambda: cast_into(first_pk),
            baseline_name="the same cast as the first ballot",
            target=1.5,
            note="the view's calls: check on the setup part, the row appended, audit",
        )
    ]
    full = before_last + ballot_members(setup, last, head_of(before_last))[0]
    counted: list[bytes] = []

    def count() -> object:
        counted[:] = [belenios_tally.tally(full, uuid, trustees)]
        return counted

    def verify_before_count() -> object:
        return _verified(full, uuid)

    tally = ctx.compare(
        f"tally {voters} ballots, {TRUSTEES} trustees",
        count,
        verify_before_count,
        baseline_name="belenios-tool election verify of the same record",
        note="encrypted tally, partial decryptions, result; in background jobs",
    )
    results.append(tally)
    t0 = time.perf_counter()
    tallied = belenios_tally.encrypted_tally(full, uuid)
    ctx.fact("encrypted tally", f"its step alone took {time.perf_counter() - t0:.1f} s")
    results.append(
        ctx.compare(
            "one trustee's partial decryption",
            lambda: belenios_tally.partial_decryption(tallied, uuid, trustees[0].private, 1),
            verify_before_count,
            baseline_name="one election verify pass",
            note="the trustee's background job, with their key",
        )
    )
    if counted:
        assert belenios.result_of(counted[0]) is not None
        results.append(
            ctx.compare(
                "verify the counted record",
                lambda: _verified(counted[0], uuid),
                verify_before_count,
                baseline_name="verify before the count (ballots only)",
                note="what anyone holding the published record runs",
            )
        )
    return results
