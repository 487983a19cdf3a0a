"""Reference data that regulations change: document types, signing forms, marks, review
chains and each organization's documents settings. Defaults come from a data migration;
administrators edit them in the web UI (domain rules §1.3-§1.8)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from partydesk.organizations.models import Organization


class DocumentSystem(models.TextChoices):
    """Which rulebook numbers and lays out a document."""

    PARTY = "party", _("Party (Hướng dẫn 36-HD/VPTW)")
    STATE = "state", _("State (Nghị định 30/2020/NĐ-CP)")


class Secrecy(models.IntegerChoices):
    """Secrecy level; the same integers as a user's clearance."""

    NONE = 0, _("Not classified")
    SECRET = 1, _("Secret (Mật)")
    TOP_SECRET = 2, _("Top secret (Tối mật)")
    ABSOLUTE_SECRET = 3, _("Absolute secret (Tuyệt mật)")


class Urgency(models.IntegerChoices):
    NORMAL = 0, _("Normal")
    URGENT = 1, _("Urgent (Khẩn)")
    VERY_URGENT = 2, _("Very urgent (Thượng khẩn)")
    FLASH = 3, _("Flash (Hỏa tốc)")


class DocumentType(models.Model):
    """A kind of document and its abbreviation in the number symbol (NQ, QĐ, CV, ...)."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    abbreviation = models.CharField(
        _("abbreviation"), max_length=12, help_text=_("Used in the symbol, e.g. NQ in 10-NQ/ĐUK.")
    )
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    is_letter = models.BooleanField(
        _("official letter (công văn)"),
        default=False,
        help_text=_(
            "State letters carry no type code: Số: 05/UBND-VP. Party letters use CV: 132-CV/TU."
        ),
    )
    not_issued_by = models.JSONField(
        _("kinds of organization that may not issue it"),
        default=list,
        blank=True,
        help_text=_("Quy định 66-QĐ/TW: a cell does not issue Quy chế, Thông báo or Kết luận."),
    )
    is_active = models.BooleanField(_("in use"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("document type")
        verbose_name_plural = _("document types")

    def __str__(self) -> str:
        return self.name

    def label(self, language: str) -> str:
        return self.name_en if language == "en" and self.name_en else self.name

    def may_be_issued_by(self, organization: Organization) -> bool:
        return organization.kind not in (self.not_issued_by or [])


class SigningForm(models.Model):
    """A signing authority form: T/M, K/T, T/L (Party); TM., KT., TL., TUQ., Q. (State)."""

    system = models.CharField(_("rulebook"), max_length=8, choices=DocumentSystem.choices)
    code = models.CharField(_("form"), max_length=10, help_text=_("As printed, e.g. T/M or TM."))
    name = models.CharField(_("meaning"), max_length=100)
    name_en = models.CharField(_("meaning (English)"), max_length=100, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        ordering = ["system", "order"]
        verbose_name = _("signing form")
        verbose_name_plural = _("signing forms")
        constraints = [
            models.UniqueConstraint(fields=["system", "code"], name="signing_form_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.code} ({self.name})"


class MarkKind(models.TextChoices):
    SECRECY = "secrecy", _("Secrecy mark")
    URGENCY = "urgency", _("Urgency mark")


class Mark(models.Model):
    """The stamp text of a secrecy or urgency level (MẬT, KHẨN, HỎA TỐC, ...)."""

    kind = models.CharField(_("kind"), max_length=8, choices=MarkKind.choices)
    level = models.PositiveSmallIntegerField(_("level"))
    label = models.CharField(_("stamp text"), max_length=40)
    label_en = models.CharField(_("stamp text (English)"), max_length=40, blank=True)

    class Meta:
        ordering = ["kind", "level"]
        verbose_name = _("mark")
        verbose_name_plural = _("marks")
        constraints = [
            models.UniqueConstraint(fields=["kind", "level"], name="mark_unique_level"),
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=3), name="mark_level_1_3"),
        ]

    def __str__(self) -> str:
        return self.label


class ReviewStepKind(models.TextChoices):
    REVIEW = "review", _("Review")
    APPROVE = "approve", _("Approve")


class ReviewChainStep(models.Model):
    """One step of the review chain a draft goes through before signing.

    The chain for a draft is the most specific one defined: (organization, type),
    then (organization, any type), then (any organization, type), then the default.
    """

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Empty: every organization without its own chain."),
    )
    document_type = models.ForeignKey(
        DocumentType,
        verbose_name=_("document type"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="review_steps",
        help_text=_("Empty: every type without its own chain."),
    )
    position = models.PositiveSmallIntegerField(pgettext_lazy("order", "position"))
    role = models.ForeignKey(
        "accounts.Role", verbose_name=_("role"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(
        _("kind"), max_length=8, choices=ReviewStepKind.choices, default=ReviewStepKind.REVIEW
    )
    label = models.CharField(_("label"), max_length=100, blank=True)

    class Meta:
        ordering = ["organization_id", "document_type_id", "position"]
        verbose_name = _("review chain step")
        verbose_name_plural = _("review chain steps")
        # One step per position in each chain; empty organization/type mean "any", so each
        # combination gets its own partial constraint (SQLite has no NULLS NOT DISTINCT).
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "document_type", "position"],
                condition=Q(organization__isnull=False, document_type__isnull=False),
                name="chain_step_unique_org_type",
            ),
            models.UniqueConstraint(
                fields=["organization", "position"],
                condition=Q(organization__isnull=False, document_type__isnull=True),
                name="chain_step_unique_org",
            ),
            models.UniqueConstraint(
                fields=["document_type", "position"],
                condition=Q(organization__isnull=True, document_type__isnull=False),
                name="chain_step_unique_type",
            ),
            models.UniqueConstraint(
                fields=["position"],
                condition=Q(organization__isnull=True, document_type__isnull=True),
                name="chain_step_unique_default",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.label or self.role}"


class DocumentSettings(models.Model):
    """How one organization keeps its documents (rulebook, header lines, confidential handling)."""

    organization = models.OneToOneField(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="document_settings",
    )
    numbering_system = models.CharField(
        _("numbering rulebook"),
        max_length=8,
        choices=DocumentSystem.choices,
        default=DocumentSystem.PARTY,
        help_text=_("Party: per committee term and type. State: per calendar year."),
    )
    header_superior = models.CharField(
        _("superior body line"),
        max_length=200,
        blank=True,
        help_text=_("Printed above the issuing body, e.g. ĐẢNG BỘ TỈNH NGHỆ AN."),
    )
    header_name = models.CharField(
        _("issuing body line"),
        max_length=200,
        blank=True,
        help_text=_("Empty: the organization's name in capitals."),
    )
    confidential_metadata_only = models.BooleanField(
        _("confidential documents: register metadata only"),
        default=False,
        help_text=_("The paper is handled by hand; no file of a classified document is stored."),
    )

    class Meta:
        verbose_name = _("documents settings")
        verbose_name_plural = _("documents settings")

    def __str__(self) -> str:
        return f"{self.organization}"
