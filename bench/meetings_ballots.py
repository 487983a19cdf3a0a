"""An encrypted election on Belenios (issue 14, ADR 0024): 500 voters and 15 candidates, 9 to
elect. Time to cast one ballot, to tally, and to verify the record.

The ballots are made once (belenios-tool `generate-ballot`, about 0.3 s each, on both cores)
and kept under bench/out/ for later runs; the record with every ballot is then built by the
bare tool (`archive add-event`, no checks), so the timings below are of the cases only.

- **Cast**: the adapter's cast (`check_ballot`, then `append_ballot`) of the last voter's
  ballot with all the others already on the record, against the same cast on a record with
  no ballot. The ratio is how much the 500th voter waits more than the first: the first
  slice ran `verify-diff` on the whole record, which made it grow with every ballot (12 s for
  the 41st); the target is 1.5.
- **Tally**: `belenios.tally` (three tool passes over every ballot's proofs and the
  decryption) against the tool's own `election verify` of the same record (one pass), each
  run once when it is longer than the timing budget.
"""

from __future__ import annotations

import base64
import json
import random
import subprocess
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from bench.harness import Context, Result
from partydesk.meetings import belenios, belenios_tally

TITLE = "encrypted election on Belenios (cast, tally, verify)"
CANDIDATES = 15
SEATS = 9
TRUSTEES = 3  # the count decrypts with each trustee's key in turn
OUT = Path(__file__).resolve().parent / "out"


def _ballot(args: tuple[bytes, str, str, int]) -> str:
    record, uuid, credential, seed = args
    kept = [1] * SEATS + [0] * (CANDIDATES - SEATS)
    random.Random(seed).shuffle(kept)
    return belenios.generate_ballot(record, uuid, credential, kept)


def _election(voters: int) -> dict[str, object]:
    """The set-up, the trustee and one ballot per voter: made once, then read from disk."""
    cache = OUT / f"belenios-{voters}x{CANDIDATES}-{TRUSTEES}trustees.json"
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
    jobs = [(setup.record, setup.uuid, c, n) for n, c in enumerate(setup.private_credentials)]
    with ProcessPoolExecutor(max_workers=2) as pool:
        ballots = list(pool.map(_ballot, jobs, chunksize=8))
    data: dict[str, object] = {
        "uuid": setup.uuid,
        "record": base64.b64encode(setup.record).decode(),
        "trustees": [[k.public, k.private] for k in keys],
        "ballots": ballots,
    }
    OUT.mkdir(exist_ok=True)
    cache.write_text(json.dumps(data))
    return data


def _record_with(setup: bytes, uuid: str, ballots: list[str]) -> bytes:
    """The record with these ballots appended by the bare tool, unchecked (they were made
    by the tool from valid credentials; the tally's verify checks them all anyway)."""
    with tempfile.TemporaryDirectory(prefix="bench-belenios-") as tmp:
        (Path(tmp) / f"{uuid}.bel").write_bytes(setup)
        for ballot in ballots:
            subprocess.run(
                [belenios.TOOL, "archive", "add-event", "--type=Ballot"],
                cwd=tmp, input=ballot, text=True, check=True, capture_output=True,
            )  # fmt: skip
        return (Path(tmp) / f"{uuid}.bel").read_bytes()


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
    before_last = _record_with(setup, uuid, ballots[:-1])
    ctx.fact(
        "election",
        f"{voters} voters, {CANDIDATES} candidates, {SEATS} to elect, group {belenios.GROUP}; "
        f"record with {voters - 1} ballots {len(before_last) / 1e6:.1f} MB, ready in "
        f"{time.perf_counter() - started:.0f} s",
    )
    last = ballots[-1]

    def cast_last() -> object:
        return belenios.cast(before_last, uuid, last, revote_allowed=False)

    def cast_first() -> object:
        return belenios.cast(setup, uuid, last, revote_allowed=False)

    results = [
        ctx.compare(
            f"cast the {voters}th ballot",
            cast_last,
            cast_first,
            baseline_name="the same cast as the first ballot",
            target=1.5,
            note="adapter: verify-diff on the setup part, then add-event on the record",
        )
    ]
    full = belenios.append_ballot(before_last, uuid, last, revote_allowed=False)

    def count() -> object:
        return belenios_tally.tally(full, uuid, trustees)

    def verify_only() -> object:
        return belenios.verify(full, uuid)

    tally = ctx.compare(
        f"tally {voters} ballots",
        count,
        verify_only,
        baseline_name="belenios-tool election verify of the same record",
        note="runs in the outbox worker, never in a request",
    )
    results.append(tally)
    if tally.p50_ms is not None and tally.baseline_p50_ms is not None:
        ctx.fact(
            "per ballot",
            f"tally {tally.p50_ms / voters:.0f} ms, verify {tally.baseline_p50_ms / voters:.0f} "
            "ms (the count page's wait is the sum of both)",
        )
    return results
