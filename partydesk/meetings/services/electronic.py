"""Electronic secret ballots through the Belenios adapter (meetings/belenios.py).

belenios-tool runs OUTSIDE any transaction. A cast appends its ballot as a row of its own
(services/casting.py); the count's steps store the whole record with a compare-and-swap on
`record_version`, so no row lock is held while the tool works. The cast is audited with
the core's anonymous facility: no actor, no address, the time to the minute; the voter
entitlement rows never say whether, when or how anyone voted."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from partydesk.core.errors import Conflict, InvalidInput, NotAllowed
from partydesk.core.http import Acting
from partydesk.core.models import OutboxMessage, OutboxStatus
from partydesk.core.selectors import outbox_latest
from partydesk.core.services.notifications import notify
from partydesk.core.services.outbox import outbox_enqueue, outbox_handler
from partydesk.meetings import belenios, belenios_tally
from partydesk.meetings.models import (
    Election,
    ElectionMethod,
    ElectionRecordPart,
    ElectionState,
    ElectionTrustee,
    ElectionVoter,
    Participant,
    Role,
)
from partydesk.meetings.selectors.elections import record_of
from partydesk.meetings.services.casting import check_may_cast, store_ballot
from partydesk.meetings.services.elections import (
    audit_election,
    audit_election_by,
    check_runs,
    result_payload,
)

COUNT_KIND = "meetings.election.tally"
# A count of 500 ballots took 7 minutes on a loaded 2-core machine (docs/performance.md):
# no second worker takes the same count while the first is still at it.
COUNT_LEASE = dt.timedelta(hours=1)
# Fewer than two trustees would let one person decrypt alone.
MIN_TRUSTEES = 2


def _check_electronic(election: Election, state: str) -> None:
    if election.method != ElectionMethod.ELECTRONIC:
        raise NotAllowed(_("This election is not an electronic secret ballot."))
    if election.state != state:
        raise NotAllowed(_("The election is not at that step."))


def electronic_open(*, actor: Acting, election: Election) -> list[str]:
    """Set the election up in Belenios and open it. The meeting's members become its voters;
    one private credential per voter is generated and RETURNED ONCE for the printed slips
    the board hands out; the server keeps only the public credentials (in the record). The
    trustees' public keys, every trustee having made one, go into the record in order."""
    check_runs(actor, election)
    _check_electronic(election, ElectionState.DRAFT)
    keys = list(election.trustees.order_by("position").values_list("public_key", flat=True))
    if len(keys) < MIN_TRUSTEES:
        raise NotAllowed(
            _("Name at least %(n)s trustees: with fewer, one person could decrypt alone.")
            % {"n": MIN_TRUSTEES}
        )
    if not all(keys):
        raise NotAllowed(_("Every trustee must make their key before the vote opens."))
    voters = list(
        Participant.objects.filter(meeting_id=election.meeting_id, role=Role.MEMBER)
        .values_list("user_id", flat=True)
        .distinct()
    )
    if not voters:
        raise NotAllowed(_("The meeting has no members to vote."))
    names = list(election.candidates.values_list("name", flat=True))
    try:
        setup = belenios.setup_election(
            name=election.title,
            question=election.title,
            answers=names,
            min_kept=0 if election.blank_valid else 1,
            max_kept=election.seats,
            voters=len(voters),
            trustee_keys=keys,
        )
    except belenios.BeleniosError as error:
        raise NotAllowed(_("The voting engine failed: %(e)s") % {"e": error.output}) from error
    with transaction.atomic():
        moved = Election.objects.filter(pk=election.pk, state=ElectionState.DRAFT).update(
            state=ElectionState.OPEN,
            opened_at=timezone.now(),
            belenios_uuid=setup.uuid,
            record=setup.record,
            record_version=1,
            credentials_issued=len(setup.private_credentials),
        )
        if not moved:
            raise NotAllowed(_("The election is not at that step."))
        ElectionVoter.objects.bulk_create(
            ElectionVoter(election=election, user_id=user_id) for user_id in voters
        )
        election.refresh_from_db()
        audit_election(actor, "meetings.election.credentials", election, voters=len(voters))
        audit_election(actor, "meetings.election.opened", election, uuid=setup.uuid)
    return setup.private_credentials


def electronic_cast(
    *, actor: Acting, election: Election, credential: str, kept: Iterable[int]
) -> str:
    """Encrypt the voter's choice with their credential (on the server: said on the page),
    have belenios-tool verify the ballot as it joins the record, and return the receipt
    (the smart ballot tracker). Only the election's voters cast; a credential casts once
    (again, replacing its ballot, when the election allows re-voting)."""
    check_may_cast(actor, election)
    ids = list(election.candidates.values_list("pk", flat=True))
    chosen = {int(k) for k in kept}
    if not chosen <= set(ids):
        raise InvalidInput(_("Tick only names on this election's list."), field="kept")
    if len(chosen) > election.seats:
        raise InvalidInput(
            _("Keep at most %(n)s names: a ballot keeping more is invalid.")
            % {"n": election.seats},
            field="kept",
        )
    if not chosen and not election.blank_valid:
        raise InvalidInput(_("Keep at least one name."), field="kept")
    credential = credential.strip()
    if not credential:
        raise InvalidInput(_("Type the credential printed on your slip."), field="credential")
    vector = [1 if pk in chosen else 0 for pk in ids]
    record = bytes(election.record or b"")
    try:
        ballot = belenios.generate_ballot(record, election.belenios_uuid, credential, vector)
    except belenios.BallotRefused as error:
        raise InvalidInput(_("The ballot could not be made with this credential."),
                           field="credential") from error  # fmt: skip
    try:
        belenios.check_ballot(record, election.belenios_uuid, ballot)
    except belenios.BallotRefused as error:
        raise InvalidInput(_("The ballot was refused: this credential is not valid."),
                           field="credential") from error  # fmt: skip
    return store_ballot(election, ballot)  # checked once above, the slow part


def electronic_close(*, actor: Acting, election: Election) -> Election:
    check_runs(actor, election)
    _check_electronic(election, ElectionState.OPEN)
    with transaction.atomic():
        moved = Election.objects.filter(pk=election.pk, state=ElectionState.OPEN).update(
            state=ElectionState.CLOSED, closed_at=timezone.now()
        )
        if not moved:
            raise NotAllowed(_("The election is not at that step."))
        election.refresh_from_db()
        audit_election(actor, "meetings.election.closed", election)
    return election


def electronic_tally(*, actor: Acting, election: Election) -> None:
    """Queue the count for the outbox worker: belenios-tool re-checks every ballot's proofs
    at each of its three tally steps and again when verifying, about a second per ballot
    in all, far longer than a request may take for a few hundred voters. Once the encrypted
    tally is published, the count waits for the trustees; asked again then (after a failed
    try), it goes on from there."""
    check_runs(actor, election)
    if election.state != ElectionState.DECRYPTING:
        _check_electronic(election, ElectionState.CLOSED)
    job = count_job(election)
    if job is not None and job.status == OutboxStatus.PENDING:
        raise Conflict(_("The count is already under way."))
    with transaction.atomic():
        queue_count(election, by=getattr(actor.user, "pk", None))
        audit_election(actor, "meetings.election.count_requested", election)


def queue_count(election: Election, *, by: int | None) -> None:
    """Queue the count for the outbox worker, in the caller's transaction."""
    outbox_enqueue(
        kind=COUNT_KIND,
        payload={"election": election.pk, "by": by},
        idempotency_key=f"{COUNT_KIND}:{election.pk}:{uuid.uuid4()}",
    )


def count_job(election: Election) -> OutboxMessage | None:
    """The latest count queued for this election (waiting, failed with its error, or done)."""
    return outbox_latest(COUNT_KIND, election=election.pk)


@outbox_handler(COUNT_KIND, lease=COUNT_LEASE)
def _count_deliver(message: OutboxMessage) -> None:
    by = message.payload.get("by")
    user = get_user_model().objects.filter(pk=by).first() if by else None
    electronic_count(int(message.payload["election"]), by=user)


def electronic_count(election_id: int, *, by: Any = None) -> Election:
    """The count, run by the outbox worker outside any transaction, in two steps. First the
    encrypted tally is published on the record and the election waits for its trustees.
    When every trustee's partial decryption is in, the result is computed (belenios-tool
    checks each partial decryption's proof), the whole record is checked with `belenios-tool
    election verify`, and the 190-QĐ/TW rules are applied to the decrypted counts. Without
    every trustee the count cannot finish: the server holds no private key. A message
    delivered twice finds the step done and does nothing."""
    election = Election.objects.select_related("meeting").get(pk=election_id)
    if election.state == ElectionState.COUNTED:
        return election
    if election.state == ElectionState.CLOSED:
        election = _publish_encrypted_tally(election, by)
    _check_electronic(election, ElectionState.DECRYPTING)
    trustees = list(election.trustees.order_by("position"))
    if any(not t.partial_decryption for t in trustees):
        return election  # waits: the last trustee's decryption queues the count again
    record, version = bytes(election.record or b""), election.record_version
    try:
        tallied = belenios_tally.publish_result(
            record, election.belenios_uuid, [t.partial_decryption for t in trustees]
        )
    except belenios_tally.PartialRefused as refused:
        with transaction.atomic():
            ElectionTrustee.objects.filter(election=election, position=refused.trustee).update(
                partial_decryption="", decrypted_at=None
            )
            audit_election_by(
                by, "meetings.election.partial_refused", election, trustee=refused.trustee
            )
        return election
    check = belenios.verify(tallied, election.belenios_uuid)
    counts = (belenios.result_of(tallied) or [[]])[0]
    ids = list(election.candidates.values_list("pk", flat=True))
    ballots = {str(b.get("credential")) for b in belenios.ballots_of(tallied)}
    result = result_payload(election, dict(zip(ids, counts, strict=True)), valid=len(ballots),
                            invalid=0)  # fmt: skip
    result["verified"] = check.ok
    with transaction.atomic():
        stored = Election.objects.filter(
            pk=election.pk, record_version=version, state=ElectionState.DECRYPTING
        ).update(
            record=tallied,
            record_version=version + 1,
            result=result,
            state=ElectionState.COUNTED,
            counted_at=timezone.now(),
        )
        election.refresh_from_db()
        if not stored:
            return election  # another worker stored the same count first
        audit_election_by(
            by, "meetings.election.tallied", election, outcome=result["outcome"], verified=check.ok
        )
    return election


def _publish_encrypted_tally(election: Election, by: Any) -> Election:
    """Join the ballots cast (rows since the election opened) into the stored record with
    the encrypted tally after them; the rows go in the same transaction."""
    record, version = record_of(election), election.record_version
    tallied = belenios_tally.encrypted_tally(record, election.belenios_uuid)
    with transaction.atomic():
        stored = Election.objects.filter(
            pk=election.pk, record_version=version, state=ElectionState.CLOSED
        ).update(record=tallied, record_version=version + 1, state=ElectionState.DECRYPTING)
        if stored:
            ElectionRecordPart.objects.filter(election_id=election.pk).delete()
            audit_election_by(by, "meetings.election.tally_encrypted", election)
            _ask_trustees(election)
    election.refresh_from_db()
    return election


TRUSTEE_DECRYPT = "meetings.election.decrypt"


def _ask_trustees(election: Election) -> None:
    """Each trustee learns that the encrypted tally waits for their share (in the app, and
    by email for those who chose it), in the transaction that publishes it."""
    trustees = ElectionTrustee.objects.filter(election=election, user__isnull=False)
    url = reverse("meetings:election_trustee", args=[election.meeting_id, election.pk])
    notify(
        recipients=[t.user for t in trustees.select_related("user")],
        kind=TRUSTEE_DECRYPT,
        title=_("The ballots of “%(election)s” wait for your share of the decryption")
        % {"election": election.title},
        url=url,
        urgent=True,
        organization_id=election.meeting.organization_id,
        target=election.meeting,
    )


def receipt_on_record(election: Election, receipt: str) -> bool:
    """Whether a ballot with this tracker is on the published record."""
    if not election.record:
        return False
    return receipt.strip() in belenios.trackers_on_record(record_of(election))


def record_verification(election: Election) -> belenios.Verification:
    """Run `belenios-tool election verify` on the published record now."""
    if not election.record:
        return belenios.Verification(False, "no record")
    return belenios.verify(record_of(election), election.belenios_uuid)
