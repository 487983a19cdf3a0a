"""Online contests: a contest of an organizing committee, its rounds, the units that
collective prizes are computed on, the prize tables, and (for ranking) registrations,
attempts and the precomputed leaderboard.

Questions come from the learning app's bank: a round keeps the ids of the bank categories
it draws from, never a foreign key into learning's tables (apps talk through services)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partydesk.core.models import StoredFile
from partydesk.organizations.models import Organization


class Audience(models.TextChoices):
    ANYONE = "anyone", _("Anyone")
    MEMBERS = "members", _("Members of the organizer's subtree")


class Contest(models.Model):
    """A contest an organization runs: its rules (sanitized HTML), its audience, the age
    limit, and the constant of the collective formula (points per percent of participation)."""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("organizer")
    )
    title = models.CharField(_("title"), max_length=255)
    rules = models.TextField(_("rules"), blank=True)
    audience = models.CharField(
        _("audience"), max_length=16, choices=Audience.choices, default=Audience.ANYONE
    )
    min_age = models.PositiveSmallIntegerField(_("minimum age"), default=16)
    # Collective prize: participation rate (0-100 %) times this, plus the winners' points.
    participation_points = models.DecimalField(
        _("points per percent of participation"), max_digits=6, decimal_places=2, default=1
    )
    published = models.BooleanField(_("published"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class Unit(models.Model):
    """An entry of the contest's unit pick-list: one of the organizer's organizations or a
    free unit (a company in an industrial park). `eligible` is how many people the unit
    counts for its participation rate."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="units")
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=255)
    eligible = models.PositiveIntegerField(_("eligible people"), default=0)
    sort_key = models.CharField(max_length=1024, editable=False, default="")

    class Meta:
        ordering = ["sort_key", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "name"], name="contests_unit_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Round(models.Model):
    """A round: open and close times, N questions drawn from bank categories, a time limit,
    attempts per person, and the prediction question that ends it. `correct_count` (how
    many people had every question right) is fixed when the round closes."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=255, blank=True)
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    category_ids = models.JSONField(_("bank categories"), default=list)
    question_count = models.PositiveSmallIntegerField(_("number of questions"), default=20)
    time_limit_minutes = models.PositiveSmallIntegerField(_("time limit (minutes)"), default=30)
    attempts_allowed = models.PositiveSmallIntegerField(_("attempts per person"), default=3)
    prediction_question = models.CharField(
        _("prediction question"),
        max_length=500,
        default=_("How many people will answer every question correctly in this round?"),
    )
    correct_count = models.PositiveIntegerField(null=True, blank=True, editable=False)
    ranked_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["contest", "number"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "number"], name="contests_round_number"),
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="contests_round_closes"
            ),
            models.CheckConstraint(
                condition=Q(question_count__gte=1) & Q(attempts_allowed__gte=1),
                name="contests_round_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.title or str(_("Round %(number)s") % {"number": self.number})


class PrizeTier(models.Model):
    """A line of a prize table (the round's, or the contest's when `round` is empty): how
    many prizes of this rank, and the points each converts to for the collective prize."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="prize_tiers")
    round = models.ForeignKey(
        Round, null=True, blank=True, on_delete=models.CASCADE, related_name="prize_tiers"
    )
    rank = models.PositiveSmallIntegerField(_("rank"))
    name = models.CharField(_("prize"), max_length=128)
    count = models.PositiveSmallIntegerField(_("how many"))
    points = models.PositiveSmallIntegerField(_("points for the unit"))

    class Meta:
        ordering = ["round__number", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "rank"],
                condition=Q(round__isnull=False),
                name="contests_prize_round_rank",
            ),
            models.UniqueConstraint(
                fields=["contest", "rank"],
                condition=Q(round__isnull=True),
                name="contests_prize_contest_rank",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Registration(models.Model):
    """One person's entry in a contest: one per ID (citizen ID or passport) per contest."""

    contest = models.ForeignKey(Contest, on_delete=models.PROTECT, related_name="registrations")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    full_name = models.CharField(_("full name"), max_length=255)
    id_number = models.CharField(_("citizen ID or passport"), max_length=20)
    phone = models.CharField(_("phone"), max_length=20)
    born_on = models.DateField(_("date of birth"))
    registered_at = models.DateTimeField(auto_now_add=True)
    device = models.CharField(max_length=64, blank=True, default="")
    disqualified_reason = models.TextField(blank=True, default="")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["contest", "id_number"], name="contests_registration_one_per_id"
            )
        ]

    def __str__(self) -> str:
        return self.full_name


class Attempt(models.Model):
    """One try at a round. The server fixes `started_at` and `deadline`; `submitted_at` is
    set once (a second submission is answered from the stored result)."""

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="attempts")
    registration = models.ForeignKey(
        Registration, on_delete=models.PROTECT, related_name="attempts"
    )
    number = models.PositiveSmallIntegerField()
    practice = models.BooleanField(default=False)
    started_at = models.DateTimeField()
    deadline = models.DateTimeField()
    submitted_at = models.DateTimeField(null=True, blank=True)
    score = models.PositiveSmallIntegerField(default=0)
    prediction = models.PositiveIntegerField(null=True, blank=True)
    # [[question version id, [option positions in the order shown]], ...], fixed at start.
    draw = models.JSONField(default=list)
    # Written with submitted_at, never changed after: what the ranking reads, as integers
    # (a million timestamps cost seconds to load; see docs/decisions/0026).
    seconds = models.PositiveIntegerField(null=True, blank=True)
    submitted_us = models.BigIntegerField(null=True, blank=True)
    # The answer saves of the current minute (`saves_minute`, minutes since the epoch),
    # counted by the lean answer path in the row it locks anyway: the per-taker rate limit
    # without a cache round trip (docs/decisions/0026, Scale).
    saves = models.PositiveIntegerField(default=0)
    saves_minute = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["round", "registration"])]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "registration", "practice", "number"],
                name="contests_attempt_number",
            )
        ]

    def __str__(self) -> str:
        return f"{self.registration_id}/{self.round_id}#{self.number}"


class Answer(models.Model):
    """The answer saved in one slot of an attempt: saved again in place (one row per slot),
    so a retried request never counts twice."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="answers")
    slot = models.PositiveSmallIntegerField()
    chosen = models.JSONField(default=list)
    saved_at = models.DateTimeField()
    # The taker's own counter for the slot: a save carrying an older number than the one
    # stored (a retry overtaken by a newer answer) is acknowledged without changing it.
    seq = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["attempt", "slot"], name="contests_answer_slot")
        ]

    def __str__(self) -> str:
        return f"{self.attempt_id}:{self.slot}"


class Standing(models.Model):
    """A precomputed line of a round's leaderboard (or the contest's, `round` empty),
    written by the ranking job and at close; pages read it, never rank per request."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="+")
    round = models.ForeignKey(Round, null=True, blank=True, on_delete=models.CASCADE)
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveIntegerField()
    score = models.PositiveSmallIntegerField()
    seconds = models.PositiveIntegerField()
    prediction = models.PositiveIntegerField(null=True, blank=True)
    prize = models.ForeignKey(PrizeTier, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["position"]
        indexes = [models.Index(fields=["round", "position"])]

    def __str__(self) -> str:
        return f"{self.position}. {self.registration_id}"


class PrizeCertificate(models.Model):
    """A prize winner's certificate: recorded `pending` when the contest's prizes are final
    (its last round ranked), laid out and sealed with the organizer's seal by the outbox
    worker, checked by anyone by its serial. What is printed is kept as printed."""

    serial = models.CharField(_("serial number"), max_length=32, unique=True)
    contest = models.ForeignKey(Contest, on_delete=models.PROTECT, related_name="+")
    registration = models.OneToOneField(
        Registration, on_delete=models.PROTECT, related_name="certificate"
    )
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    full_name = models.CharField(_("full name"), max_length=255)
    unit_name = models.CharField(_("unit"), max_length=255)
    prize_name = models.CharField(_("prize"), max_length=128)
    table = models.CharField(_("table"), max_length=64)  # "Đợt 1", "Toàn cuộc thi"
    issued_at = models.DateTimeField(_("issued at"))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=[("pending", _("Being signed")), ("signed", _("Signed"))],
        default="pending",
    )
    file = models.ForeignKey(
        StoredFile, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    sign_error = models.CharField(_("why it is not signed yet"), max_length=500, blank=True)
    # Revoked (the winner disqualified, say): the public check says so, with date and reason.
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_reason = models.CharField(_("reason"), max_length=500, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["contest", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="pending") | Q(file__isnull=False, signed_at__isnull=False),
                name="contests_certificate_signed_file",
            ),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | ~Q(revoked_reason=""),
                name="contests_certificate_revoked_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.serial

    @property
    def signed(self) -> bool:
        return self.status == "signed"

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None
