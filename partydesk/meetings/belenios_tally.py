"""The count of a Belenios election with several trustees, part of the Belenios adapter
(meetings/belenios.py holds the set-up, the casting and the verification): the encrypted
tally, each trustee's partial decryption, and the result. No database access here."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Sequence
from pathlib import Path

from partydesk.meetings.belenios import BeleniosError, TrusteeKey, _archive, _restore, _run


class PartialRefused(BeleniosError):
    """A partial decryption that is not the trustee's, or whose proof does not verify."""

    def __init__(self, message: str, output: str = "", trustee: int = 0) -> None:
        super().__init__(message, output)
        self.trustee = trustee


def encrypted_tally(record: bytes, uuid: str) -> bytes:
    """Close the ballot box and publish the encrypted tally (the homomorphic sum of the
    ballots, still encrypted under the trustees' joint key), as record events."""
    with tempfile.TemporaryDirectory(prefix="belenios-") as tmp:
        work = Path(tmp)
        _restore(record, uuid, work)
        _run(["archive", "add-event", "--type=EndBallots"], work)
        encrypted = _run(["election", "compute-encrypted-tally"], work)
        _run(["archive", "add-event", "--type=EncryptedTally"], work, stdin=encrypted)
        return _archive(uuid, work)


def owner_of(partial: str) -> int:
    """The trustee number a partial decryption says it comes from (its last JSON line)."""
    lines = [line for line in partial.strip().splitlines() if line.strip()]
    try:
        return int(json.loads(lines[-1])["owner"])
    except (ValueError, KeyError, TypeError, IndexError) as error:
        raise PartialRefused("not a Belenios partial decryption") from error


def partial_decryption(record: bytes, uuid: str, private_key: str, trustee: int) -> str:
    """Trustee number `trustee` decrypts their share of the encrypted tally with their
    private key (`election decrypt`, with its proof). The key is written to a temporary
    directory removed on return, and never stored."""
    with tempfile.TemporaryDirectory(prefix="belenios-") as tmp:
        work = Path(tmp)
        _restore(record, uuid, work)
        (work / "trustee.privkey").write_text(private_key.strip() + "\n")
        try:
            return _run(
                ["election", "decrypt", "--privkey", "trustee.privkey",
                 "--trustee-id", str(trustee)],
                work,
            ).strip()  # fmt: skip
        except BeleniosError as error:
            raise PartialRefused("the key could not decrypt", error.output, trustee) from error


def _result_with(record: bytes, uuid: str, partials: Sequence[str], work: Path) -> str:
    _restore(record, uuid, work)
    for partial in partials:
        _run(["archive", "add-event", "--type=PartialDecryption"], work, stdin=partial)
    return _run(["election", "compute-result"], work)


def publish_result(record: bytes, uuid: str, partials: Sequence[str]) -> bytes:
    """Add every trustee's partial decryption (in trustee order) to a record holding the
    encrypted tally and publish the result. The tool checks each partial decryption's proof
    against its trustee's public key; on a bad one, PartialRefused names the first trustee
    whose partial does not verify (found by adding them one by one: the tool checks trustee
    1, 2, ... in order and stops at the first missing or invalid one)."""
    ordered = sorted(partials, key=owner_of)
    with tempfile.TemporaryDirectory(prefix="belenios-") as tmp:
        work = Path(tmp)
        try:
            result = _result_with(record, uuid, ordered, work)
        except BeleniosError as error:
            if "invalid partial decryption" not in error.output:
                raise
            for n in range(1, len(ordered) + 1):
                with tempfile.TemporaryDirectory(prefix="belenios-") as probe:
                    try:
                        _result_with(record, uuid, ordered[:n], Path(probe))
                    except BeleniosError as failed:
                        if "invalid partial decryption" in failed.output:
                            owner = owner_of(ordered[n - 1])
                            raise PartialRefused("invalid partial decryption", failed.output,
                                                 owner) from error  # fmt: skip
            raise
        _run(["archive", "add-event", "--type=Result"], work, stdin=result)
        return _archive(uuid, work)


def tally(record: bytes, uuid: str, trustees: Sequence[TrusteeKey]) -> bytes:
    """The whole count where one party holds every key (tests and the bench): the encrypted
    tally, each trustee's partial decryption, the result."""
    tallied = encrypted_tally(record, uuid)
    partials = [
        partial_decryption(tallied, uuid, key.private, n) for n, key in enumerate(trustees, 1)
    ]
    return publish_result(tallied, uuid, partials)
