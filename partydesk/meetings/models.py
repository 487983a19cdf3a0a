"""Meetings: their kinds (data, with defaults), the sites they connect, who is invited and
how each answered and attended."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from partydesk.core.models import TimeStampedModel
from partydesk.organizations.models import Organization


class MeetingKind(models.Model):
    """A kind of meeting and its defaults; an organization may add its own, the defaults
    (organization empty) belong to the installation."""

    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=120)
    # Quorum: present official members >= (or >) numerator/denominator of those counted.
    quorum_numerator = models.PositiveSmallIntegerField(_("quorum numerator"), default=1)
    quorum_denominator = models.PositiveSmallIntegerField(_("quorum denominator"), default=2)
    quorum_strict = models.BooleanField(_("more than (not at least) the fraction"), default=True)
    needs_quorum = models.BooleanField(_("needs a quorum"), default=True)
    materials_days_ahead = models.PositiveSmallIntegerField(
        _("materials published days ahead"), default=3
    )
    reminder_hours_ahead = models.PositiveSmallIntegerField(_("reminder hours ahead"), default=24)
    confidential = models.BooleanField(_("confidential by default"), default=False)
    order = models.PositiveSmallIntegerField(default=100)

    class Meta:
        verbose_name = _("meeting kind")
        verbose_name_plural = _("meeting kinds")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "code"], name="meeting_kind_org_code_unique"
            ),
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(organization__isnull=True),
                name="meeting_kind_default_code_unique",
            ),
            models.CheckConstraint(
                condition=Q(quorum_denominator__gt=0)
                & Q(quorum_numerator__lte=models.F("quorum_denominator")),
                name="meeting_kind_quorum_fraction",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        # The default kinds' names are English msgids (gettext_noop in kinds.py).
        return gettext(self.name)


class Meeting(TimeStampedModel):
    """A meeting, conference or class that one organization convenes."""

    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organizer"),
    )
    kind = models.ForeignKey(
        MeetingKind, on_delete=models.PROTECT, related_name="+", verbose_name=_("kind")
    )
    title = models.CharField(_("title"), max_length=300)
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    ends_at = models.DateTimeField(_("ends at"))
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("chair"),
    )
    secretary = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=pgettext_lazy("meeting", "secretary"),
    )
    confidential = models.BooleanField(_("confidential"), default=False)
    description = models.TextField(_("description"), blank=True)
    # RFC 5545 SEQUENCE: raised on every change the invitees' calendars must pick up.
    sequence = models.PositiveIntegerField(default=0)
    invited_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    # Closed by the organizer: agenda, attendance, votes and conclusions are frozen.
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at", "-pk"]
        indexes = [models.Index(fields=["organization", "starts_at"], name="meeting_org_start")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Site(models.Model):
    """A place the meeting connects (điểm cầu): the main hall or a connected site."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="sites")
    name = models.CharField(_("name"), max_length=200)
    # vn_sort_key(name) and fold(name): the attendance page sorts in Vietnamese order and
    # searches without diacritics in the database, a page of sites at a time.
    sort_key = models.CharField(max_length=1024, blank=True, default="")
    search_name = models.CharField(max_length=200, blank=True, default="")
    is_main = models.BooleanField(_("main site"), default=False)
    host = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("host"),
    )
    reported_count = models.PositiveIntegerField(_("attendance reported"), null=True, blank=True)
    reported_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        ordering = ["-is_main", "pk"]
        indexes = [models.Index(fields=["meeting", "sort_key"], name="site_sort")]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting"], condition=Q(is_main=True), name="meeting_one_main_site"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    MEMBER = "member", _("Member")
    GUEST = "guest", _("Invited guest")


class Response(models.TextChoices):
    PENDING = "pending", _("Not answered")
    ACCEPTED = "accepted", _("Will attend")
    APOLOGY = "apology", _("Apology")


class CheckIn(models.TextChoices):
    ONLINE = "online", _("Online")
    HOST = "host", _("By the site's host")
    QR = "qr", _("QR code at the site")


class Participant(models.Model):
    """Someone invited: a member (counted for the quorum) or a guest."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    site = models.ForeignKey(
        Site, null=True, blank=True, on_delete=models.SET_NULL, related_name="participants"
    )
    # Domain rules §5/§8: these leave the quorum's denominator unless they attend.
    exempted = models.BooleanField(_("exempted from Party activities"), default=False)
    away = models.BooleanField(_("temporarily active elsewhere"), default=False)
    response = models.CharField(
        _("answer"), max_length=10, choices=Response.choices, default=Response.PENDING
    )
    apology_reason = models.TextField(_("reason"), blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    check_in = models.CharField(max_length=10, choices=CheckIn.choices, blank=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["role", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="meeting_participant_once")
        ]

    def __str__(self) -> str:
        return str(self.user)


class AgendaItem(models.Model):
    """One point of the agenda: who presents it and when."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(_("order"))
    title = models.CharField(_("title"), max_length=300)
    presenter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("presenter"),
    )
    starts_at = models.DateTimeField(_("starts at"), null=True, blank=True)
    minutes = models.PositiveSmallIntegerField(_("minutes"), null=True, blank=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "position"], name="agenda_item_position")
        ]

    def __str__(self) -> str:
        return self.title


class Attachment(models.Model):
    """A document of an agenda item: a document of the documents app (whose own rules say
    who may open it) or material uploaded for the meeting."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey(
        "documents.Document", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    file = models.ForeignKey(
        "core.StoredFile", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=300)
    is_draft = models.BooleanField(_("draft for comments"), default=False)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("agenda document")
        verbose_name_plural = _("agenda documents")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(document__isnull=True, file__isnull=False)
                | Q(document__isnull=False, file__isnull=True),
                name="attachment_document_or_file",
            ),
            models.UniqueConstraint(fields=["item", "document"], name="attachment_document_once"),
        ]

    def __str__(self) -> str:
        return self.name


class DraftComment(models.Model):
    """A participant's comment on a draft (góp ý dự thảo), on the whole or on a passage."""

    attachment = models.ForeignKey(Attachment, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    passage = models.TextField(_("passage"), blank=True)
    body = models.TextField(_("comment"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("draft comment")
        verbose_name_plural = _("draft comments")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.body[:60]


class VoteMethod(models.TextChoices):
    ELECTRONIC = "electronic", _("Named electronic vote")
    HANDS = "hands", _("Show of hands recorded by the secretary")


class Choice(models.TextChoices):
    FOR = "for", _("For")
    AGAINST = "against", _("Against")
    ABSTAIN = "abstain", _("Abstain")


class VoteBase(models.TextChoices):
    MEMBERS = "members", _("Of the members counted for the quorum")
    CAST = "cast", _("Of the votes cast")


class Vote(models.Model):
    """An open vote (biểu quyết) on an agenda item; its majority rule is data."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="votes")
    question = models.CharField(_("question"), max_length=500)
    method = models.CharField(_("method"), max_length=10, choices=VoteMethod.choices)
    numerator = models.PositiveSmallIntegerField(default=1)
    denominator = models.PositiveSmallIntegerField(default=2)
    strict = models.BooleanField(default=True)
    base = models.CharField(max_length=10, choices=VoteBase.choices, default=VoteBase.MEMBERS)
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    hands_for = models.PositiveIntegerField(null=True, blank=True)
    hands_against = models.PositiveIntegerField(null=True, blank=True)
    hands_abstain = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(denominator__gt=0) & Q(numerator__lte=models.F("denominator")),
                name="vote_rule_fraction",
            )
        ]

    def __str__(self) -> str:
        return self.question


class Cast(models.Model):
    """One member's named electronic vote; voting again while open replaces it."""

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="casts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    choice = models.CharField(max_length=10, choices=Choice.choices)
    cast_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["vote", "user"], name="vote_cast_once")]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.choice}"


class Conclusion(models.Model):
    """A conclusion of the meeting (kết luận), recorded by the chair, the secretary or an
    organizer, in order; the work it gives is made an assignment in the assignments app."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="conclusions")
    item = models.ForeignKey(
        AgendaItem,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="conclusions",
        verbose_name=_("agenda item"),
    )
    position = models.PositiveSmallIntegerField(_("order"))
    text = models.TextField(_("conclusion"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("conclusion")
        verbose_name_plural = _("conclusions")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "position"], name="conclusion_position")
        ]

    def __str__(self) -> str:
        return self.text[:60]


# Elections, minutes and congresses live in their own modules (size); importing them here
# registers them.
from partydesk.meetings.models_congress import Congress  # noqa: E402, F401
from partydesk.meetings.models_elections import (  # noqa: E402, F401
    Candidate,
    Election,
    ElectionBase,
    ElectionMethod,
    ElectionRecordPart,
    ElectionState,
    ElectionTrustee,
    ElectionVoter,
    PaperBallot,
)
from partydesk.meetings.models_minutes import Minutes  # noqa: E402, F401
