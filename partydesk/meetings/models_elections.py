"""Elections (bầu cử) at a meeting, by 190-QĐ/TW: the candidates, the paper ballots the
vote-counting board enters twice, and the electronic secret ballot run with Belenios.

Imported at the end of models.py, so the models belong to the meetings app."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from partydesk.meetings.models import Meeting

# A decryption job not done after this long is taken as lost (a worker that stopped).
DECRYPT_STALLS = dt.timedelta(minutes=30)


class ElectionMethod(models.TextChoices):
    PAPER = "paper", _("Paper ballots counted by the vote-counting board")
    ELECTRONIC = "electronic", _("Electronic secret ballot (Belenios)")


class ElectionBase(models.TextChoices):
    VALID = "valid", _("Of the valid ballots")
    COLLECTED = "collected", _("Of the ballots collected")
    PRESENT = "present", _("Of the voters present")


class ElectionState(models.TextChoices):
    DRAFT = "draft", _("Being prepared")
    OPEN = "open", _("Voting")
    CLOSED = "closed", _("Voting closed")
    DECRYPTING = "decrypting", _("Waiting for the trustees' decryptions")
    COUNTED = "counted", _("Counted")


class Election(models.Model):
    """One round of an election at a meeting; its rules are data on it."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="elections")
    title = models.CharField(_("title"), max_length=300)
    seats = models.PositiveSmallIntegerField(_("number to elect"))
    max_surplus_percent = models.PositiveSmallIntegerField(
        _("largest surplus of candidates (%)"), default=30
    )
    base = models.CharField(
        _("more than half"),
        max_length=10,
        choices=ElectionBase.choices,
        default=ElectionBase.VALID,
    )
    blank_valid = models.BooleanField(_("a ballot crossing out every name is valid"), default=True)
    revote_allowed = models.BooleanField(
        _("an electronic voter may vote again, replacing the earlier ballot"), default=False
    )
    method = models.CharField(_("method"), max_length=10, choices=ElectionMethod.choices)
    round = models.PositiveSmallIntegerField(pgettext_lazy("election", "round"), default=1)
    # The round whose tie at the limit this run-off settles (one run-off per round).
    previous = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="next_round",
        verbose_name=_("previous round"),
    )
    state = models.CharField(
        max_length=10, choices=ElectionState.choices, default=ElectionState.DRAFT
    )
    # The board's figures for its report: voters present and ballots issued.
    present = models.PositiveIntegerField(_("voters present"), null=True, blank=True)
    issued = models.PositiveIntegerField(_("ballots issued"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    counted_at = models.DateTimeField(null=True, blank=True)
    # Electronic: the Belenios election's uuid and its public record (the .bel archive). While
    # the election is open the ballots are appended as ElectionRecordPart rows, and the
    # record is stored whole again when the count starts; PostgreSQL keeps it uncompressed
    # (migration 0013, docs/performance.md). `selectors.elections.record_of` reads both.
    belenios_uuid = models.CharField(max_length=40, blank=True)
    record = models.BinaryField(null=True, blank=True)
    # Raised when the stored record is replaced (the count's steps compare-and-swap on it;
    # no lock is held while belenios-tool runs).
    record_version = models.PositiveIntegerField(default=0)
    credentials_issued = models.PositiveIntegerField(default=0)
    # The counted result, as computed by election_rules (and Belenios for electronic).
    result = models.JSONField(null=True, blank=True)

    class Meta:
        verbose_name = _("election")
        verbose_name_plural = _("elections")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=Q(seats__gt=0), name="election_seats_positive")
        ]

    def __str__(self) -> str:
        return self.title


class Candidate(models.Model):
    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="candidates")
    position = models.PositiveSmallIntegerField(_("order"))
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["election", "position"], name="candidate_position")
        ]

    def __str__(self) -> str:
        return self.name


class PaperBallot(models.Model):
    """A paper ballot entered by the board: a first entry, and a second by another member
    that must agree. A mismatch stays visible until a member resolves it."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="paper_ballots")
    number = models.PositiveIntegerField(_("ballot number"))
    # Candidate ids kept (not crossed out); `spoiled` is a ballot void for another reason
    # (not issued by the board, a name added, a mark).
    first_kept = models.JSONField(default=list)
    first_spoiled = models.BooleanField(default=False)
    first_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    second_kept = models.JSONField(null=True, blank=True)
    second_spoiled = models.BooleanField(default=False)
    second_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The agreed reading, set when both entries agree or a mismatch is resolved.
    kept = models.JSONField(null=True, blank=True)
    spoiled = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("paper ballot")
        verbose_name_plural = _("paper ballots")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["election", "number"], name="paper_ballot_number")
        ]

    def __str__(self) -> str:
        return f"{self.election_id}#{self.number}"

    @property
    def agreed(self) -> bool:
        return self.kept is not None

    @property
    def mismatch(self) -> bool:
        return self.second_by_id is not None and self.kept is None


class ElectionVoter(models.Model):
    """Who may vote electronically, and whether their credential was handed out. It never
    says which credential (the credential authority's sheet is not kept) nor whether or
    how they voted."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="voters")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["election", "user"], name="election_voter_once")
        ]

    def __str__(self) -> str:
        return f"{self.election_id}:{self.user_id}"


class ElectionRecordPart(models.Model):
    """One ballot appended to an open election's record: its two archive members (the
    ballot, then its Ballot event), written by `belenios_archive.ballot_members` after
    belenios-tool checked the ballot. A cast adds its own few kilobytes instead of rewriting
    the whole record (ADR 0024, "The cast at 500 voters"); the count joins them back into
    `Election.record` and deletes them. The public credential is the ballot's own (public
    on the record too), kept here to refuse a second ballot without reading the others."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="record_parts")
    height = models.PositiveIntegerField()
    event = models.CharField(max_length=64)  # the event's sha256: the next part's parent
    credential = models.TextField()
    content = models.BinaryField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["election", "height"], name="record_part_height")
        ]

    def __str__(self) -> str:
        return f"{self.election_id} #{self.height}"


class ElectionTrustee(models.Model):
    """A trustee of an electronic election: a named person (a member of the vote-counting
    board, say) who generates their own key pair and, once the ballots are tallied, decrypts
    their share. The server keeps the public key and the partial decryption, never the
    private key: the result needs every trustee (ADR 0024)."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="trustees")
    # Belenios's trustee id: the order of the public keys in the record, from 1.
    position = models.PositiveSmallIntegerField(_("trustee number"))
    # Empty only for the installation-held key of elections opened before migration 0009.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    public_key = models.TextField(blank=True)
    key_at = models.DateTimeField(null=True, blank=True)
    partial_decryption = models.TextField(blank=True)
    decrypted_at = models.DateTimeField(null=True, blank=True)
    # A decryption with the private key runs in a background job (about a quarter second
    # per ballot): the key waits here sealed (Fernet, a key derived from SECRET_KEY) and is
    # wiped when the job takes it, before belenios-tool runs. Never passed as a job argument
    # (the task queue keeps its arguments).
    key_waiting = models.BinaryField(null=True, blank=True)
    decrypt_requested_at = models.DateTimeField(null=True, blank=True)
    decrypt_error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("trustee")
        verbose_name_plural = _("trustees")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["election", "position"], name="trustee_position"),
            models.UniqueConstraint(fields=["election", "user"], name="trustee_once"),
        ]

    def __str__(self) -> str:
        return f"trustee {self.position} of {self.election_id}"

    @property
    def decrypt_status(self) -> str:
        """ "done", "failed", "running" (the job has the key), "stalled" (no news for too
        long: the trustee gives the key again) or "" (nothing asked yet)."""
        if self.partial_decryption:
            return "done"
        if self.decrypt_error:
            return "failed"
        if self.decrypt_requested_at is None:
            return ""
        if timezone.now() - self.decrypt_requested_at > DECRYPT_STALLS:
            return "stalled"
        return "running"
