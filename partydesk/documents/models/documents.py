"""Documents (incoming and outgoing), their files, readers and recipients.

The Document row carries the standard metadata of ND30 Phụ lục VI (CodeNumber, CodeNotation,
TypeName, IssuedDate, OrganName, Subject, SignerInfo, To/ToPlaces, Priority, PageAmount,
IssuedAmount, DueDate, Language, Description) plus the Party fields of domain rules §12.2.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from partydesk.core.models import StoredFile
from partydesk.documents.models.numbering import NumberSequence
from partydesk.documents.models.reference import (
    DocumentSystem,
    DocumentType,
    Secrecy,
    SigningForm,
    Urgency,
)
from partydesk.organizations.models import CommitteeTerm, Organization


class Direction(models.TextChoices):
    INCOMING = "incoming", _("Incoming")
    OUTGOING = "outgoing", _("Outgoing")


class Status(models.TextChoices):
    """Statuses of both workflows; transitions.py says which step follows which."""

    # incoming
    REGISTERED = "registered", _("Registered")
    ASSIGNED = "assigned", _("Assigned")
    IN_PROGRESS = "in_progress", _("Being handled")
    COMPLETED = "completed", _("Handled")
    FILED = "filed", _("Filed")
    # outgoing
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    APPROVED = "approved", _("Approved")
    CO_SIGNED = "co_signed", _("Co-signed")
    SIGNED = "signed", _("Signed")
    ISSUED = "issued", _("Numbered and issued")
    RELEASED = "released", _("Released")
    ARCHIVED = "archived", _("Archived")
    CANCELLED = "cancelled", _("Cancelled")


class Document(models.Model):
    """One official document in an organization's incoming or outgoing register."""

    # Not indexed alone (ADR 0020): Meta's indexes lead with it, and each index costs arrivals.
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="documents",
        db_index=False,
    )
    direction = models.CharField(_("direction"), max_length=8, choices=Direction.choices)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    system = models.CharField(
        _("rulebook"), max_length=8, choices=DocumentSystem.choices, default=DocumentSystem.PARTY
    )
    document_type = models.ForeignKey(
        DocumentType, verbose_name=_("type"), on_delete=models.PROTECT, related_name="+"
    )
    subject = models.CharField(_("subject"), max_length=500)
    code_number = models.CharField(_("number"), max_length=11, blank=True)
    code_notation = models.CharField(_("symbol"), max_length=30, blank=True)
    issued_date = models.DateField(_("document date"), null=True, blank=True)
    organ_name = models.CharField(_("issuing body"), max_length=200, blank=True)
    sender_organization = models.ForeignKey(
        Organization,
        verbose_name=_("sender in this installation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The register: outgoing number, or arrival number (số đến) of an incoming document.
    # Not indexed alone: doc_register_number_unique leads with it.
    register_sequence = models.ForeignKey(
        NumberSequence,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
        db_index=False,
    )
    register_number = models.PositiveIntegerField(_("register number"), null=True, blank=True)
    arrival_date = models.DateField(_("arrival date"), null=True, blank=True)
    registered_at = models.DateTimeField(_("registered at"), null=True, blank=True)
    # Signing authority (SignerInfo) and form.
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    signer_name = models.CharField(_("signer's name"), max_length=50, blank=True)
    # How many co-signers (CoSigner) sign before the signer: with any, the signer signs a
    # co-signed document, not an approved one (transitions.py).
    co_signer_count = models.PositiveSmallIntegerField(_("co-signers"), default=0)
    signer_position = models.CharField(_("signer's position"), max_length=100, blank=True)
    signing_form = models.ForeignKey(
        SigningForm,
        verbose_name=_("signing form"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    signing_collective = models.CharField(
        _("on behalf of"), max_length=100, blank=True, help_text=_("e.g. BAN THƯỜNG VỤ")
    )
    secrecy = models.PositiveSmallIntegerField(
        _("secrecy"), choices=Secrecy.choices, default=Secrecy.NONE
    )
    urgency = models.PositiveSmallIntegerField(
        _("urgency"), choices=Urgency.choices, default=Urgency.NORMAL
    )
    page_amount = models.PositiveSmallIntegerField(_("pages"), null=True, blank=True)
    issued_amount = models.PositiveSmallIntegerField(_("copies issued"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=30, default="vi")
    description = models.CharField(_("note"), max_length=500, blank=True)
    due_date = models.DateField(_("reply due"), null=True, blank=True)
    intended_recipient = models.CharField(
        _("intended recipient"), max_length=1000, blank=True, help_text=_("Unit or person.")
    )
    recipients_text = models.TextField(_("recipients (Nơi nhận)"), blank=True)
    archive_holder = models.CharField(
        _("unit keeping the archive copy"), max_length=200, blank=True
    )
    term = models.ForeignKey(
        CommitteeTerm,
        verbose_name=_("committee term"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The id of a meetings congress (ADR 0024): documents sits below meetings, so it keeps the
    # id and reads the congress through `documents.congresses`.
    congress_id = models.BigIntegerField(_("congress"), null=True, blank=True, db_index=True)
    joint_with = models.CharField(
        _("joint issuers"),
        max_length=300,
        blank=True,
        help_text=_("Other bodies of a joint document; this organization leads and numbers it."),
    )
    drafting_unit_code = models.CharField(
        _("drafting unit code"), max_length=20, blank=True, help_text=_("e.g. VP in 05/UBND-VP")
    )
    place_name = models.CharField(_("place"), max_length=100, blank=True)
    circulation_mark = models.CharField(_("circulation mark"), max_length=100, blank=True)
    typist_code = models.CharField(_("typist code"), max_length=20, blank=True)
    metadata_only = models.BooleanField(_("metadata only (paper handled by hand)"), default=False)
    has_file = models.BooleanField(_("digitized"), default=False)
    digitally_signed = models.BooleanField(_("digitally signed"), default=False)
    source_document = models.ForeignKey(
        "self",
        verbose_name=_("released document"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="deliveries",
    )
    # An outgoing document that answers an incoming one of the same register ("Thực hiện
    # Công văn số 77-CV/TU …"); its release completes the incoming document's handling.
    in_reply_to = models.ForeignKey(
        "self",
        verbose_name=_("in reply to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replies",
    )
    dispatched_on = models.DateField(_("transfer date"), null=True, blank=True)
    search_text = models.TextField(editable=False, default="")
    dedup_key = models.CharField(max_length=300, editable=False, blank=True)  # doc_dedup
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    released_at = models.DateTimeField(_("released at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("filed or archived at"), null=True, blank=True)
    # Marked for the portal's documents section by its office (services/publication.py).
    published_at = models.DateTimeField(_("published on the portal at"), null=True, blank=True)

    class Meta:
        ordering = ["-urgency", "-created_at", "-id"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        indexes = [
            models.Index(fields=["organization", "direction", "status"], name="doc_org_dir_status"),
            models.Index(
                fields=["organization", "direction", "-created_at"], name="doc_org_recent"
            ),
            models.Index(fields=["organization", "direction", "arrival_date"], name="doc_arrival"),
            models.Index(fields=["organization", "direction", "issued_date"], name="doc_issued"),
            # The queue's order, so the first page is read from an index and the scan stops
            # after a page when the scope holds most of the register.
            models.Index(
                fields=["direction", "-arrival_date", "-register_number", "-id"],
                name="doc_queue_incoming",
            ),
            models.Index(fields=["direction", "-created_at", "-id"], name="doc_queue_outgoing"),
            # The duplicate check of a registration; outgoing documents have no key.
            models.Index(
                fields=["organization", "dedup_key"], name="doc_dedup", condition=~Q(dedup_key="")
            ),
            # The portal's documents section: the published few, newest first.
            models.Index(
                fields=["-published_at"],
                name="doc_published",
                condition=Q(published_at__isnull=False),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["register_sequence", "register_number"], name="doc_register_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(register_sequence__isnull=True) | Q(register_number__isnull=False),
                name="doc_sequence_has_number",
            ),
            models.CheckConstraint(
                condition=Q(in_reply_to__isnull=True) | Q(direction="outgoing"),
                name="doc_reply_is_outgoing",
            ),
            # A classified document is never published, whatever path writes the row.
            models.CheckConstraint(
                condition=Q(published_at__isnull=True) | Q(secrecy=0),
                name="doc_published_not_classified",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number_symbol or _('(no number)')} {self.subject[:80]}"

    @property
    def is_incoming(self) -> bool:
        return self.direction == Direction.INCOMING

    @property
    def number_symbol(self) -> str:
        """The number and symbol as printed: "Số 10-NQ/ĐUK" (Party) or "Số: 15/QĐ-UBND"."""
        if not self.code_number:
            return ""
        return ("Số: " if self.system == DocumentSystem.STATE else "Số ") + self.symbol

    @property
    def symbol(self) -> str:
        """Number and symbol without "Số": 10-NQ/ĐUK or 15/QĐ-UBND."""
        if not self.code_number:
            return ""
        sep = "/" if self.system == DocumentSystem.STATE else "-"
        return f"{self.code_number}{sep}{self.code_notation}"

    @property
    def recipient_places(self) -> list[str]:
        """The "Nơi nhận" names in their order, without the list dashes a clerk often types
        (the PDF prints its own; an edXML package's ToPlaces carry the names alone)."""
        lines = (line.strip().lstrip("-").strip() for line in self.recipients_text.splitlines())
        return [line for line in lines if line]


class ReaderReason(models.TextChoices):
    CREATOR = "creator", _("Registered or drafted it")
    NAMED = "named", _("Named on the document")
    ASSIGNEE = "assignee", _("Assigned to handle it")
    REVIEWER = "reviewer", _("Reviewer")
    SIGNER = "signer", _("Signer")
    RECIPIENT = "recipient", _("Clerk of a recipient")


class DocumentReader(models.Model):
    """A person named on a document. For classified documents, only they may see it."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="readers")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="document_reads"
    )
    reason = models.CharField(_("why"), max_length=10, choices=ReaderReason.choices)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("named reader")
        verbose_name_plural = _("named readers")
        constraints = [
            models.UniqueConstraint(fields=["document", "user"], name="reader_unique"),
        ]
        indexes = [models.Index(fields=["user", "document"], name="reader_user_doc")]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.document_id}"


class VersionKind(models.TextChoices):
    RECEIVED = "received", _("Received file")
    DRAFT = "draft", _("Draft")
    RENDERED = "rendered", _("Draft rendered in the Party layout")
    SIGNED = "signed", _("Signed by the signer")
    SEALED = "sealed", _("Numbered and signed by the organization")
    ATTACHMENT = "attachment", _("Attachment")


class DocumentVersion(models.Model):
    """One version of a document's file; versions are only added, never replaced."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    kind = models.CharField(_("kind"), max_length=10, choices=VersionKind.choices)
    file = models.ForeignKey(StoredFile, on_delete=models.PROTECT, related_name="versions")
    original_name = models.CharField(_("file name"), max_length=255)
    body_text = models.TextField(_("text written in the browser"), blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    signature_report = models.JSONField(_("signature check"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["document_id", "number"]
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="version_unique_number"),
        ]

    def __str__(self) -> str:
        return f"v{self.number} {self.original_name}"


class DocumentRecipient(models.Model):
    """An organization in this installation that an outgoing document is released to."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="recipients")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    delivered = models.OneToOneField(
        Document, null=True, blank=True, on_delete=models.PROTECT, related_name="delivery"
    )
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = pgettext_lazy("organization", "recipient")
        verbose_name_plural = _("recipients")
        constraints = [
            models.UniqueConstraint(fields=["document", "organization"], name="recipient_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.document_id} → {self.organization_id}"


class NotificationKind(models.TextChoices):
    URGENT = "urgent", _("Urgent document arrived")
    ASSIGNED = "assigned", _("Assigned to you")
    REVIEW = "review", _("Waiting for your review")
    RETURNED = "returned", _("Returned for revision")
    SIGN = "sign", _("Waiting for your signature")
    ISSUE = "issue", _("Waiting to be numbered and issued")
    ARRIVED = "arrived", _("Arrived in your incoming queue")


def duplicate_candidates(
    *, organization: Organization, key: str, year: int | None, user: Any
) -> models.QuerySet[Document]:
    """Incoming documents of the register with the same sender and number/symbol (ND30 Phụ
    lục VI: warn the clerk). Classified ones count only if the clerk is named on them, so the
    check reveals nothing they may not see."""
    qs = Document.objects.filter(
        organization=organization, direction=Direction.INCOMING, dedup_key=key
    ).filter(Q(secrecy=0) | Q(readers__user_id=getattr(user, "pk", None)))
    if year is not None:
        qs = qs.filter(Q(issued_date__isnull=True) | Q(issued_date__year=year))
    return qs.select_related("document_type").order_by("-arrival_date", "-id").distinct()
