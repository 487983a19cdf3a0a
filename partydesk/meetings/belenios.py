"""The one module that drives Belenios (`belenios-tool` 2.0, Debian), the way signatures wrap
pyHanko: everything else in partydesk calls these functions and never the tool.

Each call copies the election's public record (the `<uuid>.bel` archive, an append-only
hash chain of events) into a fresh temporary directory, runs the tool there with
subprocess and returns the new record. No database access here: callers run these
outside any transaction and store the result afterwards.

Roles in Belenios and who plays them (ADR 0024, "Elections"):
- the credential authority generates one private credential per voter and the public
  credentials; the private ones are returned once (for the printed slips) and never kept;
- several trustees, named people, each with their own key pair: the record holds only the
  public keys, and the result needs every trustee's partial decryption (n of n);
- the voter's device encrypts the ballot (static/meetings/belenios-ballot.js, whose
  ballots `check_ballot` verifies like any other); without JavaScript the server does,
  with `generate_ballot` (server-side encryption, said on the page).
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

TOOL = "belenios-tool"
GROUP = "BELENIOS-2048"
TIMEOUT = 300  # seconds for one command; a tally of thousands of ballots stays well below


class BeleniosError(Exception):
    """The tool refused or failed; `output` is what it said."""

    def __init__(self, message: str, output: str = "") -> None:
        super().__init__(message)
        self.output = output


class BallotRefused(BeleniosError):
    """A ballot the tool would not generate or that does not verify."""


def available() -> bool:
    return shutil.which(TOOL) is not None


def _run(args: Sequence[str], cwd: Path, stdin: str = "") -> str:
    if not available():
        raise BeleniosError("belenios-tool is not installed (make system-deps)")
    done = subprocess.run(
        [TOOL, *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env={**os.environ, "BELENIOS_USE_URANDOM": "1"},
        check=False,
    )
    if done.returncode != 0:
        raise BeleniosError(f"belenios-tool {args[0]} {args[1]} failed", done.stderr.strip())
    return done.stdout


def _restore(record: bytes, uuid: str, directory: Path) -> None:
    (directory / f"{uuid}.bel").write_bytes(record)


def _archive(uuid: str, directory: Path) -> bytes:
    return (directory / f"{uuid}.bel").read_bytes()


# ---------- set-up ----------


@dataclass(frozen=True)
class TrusteeKey:
    public: str
    private: str


@dataclass(frozen=True)
class Setup:
    uuid: str
    record: bytes
    private_credentials: list[str]  # one per voter: hand out, never store


def generate_trustee_key() -> TrusteeKey:
    """One trustee's key pair (`setup generate-trustee-key`). The caller hands the private
    half to the trustee and keeps only the public one."""
    with tempfile.TemporaryDirectory(prefix="belenios-") as tmp:
        work = Path(tmp)
        _run(["setup", "generate-trustee-key", "--group", GROUP], work)
        (pubkey,) = work.glob("*.pubkey")
        (privkey,) = work.glob("*.privkey")
        return TrusteeKey(public=pubkey.read_text().strip(), private=privkey.read_text().strip())


def _public_key_line(public: str) -> str:
    try:
        parsed = json.loads(public)
    except ValueError as error:
        raise BeleniosError("not a Belenios public key") from error
    if not isinstance(parsed, dict) or set(parsed) != {"pok", "public_key"}:
        raise BeleniosError("not a Belenios public key")
    return json.dumps(parsed, separators=(",", ":"))


def setup_election(
    *,
    name: str,
    question: str,
    answers: Sequence[str],
    min_kept: int,
    max_kept: int,
    voters: int,
    trustee_keys: Sequence[str],
) -> Setup:
    """Create the election: credentials for `voters` anonymous voters (numbered 1..N, so the
    record names no one), the trustees' public keys in order (trustee 1 is the first), the
    election parameters, and the initial record. `election verify` then checks the set-up,
    including each trustee's proof that they hold the private key of their public key."""
    if voters < 1:
        raise BeleniosError("an electronic election needs at least one voter")
    if not trustee_keys:
        raise BeleniosError("an election needs at least one trustee")
    keys = [_public_key_line(k) for k in trustee_keys]
    with tempfile.TemporaryDirectory(prefix="belenios-") as tmp:
        work = Path(tmp)
        uuid = _run(["setup", "generate-token"], work).strip()
        (work / "voters.txt").write_text("".join(f"{n}\n" for n in range(1, voters + 1)))
        _run(
            ["setup", "generate-credentials", "--uuid", uuid, "--group", GROUP,
             "--file", "voters.txt"],
            work,
        )  # fmt: skip
        (pub,) = work.glob("*.pubcreds")
        (priv,) = work.glob("*.privcreds")
        pub.rename(work / "public_creds.json")
        private = [line.split()[-1] for line in priv.read_text().splitlines() if line.strip()]
        priv.unlink()
        (work / "public_keys.jsons").write_text("".join(f"{k}\n" for k in keys))
        _run(["setup", "make-trustees"], work)
        template = {
            "description": question,
            "name": name,
            "questions": [
                {
                    "answers": list(answers),
                    "blank": False,
                    "min": min_kept,
                    "max": max_kept,
                    "question": question,
                }
            ],
            "administrator": "partydesk",
            "credential_authority": "partydesk",
        }
        (work / "template.json").write_text(json.dumps(template, ensure_ascii=False))
        _run(
            ["setup", "make-election", "--uuid", uuid, "--group", GROUP,
             "--template", "template.json"],
            work,
        )  # fmt: skip
        _run(["archive", "init"], work)
        _run(["election", "verify"], work)
        return Setup(uuid, _archive(uuid, work), private)


def check_public_key(public: str) -> None:
    """Refuse a public key whose proof of knowledge does not verify (a trustee who pastes a
    key made with belenios-tool on their own computer): a one-voter election is set up with
    it alone and `election verify` checks the proof."""
    setup_election(
        name="key", question="key", answers=["a"], min_kept=0, max_kept=1, voters=1,
        trustee_keys=[public],
    )  # fmt: skip


# ---------- reading the record ----------


def _members(record: bytes) -> dict[str, bytes]:
    with tarfile.open(fileobj=io.BytesIO(record)) as tar:
        return {
            m.name: tar.extractfile(m).read()  # type: ignore[union-attr]
            for m in tar.getmembers()
            if m.isfile()
        }


def _events(record: bytes) -> tuple[list[dict[str, object]], dict[str, bytes]]:
    """The events in order and the data files by their sha256."""
    files = _members(record)
    events = [json.loads(v) for k, v in files.items() if k.endswith(".event.json")]
    events.sort(key=lambda e: int(str(e.get("height", 0))))
    data = {k.removesuffix(".data.json"): v for k, v in files.items() if k.endswith(".data.json")}
    return events, data


def ballots_of(record: bytes) -> list[dict[str, object]]:
    """Every ballot on the record, in the order cast (a revote appears after the first)."""
    events, data = _events(record)
    return [json.loads(data[str(e["payload"])]) for e in events if e.get("type") == "Ballot"]


def tracker(ballot: str) -> str:
    """The smart ballot tracker Belenios shows: SHA-256 of the ballot, base64 unpadded."""
    digest = hashlib.sha256(ballot.encode()).digest()
    return base64.b64encode(digest).decode().rstrip("=")


def trackers_on_record(record: bytes) -> set[str]:
    events, _data = _events(record)
    found = set()
    for event in events:
        if event.get("type") == "Ballot":
            digest = bytes.fromhex(str(event["payload"]))
            found.add(base64.b64encode(digest).decode().rstrip("="))
    return found


def result_of(record: bytes) -> list[list[int]] | None:
    """The decrypted result (counts per answer of each question), once published."""
    events, data = _events(record)
    results = [e for e in events if e.get("type") == "Result"]
    if not results:
        return None
    payload = json.loads(data[str(results[-1]["payload"])])
    return [[int(n) for n in question] for question in payload["result"]]


def election_params(record: bytes) -> str:
    """The election's parameters exactly as on the record (group, public key, questions,
    uuid): what a voter's device needs to make a ballot. Their SHA-256 is the election's
    fingerprint, so the text is returned unchanged."""
    events, data = _events(record)
    for event in events:
        if event.get("type") == "Setup":
            setup = json.loads(data[str(event["payload"])])
            return data[str(setup["election"])].decode()
    raise BeleniosError("the record has no Setup event")


# ---------- voting ----------


def setup_part(record: bytes) -> bytes:
    """The record up to its Setup event, byte for byte: the election's parameters, public
    credentials and trustees' keys, without any ballot. A Belenios archive is a tar whose
    members are appended in order, so this prefix is itself a valid archive."""
    with tarfile.open(fileobj=io.BytesIO(record)) as tar:
        seen_setup = False
        while (member := tar.next()) is not None:
            if seen_setup:
                return record[: member.offset]
            seen_setup = member.name.endswith(".event.json")
    if seen_setup:
        return record
    raise BeleniosError("the record has no Setup event")


def generate_ballot(record: bytes, uuid: str, private_credential: str, kept: Sequence[int]) -> str:
    """Encrypt one voter's choice (0/1 per answer) with their credential. The tool proves
    that the number kept is within the question's bounds, so it refuses a ballot keeping
    more names than allowed (BallotRefused). Only the setup part is needed, so the cost does
    not grow with the ballots already cast."""
    if any(k not in (0, 1) for k in kept):
        raise BallotRefused("a choice is 0 or 1 per name")
    with tempfile.TemporaryDirectory(prefix="belenios-") as tmp:
        work = Path(tmp)
        _restore(setup_part(record), uuid, work)
        (work / "credential").write_text(private_credential.strip() + "\n")
        (work / "choice.json").write_text(json.dumps([list(kept)]))
        try:
            out = _run(
                ["election", "generate-ballot", "--privcred", "credential",
                 "--ballot", "choice.json"],
                work,
            )  # fmt: skip
        except BeleniosError as error:
            raise BallotRefused("the ballot could not be generated", error.output) from error
        return out.strip()


def credential_of(ballot: str) -> str:
    """The ballot's public credential (refused if this is not a Belenios ballot)."""
    try:
        return str(json.loads(ballot)["credential"])
    except (ValueError, KeyError, TypeError) as error:
        raise BallotRefused("not a Belenios ballot") from error


def check_ballot(record: bytes, uuid: str, ballot: str) -> None:
    """Have the tool verify one ballot (`election verify-diff` between the setup part and
    the setup part with this ballot: its proofs and signature, its credential among the
    public ones). Checking against the setup part, not the whole record, keeps the cost
    constant: verify-diff re-checks every ballot of the newer directory, so checking against
    the whole record made the n-th cast cost n ballot checks (docs/performance.md)."""
    credential_of(ballot)
    base = setup_part(record)
    with tempfile.TemporaryDirectory(prefix="belenios-") as tmp:
        before, after = Path(tmp, "before"), Path(tmp, "after")
        before.mkdir()
        after.mkdir()
        _restore(base, uuid, before)
        _restore(base, uuid, after)
        try:
            _run(["archive", "add-event", "--type=Ballot"], after, stdin=ballot)
            _run(["election", "verify-diff", "--dir1", str(before), "--dir2", str(after)], after)
        except BeleniosError as error:
            raise BallotRefused("the ballot does not verify", error.output) from error


def has_voted(record: bytes, credential: str) -> bool:
    """Whether a ballot signed with this public credential is on the record (read from the
    raw ballots after the setup part, where the credential appears only inside a ballot)."""
    ballots = record[len(setup_part(record)) :]
    return f'"credential":"{credential}"'.encode() in ballots


def cast(record: bytes, uuid: str, ballot: str, *, revote_allowed: bool) -> bytes:
    """Check a ballot and have belenios-tool append it to the whole record (`archive
    add-event`); a second ballot with the same credential replaces the first in the tally
    when re-voting is allowed, and is refused otherwise. The tool's own way, reading and
    writing the whole record: the app's casts append a row instead (services/casting.py,
    belenios_archive), and the tests use this as the reference those rows must match."""
    if not revote_allowed and has_voted(record, credential_of(ballot)):
        raise BallotRefused("this credential has already voted")
    check_ballot(record, uuid, ballot)
    with tempfile.TemporaryDirectory(prefix="belenios-") as tmp:
        work = Path(tmp)
        _restore(record, uuid, work)
        _run(["archive", "add-event", "--type=Ballot"], work, stdin=ballot)
        return _archive(uuid, work)


# ---------- verification ----------


@dataclass(frozen=True)
class Verification:
    ok: bool
    output: str


def verify(record: bytes, uuid: str) -> Verification:
    """`belenios-tool election verify` on the record: every ballot's proofs, the tally,
    the partial decryptions and the result."""
    with tempfile.TemporaryDirectory(prefix="belenios-") as tmp:
        work = Path(tmp)
        _restore(record, uuid, work)
        try:
            _run(["election", "verify"], work)
        except BeleniosError as error:
            return Verification(False, error.output)
        return Verification(True, "all checks passed")
