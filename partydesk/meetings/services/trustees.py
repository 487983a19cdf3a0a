"""The trustees of an electronic election (ADR 0024): named people who each hold a share of
the decryption key, so that the administrators cannot decrypt alone.

Those who run the meeting name the trustees while the election is being prepared. Each
trustee then makes their key pair: either here (belenios-tool runs on the server, the
private key goes to the trustee's browser as a download and is not kept) or with
belenios-tool on their own computer, pasting only the public key. Once the ballots are
tallied, each trustee decrypts their share: by giving their private key file, which waits
sealed until a background job uses it once in a temporary directory and wipes it, or by
pasting the partial decryption made on their own computer. The count waits until every
trustee has done so. belenios-tool always runs outside any transaction."""

from __future__ import annotations

import base64
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from partydesk.core.errors import Conflict, InvalidInput, NotAllowed
from partydesk.core.http import Acting
from partydesk.meetings import belenios, belenios_tally
from partydesk.meetings.models import (
    Election,
    ElectionMethod,
    ElectionState,
    ElectionTrustee,
    Participant,
    Role,
)
from partydesk.meetings.services.elections import audit_election, audit_election_by, check_runs
from partydesk.meetings.services.electronic import queue_count

# A key not taken by a worker within this time is refused and the trustee gives it again.
KEY_WAITS = 60 * 60


def _check_draft(election: Election) -> None:
    if election.method != ElectionMethod.ELECTRONIC:
        raise NotAllowed(_("This election is not an electronic secret ballot."))
    if election.state != ElectionState.DRAFT:
        raise NotAllowed(_("Trustees are named and make their keys before the vote opens."))


@transaction.atomic
def trustee_add(*, actor: Acting, election: Election, user_id: int) -> ElectionTrustee:
    """Name a member of the meeting as the election's next trustee."""
    check_runs(actor, election)
    _check_draft(election)
    Election.objects.select_for_update().filter(pk=election.pk).first()
    if not Participant.objects.filter(
        meeting_id=election.meeting_id, user_id=user_id, role=Role.MEMBER
    ).exists():
        raise InvalidInput(_("A trustee is a member of this meeting."), field="user")
    if election.trustees.filter(user_id=user_id).exists():
        raise InvalidInput(_("This person is already a trustee."), field="user")
    last = election.trustees.aggregate(n=Max("position"))["n"] or 0
    trustee = ElectionTrustee.objects.create(election=election, position=last + 1, user_id=user_id)
    audit_election(actor, "meetings.election.trustee_added", election, user=user_id)
    return trustee


@transaction.atomic
def trustee_remove(*, actor: Acting, election: Election, trustee_id: int) -> None:
    """Remove a trustee before the vote opens; the later ones move up a number."""
    check_runs(actor, election)
    _check_draft(election)
    Election.objects.select_for_update().filter(pk=election.pk).first()
    trustee = election.trustees.filter(pk=trustee_id).first()
    if trustee is None:
        raise InvalidInput(_("No such trustee."), field="trustee")
    trustee.delete()
    for n, later in enumerate(election.trustees.order_by("position"), 1):
        if later.position != n:
            ElectionTrustee.objects.filter(pk=later.pk).update(position=n)
    audit_election(actor, "meetings.election.trustee_removed", election, user=trustee.user_id)


def trustee_of(actor: Acting, election: Election) -> ElectionTrustee | None:
    """The acting person's trustee row in this election, if they are one."""
    user_id = getattr(actor.user, "pk", None)
    if user_id is None:
        return None
    return election.trustees.filter(user_id=user_id).first()


def _store_key(actor: Acting, election: Election, trustee: ElectionTrustee, public: str) -> None:
    with transaction.atomic():
        stored = ElectionTrustee.objects.filter(
            pk=trustee.pk, election__state=ElectionState.DRAFT
        ).update(public_key=public, key_at=timezone.now())
        if not stored:
            raise NotAllowed(_("Trustees are named and make their keys before the vote opens."))
        audit_election(actor, "meetings.election.trustee_key", election, trustee=trustee.position)


def trustee_generate_key(*, actor: Acting, election: Election, trustee: ElectionTrustee) -> str:
    """Make the trustee's key pair on the server; keep the public key and RETURN the private
    one for the trustee's download. It is not stored (a new key replaces an earlier one
    while the election is being prepared)."""
    _check_own(actor, trustee)
    _check_draft(election)
    try:
        key = belenios.generate_trustee_key()
    except belenios.BeleniosError as error:
        raise NotAllowed(_("The voting engine failed: %(e)s") % {"e": error.output}) from error
    _store_key(actor, election, trustee, key.public)
    return key.private


def trustee_set_public_key(
    *, actor: Acting, election: Election, trustee: ElectionTrustee, public_key: str
) -> None:
    """Keep a public key the trustee made with belenios-tool on their own computer, once its
    proof of knowledge of the private key verifies."""
    _check_own(actor, trustee)
    _check_draft(election)
    public_key = public_key.strip()
    try:
        belenios.check_public_key(public_key)
    except belenios.BeleniosError as error:
        raise InvalidInput(
            _("This is not a public key made by belenios-tool, or its proof does not verify."),
            field="public_key",
        ) from error
    _store_key(actor, election, trustee, public_key)


def _check_own(actor: Acting, trustee: ElectionTrustee) -> None:
    if trustee.user_id is None or trustee.user_id != getattr(actor.user, "pk", None):
        raise NotAllowed(_("Only the trustee does this."))


def trustee_decrypt(
    *,
    actor: Acting,
    election: Election,
    trustee: ElectionTrustee,
    private_key: str = "",
    partial: str = "",
) -> bool:
    """Take the trustee's partial decryption of the encrypted tally. A pasted one is stored
    at once (its proof is checked by belenios-tool when the result is computed). A private
    key is only recorded, sealed, for `trustee_decrypt_run` in a background job: the
    decryption re-checks every ballot, far longer than a request may take. True when a job
    must run (the caller enqueues it after commit)."""
    _check_own(actor, trustee)
    if election.state != ElectionState.DECRYPTING:
        raise NotAllowed(_("The ballots are not tallied yet, or already counted."))
    if private_key.strip():
        with transaction.atomic():
            asked = ElectionTrustee.objects.filter(
                pk=trustee.pk, partial_decryption="", election__state=ElectionState.DECRYPTING
            ).update(
                key_waiting=_fernet().encrypt(private_key.strip().encode()),
                decrypt_requested_at=timezone.now(),
                decrypt_error="",
            )
            if not asked:
                raise Conflict(_("Your partial decryption is already in."))
            audit_election(actor, "meetings.election.trustee_decrypt_requested", election,
                           trustee=trustee.position)  # fmt: skip
        return True
    if not partial.strip():
        raise InvalidInput(_("Give your private key file or paste your partial decryption."),
                           field="private_key")  # fmt: skip
    partial = partial.strip()
    try:
        owner = belenios_tally.owner_of(partial)
    except belenios.BeleniosError as error:
        raise InvalidInput(_("This could not be used to decrypt: %(e)s") % {"e": str(error)},
                           field="partial") from error  # fmt: skip
    if owner != trustee.position:
        raise InvalidInput(
            _("This partial decryption is trustee %(n)s's, not yours.") % {"n": owner},
            field="partial",
        )
    if not _store_partial(election, trustee, partial, by=actor.user):
        raise Conflict(_("Your partial decryption is already in."))
    return False


def trustee_decrypt_run(trustee_id: int) -> bool:
    """The background job's decryption with the key the trustee gave. The key is taken and
    wiped in a short transaction (a second run, or a run after the share is in, finds
    nothing and does nothing); belenios-tool then runs outside any transaction. A failure
    is recorded on the trustee's row for their page, and they give the key again."""
    with transaction.atomic():
        trustee = (
            ElectionTrustee.objects.select_for_update()
            .filter(pk=trustee_id, partial_decryption="", key_waiting__isnull=False)
            .first()
        )
        if trustee is None:
            return False
        sealed = bytes(trustee.key_waiting or b"")
        ElectionTrustee.objects.filter(pk=trustee_id).update(key_waiting=None)
    election = Election.objects.select_related("meeting").get(pk=trustee.election_id)
    if election.state != ElectionState.DECRYPTING:
        return False
    try:
        key = _fernet().decrypt(sealed, ttl=KEY_WAITS).decode()
        partial = belenios_tally.partial_decryption(
            bytes(election.record or b""), election.belenios_uuid, key, trustee.position
        )
    except InvalidToken:
        _decrypt_failed(election, trustee, _("Your key waited too long: give it again."))
        return False
    except belenios.BeleniosError as error:
        message = _(
            "Your private key could not decrypt this election's tally: check that it is the "
            "key file of trustee %(n)s and give it again. belenios-tool said: %(e)s"
        ) % {"n": trustee.position, "e": (error.output or str(error)).strip()[:300]}
        _decrypt_failed(election, trustee, message)
        return False
    except Exception:
        failed = _("The decryption failed on the server: give your key again.")
        _decrypt_failed(election, trustee, failed)
        raise
    return _store_partial(election, trustee, partial, by=trustee.user)


def _store_partial(election: Election, trustee: ElectionTrustee, partial: str, *, by: Any) -> bool:
    """Store a trustee's share once; the last share queues the count. The election's row
    lock makes two trustees finishing together see each other's share."""
    with transaction.atomic():
        Election.objects.select_for_update().filter(pk=election.pk).first()
        stored = ElectionTrustee.objects.filter(
            pk=trustee.pk, partial_decryption="", election__state=ElectionState.DECRYPTING
        ).update(
            partial_decryption=partial,
            decrypted_at=timezone.now(),
            key_waiting=None,
            decrypt_error="",
        )
        if not stored:
            return False
        audit_election_by(
            by, "meetings.election.trustee_decrypted", election, trustee=trustee.position
        )
        if not election.trustees.filter(partial_decryption="").exists():
            queue_count(election, by=getattr(by, "pk", None))
    return True


def _decrypt_failed(election: Election, trustee: ElectionTrustee, message: str) -> None:
    with transaction.atomic():
        ElectionTrustee.objects.filter(pk=trustee.pk, partial_decryption="").update(
            decrypt_error=message, key_waiting=None
        )
        audit_election_by(
            trustee.user, "meetings.election.trustee_decrypt_failed", election,
            trustee=trustee.position, error=message,
        )  # fmt: skip


def _fernet() -> Fernet:
    """The waiting key is sealed with a key derived from SECRET_KEY, so a copy of the
    database alone (a backup, a replica) does not hold a trustee's private key."""
    secret = salted_hmac("partydesk.meetings.trustee-key", "waiting", algorithm="sha256")
    return Fernet(base64.urlsafe_b64encode(secret.digest()))
