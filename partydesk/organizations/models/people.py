"""People known to the committee, party membership and its history, positions."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from partydesk.core.models import TimeStampedModel
from partydesk.organizations.models.tree import CommitteeTerm, Organization


class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")
    OTHER = "other", _("Other")


citizen_id_validator = RegexValidator(
    r"^\d{12}$", _("A citizen ID has exactly 12 digits."), code="citizen_id"
)


class Person(TimeStampedModel):
    """A person known to the committee: a member, candidate, cadre or staff."""

    full_name = models.CharField(_("full name"), max_length=200)
    search_name = models.CharField(max_length=200, editable=False, db_index=True)
    # vn_sort_key(full_name): Vietnamese alphabetical order, kept by the services.
    sort_key = models.CharField(max_length=1024, editable=False, default="", db_index=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    gender = models.CharField(_("gender"), max_length=8, choices=Gender.choices, blank=True)
    citizen_id = models.CharField(
        _("citizen ID"),
        max_length=12,
        unique=True,
        null=True,
        blank=True,
        validators=[citizen_id_validator],
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("email"), blank=True)
    workplace = models.CharField(_("workplace"), max_length=255, blank=True)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="people",
        help_text=_("The cell or department where the person is active."),
    )

    class Meta:
        ordering = ["sort_key", "id"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        indexes = [
            models.Index(fields=["organization", "search_name"], name="person_org_name_idx"),
            models.Index(fields=["organization", "sort_key"], name="person_org_sort_idx"),
        ]

    def __str__(self) -> str:
        return self.full_name


class MembershipStatus(models.TextChoices):
    CANDIDATE = "candidate", _("Candidate (probationary) member")
    OFFICIAL = "official", _("Official member")
    TRANSFERRED_OUT = "transferred_out", _("Transferred out")
    REMOVED = "removed", _("Removed")
    DECEASED = "deceased", _("Deceased")


class DuesCategory(models.TextChoices):
    SALARIED = "salaried", _("Salaried (1% of insured salary)")
    PENSIONER = "pensioner", _("Pensioner (0.5% of pension)")
    STUDENT = "student", _("Student (fixed amount)")
    OTHER = "other", _("Other")


class PartyMembership(TimeStampedModel):
    """A person's Party membership and the dates the registry must keep (domain rules §5.2)."""

    person = models.OneToOneField(
        Person, on_delete=models.PROTECT, related_name="membership", verbose_name=_("person")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=MembershipStatus.choices, db_index=True
    )
    admission_decision_date = models.DateField(
        _("admission decision date"), help_text=_("Party age counts from this date.")
    )
    ceremony_date = models.DateField(_("admission ceremony date"), null=True, blank=True)
    official_recognition_date = models.DateField(
        _("official recognition date"), null=True, blank=True
    )
    card_number = models.CharField(_("party card number"), max_length=20, blank=True)
    dues_category = models.CharField(
        _("dues category"), max_length=16, choices=DuesCategory.choices, default="salaried"
    )
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    # A temporary transfer keeps the member on the home roll while they are active elsewhere.
    away_since = models.DateField(_("temporarily away since"), null=True, blank=True)
    away_organization = models.ForeignKey(
        Organization,
        verbose_name=_("temporarily active at"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    away_outside = models.CharField(
        _("temporarily active outside this installation at"), max_length=255, blank=True
    )

    class Meta:
        verbose_name = _("party membership")
        verbose_name_plural = _("party memberships")
        indexes = [
            # Probation reviews due: candidates ordered by ceremony date.
            models.Index(fields=["status", "ceremony_date"], name="membership_status_cer_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ceremony_date__isnull=True)
                | Q(ceremony_date__gte=models.F("admission_decision_date")),
                name="membership_ceremony_after_decision",
            ),
            models.CheckConstraint(
                condition=Q(official_recognition_date__isnull=True)
                | Q(official_recognition_date__gte=models.F("ceremony_date")),
                name="membership_official_after_ceremony",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_status_display()})"


class MembershipEvent(models.Model):
    """History of a membership: admission, ceremony, recognition, transfer, end."""

    class Kind(models.TextChoices):
        ADMITTED = "admitted", _("Admitted")
        CEREMONY = "ceremony", _("Admission ceremony")
        RECOGNIZED = "recognized", _("Recognized as official")
        TRANSFER_OUT = "transfer_out", _("Transferred (official)")
        TEMPORARY_OUT = "temporary_out", _("Temporary transfer out")
        TEMPORARY_BACK = "temporary_back", _("Returned from temporary transfer")
        TRANSFER_IN = "transfer_in", _("Transferred in")
        MOVED = "moved", _("Moved with restructuring")
        REMOVED = "removed", _("Removed")
        DECEASED = "deceased", _("Deceased")
        EDITED = "edited", _("Record edited")

    membership = models.ForeignKey(PartyMembership, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(_("event"), max_length=20, choices=Kind.choices)
    occurred_on = models.DateField(_("date"))
    from_organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_outside = models.CharField(
        _("destination outside this installation"), max_length=255, blank=True
    )
    note = models.TextField(_("note"), blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["membership_id", "occurred_on", "id"]
        verbose_name = _("membership event")
        verbose_name_plural = _("membership events")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_on}"


class PositionTitle(models.TextChoices):
    SECRETARY = "secretary", _("Secretary")
    DEPUTY_SECRETARY = "deputy_secretary", _("Deputy secretary")
    STANDING_MEMBER = "standing_member", _("Standing committee member")
    COMMITTEE_MEMBER = "committee_member", _("Committee member")
    OFFICE_CHIEF = "office_chief", _("Office chief")
    DEPARTMENT_HEAD = "department_head", _("Department head")
    DEPUTY_HEAD = "deputy_head", _("Deputy department head")
    SPECIALIST = "specialist", _("Specialist")
    CLERK = "clerk", _("Clerk")
    OTHER = "other", _("Other")


class Position(models.Model):
    """A position a person holds in an organization, within a committee term where relevant."""

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="positions", verbose_name=_("person")
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="positions",
        verbose_name=_("organization"),
    )
    term = models.ForeignKey(
        CommitteeTerm,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="positions",
        verbose_name=_("term"),
    )
    title = models.CharField(
        pgettext_lazy("position", "title"), max_length=24, choices=PositionTitle.choices
    )
    title_other = models.CharField(_("other title"), max_length=100, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)

    class Meta:
        ordering = ["organization_id", "title", "starts_on"]
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="position_valid_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_title_display()} – {self.person}"

    @property
    def label(self) -> str:
        return self.title_other if self.title == PositionTitle.OTHER else self.get_title_display()
