"""Casting an electronic secret ballot, wherever it was encrypted (ADR 0024).

Two ways in, one way onto the record: the server encrypts (services/electronic.py,
`electronic_cast`, the voter having typed their credential and choice into the form), or
the voter's device encrypts with meetings/static/meetings/belenios-ballot.js and sends
only the finished ballot (`cast_device_ballot`: the server never sees the credential nor
the choice). Either way belenios-tool checks the ballot against the setup part of the
record (proofs, the min/max of names kept, the signature, the credential among the public
ones) outside any transaction, and `store_ballot` appends its two archive members as a row
of their own (`ElectionRecordPart`) with the anonymous audit."""

from __future__ import annotations

import json

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from partydesk.core.audit import audit_log_anonymous
from partydesk.core.errors import InvalidInput, NotAllowed
from partydesk.core.http import Acting
from partydesk.meetings import belenios, belenios_archive
from partydesk.meetings.models import (
    Election,
    ElectionMethod,
    ElectionRecordPart,
    ElectionState,
    ElectionVoter,
)

RETRIES = 30  # where the row lock is not enforced (SQLite), a taken height is tried again
MAX_BALLOT = 1_000_000  # characters; 11 names make about 20,000


def check_may_cast(actor: Acting, election: Election) -> None:
    """Only the election's voters cast, and only while it is open."""
    user_id = getattr(actor.user, "pk", None)
    if (
        user_id is None
        or not ElectionVoter.objects.filter(election=election, user_id=user_id).exists()
    ):
        raise NotAllowed(_("Only the election's voters cast a ballot."))
    if election.method != ElectionMethod.ELECTRONIC:
        raise NotAllowed(_("This election is not an electronic secret ballot."))
    if election.state != ElectionState.OPEN:
        raise NotAllowed(_("The election is not at that step."))


def store_ballot(election: Election, ballot: str) -> str:
    """Append a ballot belenios-tool has checked and return its receipt (the smart ballot
    tracker). The ballot's two archive members are written after the record's last event
    under a short lock of the election's row (the state is checked there, so no ballot
    lands after the close); nothing of the record is read or rewritten but its last event.
    A credential that has voted is refused unless re-voting is allowed."""
    credential = belenios.credential_of(ballot)
    for _attempt in range(RETRIES):
        try:
            with transaction.atomic():
                return _append(election, ballot, credential)
        except IntegrityError:
            continue  # another cast took this height (where the row lock is not enforced)
    raise NotAllowed(_("Too many ballots arrived at once; send yours again."))


def _append(election: Election, ballot: str, credential: str) -> str:
    locked = Election.objects.select_for_update().filter(pk=election.pk).first()
    if locked is None or locked.state != ElectionState.OPEN:
        raise NotAllowed(_("Voting is closed."))
    stored = bytes(locked.record or b"")
    parts = ElectionRecordPart.objects.filter(election_id=election.pk)
    if not election.revote_allowed and (
        parts.filter(credential=credential).exists() or belenios.has_voted(stored, credential)
    ):
        raise InvalidInput(
            _("The ballot was refused: this credential has already voted."), field="credential"
        )
    last = parts.order_by("-height").values_list("height", "event").first()
    head = belenios_archive.Head(*last) if last else belenios_archive.head_of(stored)
    content, new_head = belenios_archive.ballot_members(stored, ballot, head)
    ElectionRecordPart.objects.create(
        election_id=election.pk,
        height=new_head.height,
        event=new_head.event,
        credential=credential,
        content=content,
    )
    receipt = belenios.tracker(ballot)
    audit_log_anonymous(
        action="meetings.ballot.cast",
        subject=election,
        organization_id=election.meeting.organization_id,
        details={"election": election.pk, "tracker": receipt},
    )
    return receipt


def device_params(election: Election) -> dict[str, object]:
    """What the vote page gives the voter's device: the election's parameters as on the
    record, and the candidates' ids in the order of the ballot's answers."""
    if election.method != ElectionMethod.ELECTRONIC or not election.record:
        return {}
    return {
        "election": belenios.election_params(bytes(election.record)),
        "candidates": list(election.candidates.values_list("pk", flat=True)),
    }


def cast_device_ballot(*, actor: Acting, election: Election, ballot: str) -> str:
    """Cast a ballot encrypted on the voter's device. The server cannot read the choice, so
    the rules it checks before encrypting on its own (names on the list, at most the seats,
    at least one unless a blank ballot counts) are here checked by belenios-tool: the
    ballot's proofs show each name is kept or crossed and the number kept is within the
    question's bounds, which the set-up took from those rules."""
    check_may_cast(actor, election)
    ballot = ballot.strip()
    try:
        parsed = json.loads(ballot) if len(ballot) <= MAX_BALLOT else None
    except ValueError:
        parsed = None
    if not isinstance(parsed, dict) or parsed.get("election_uuid") != election.belenios_uuid:
        raise InvalidInput(_("This is not a ballot of this election."), field="ballot")
    try:
        belenios.check_ballot(bytes(election.record or b""), election.belenios_uuid, ballot)
    except belenios.BallotRefused as error:
        raise InvalidInput(
            _("The ballot was refused: it does not verify (a credential that is not valid, "
              "or a ballot this election does not accept)."),
            field="ballot",
        ) from error  # fmt: skip
    return store_ballot(election, ballot)
