"""Certificates of passed exams: issue (laid out, sealed with the organization's seal through
the signatures app, stored with core's files) and revoke. The layout and the seal are slow
(RSA, PDF), so they run before the short transaction that records the certificate."""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from partydesk.core.audit import audit_log
from partydesk.core.errors import Conflict, DomainError, InvalidInput, NotAllowed
from partydesk.core.http import SYSTEM, Acting
from partydesk.core.services.files import file_store
from partydesk.documents.services.render import place_date_line
from partydesk.learning.models import Attempt, AttemptStatus, Certificate
from partydesk.learning.permissions import EXAMS_MANAGE
from partydesk.learning.services.certificate_pdf import CertificateLayout, render_certificate
from partydesk.signatures.services import pdf_sign_organization

logger = logging.getLogger(__name__)
PDF = "application/pdf"


def verify_url(serial: str) -> str:
    """The public address printed on the certificate and in its QR code."""
    path = reverse("learning:certificate_verify", args=[serial])
    return f"{settings.SITE_URL}{path}"


def _serial(year: int) -> str:
    # Random, not sequential: the public page must not let anyone walk every certificate.
    return f"{year}-{secrets.token_hex(5).upper()}"


def _learner_name(attempt: Attempt) -> str:
    person = getattr(attempt.user, "person", None)
    return (
        person.full_name
        if person is not None
        else attempt.user.get_full_name() or str(attempt.user.get_username())
    )


def _percent(value: Decimal) -> str:
    return f"{value.normalize():f}".replace(".", ",")


def _layout(attempt: Attempt, serial: str, issued: dt.datetime) -> CertificateLayout:
    exam = attempt.exam
    organization = exam.organization
    course_class = exam.course_class
    if course_class is not None:
        course = course_class.course.title
        dates = f"{course_class.starts_on:%d/%m/%Y} – {course_class.ends_on:%d/%m/%Y}"
        class_line = f"{course_class.name} ({dates})"
    else:
        course, class_line = exam.title, ""
    parent = organization.parent
    return CertificateLayout(
        superior=parent.name if parent is not None else "",
        issuer=organization.name,
        learner_name=_learner_name(attempt),
        course_title=course,
        class_line=class_line,
        exam_title=exam.title,
        result_line=f"Kết quả: Đạt ({_percent(attempt.percent or Decimal(0))}%)",
        place_date=place_date_line(organization.place_name, timezone.localdate(issued)),
        serial=serial,
        verify_url=verify_url(serial),
    )


def _check_issue(actor: Acting, attempt: Attempt) -> None:
    own = actor.user is not None and attempt.user_id == actor.user.pk
    if not (actor is SYSTEM or own or actor.can(EXAMS_MANAGE, on=attempt.exam.organization)):
        raise NotAllowed(_("Only those who manage exams may do this."))
    if attempt.status != AttemptStatus.MARKED or not attempt.passed:
        raise Conflict(_("Only a passed exam earns a certificate."))


def certificate_issue(*, actor: Acting, attempt: Attempt) -> Certificate:
    """The certificate of a passed attempt, sealed by the exam's organization; asking
    again returns the one already issued. The taker (when the pass is recorded), the
    organizer (from the results page) or the system may ask."""
    attempt = (
        Attempt.objects.select_related(
            "exam__organization__parent", "exam__course_class__course", "user__person"
        )
        .filter(pk=attempt.pk)
        .get()
    )
    _check_issue(actor, attempt)
    existing = Certificate.objects.filter(attempt=attempt).first()
    if existing is not None:
        return existing
    organization = attempt.exam.organization
    issued = timezone.now()
    serial = _serial(timezone.localdate(issued).year)
    layout = _layout(attempt, serial, issued)
    # The seal is the organization's, applied by the installation on its behalf (actor
    # None in the signing record): a pass mark is a fact, not a clerk's decision.
    sealed = pdf_sign_organization(
        actor=None, organization=organization, pdf=render_certificate(layout), number_symbol=serial
    )
    stored = file_store(data=sealed, content_type=PDF, page_count=1)
    try:
        with transaction.atomic():
            certificate = Certificate.objects.create(
                serial=serial,
                attempt=attempt,
                learner=attempt.user,
                organization=organization,
                learner_name=layout.learner_name,
                course_title=layout.course_title,
                issued_at=issued,
                file=stored,
            )
            audit_log(
                actor=actor.user,
                action="learning.certificate.issued",
                target=certificate,
                organization_id=organization.pk,
                details={"serial": serial, "attempt": attempt.pk, "sha256": stored.sha256},
            )
    except IntegrityError:
        # Issued by a concurrent request for the same attempt: that one is the certificate.
        return Certificate.objects.get(attempt=attempt)
    return certificate


def certificate_issue_after_pass(attempt_id: int) -> Certificate | None:
    """Issue on the system's behalf once a pass is committed. Without a seal (no CA yet,
    no certificate for the organization) nothing is issued and the organizer can issue
    from the results page later; the submission itself never fails for it."""
    try:
        return certificate_issue(actor=SYSTEM, attempt=Attempt.objects.get(pk=attempt_id))
    except DomainError as exc:
        logger.warning("certificate for attempt %s not issued: %s", attempt_id, exc.message)
        return None


def certificate_issue_on_commit(attempt: Attempt) -> None:
    """Called inside the transaction that records a pass: the issue runs after commit."""
    if attempt.passed:
        pk = attempt.pk
        transaction.on_commit(lambda: certificate_issue_after_pass(pk), robust=True)


@transaction.atomic
def certificate_revoke(*, actor: Acting, certificate: Certificate, reason: str) -> Certificate:
    """Revoke a certificate with a reason; the verification page says so from now on."""
    locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if not actor.can(EXAMS_MANAGE, on=locked.organization):
        raise NotAllowed(_("Only those who manage exams may do this."))
    reason = " ".join(reason.split())
    if not reason or len(reason) > 500:
        raise InvalidInput(_("Give the reason (up to 500 characters)."), field="reason")
    if locked.revoked_at is not None:
        raise Conflict(_("The certificate is already revoked."))
    locked.revoked_at = timezone.now()
    locked.revoked_reason = reason
    locked.revoked_by = actor.user
    locked.save(update_fields=["revoked_at", "revoked_reason", "revoked_by"])
    audit_log(
        actor=actor.user,
        action="learning.certificate.revoked",
        target=locked,
        organization_id=locked.organization_id,
        details={"serial": locked.serial, "reason": reason},
    )
    return locked
