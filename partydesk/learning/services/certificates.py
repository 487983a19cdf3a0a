"""Certificates of passed exams: issue (a pending row, recorded with the pass), sign (laid
out, sealed with the organization's seal through the signatures app, stored with core's
files) and revoke. The layout and the seal are slow (RSA, PDF): they never run in a request
or a transaction, but in the outbox worker, which retries a failed seal with backoff."""

from __future__ import annotations

import calendar
import datetime as dt
import uuid
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from partydesk.core.audit import audit_log
from partydesk.core.errors import Conflict, NotAllowed
from partydesk.core.http import SYSTEM, Acting
from partydesk.core.models import OutboxMessage
from partydesk.core.numbers import percent_text
from partydesk.core.services.outbox import outbox_enqueue, outbox_handler
from partydesk.documents.services.render import place_date_line
from partydesk.learning.models import (
    Attempt,
    AttemptStatus,
    Certificate,
    Grade,
)
from partydesk.learning.models.courses import GRADE_PRINTED
from partydesk.learning.permissions import EXAMS_MANAGE
from partydesk.learning.selectors.attendance import AttendanceSummary, attendance_of
from partydesk.learning.services.certificate_pdf import CertificateLayout, render_certificate
from partydesk.signatures.services.sealing import paper_revoke, paper_seal, paper_serial

DEFAULT_VALIDITY_MONTHS = 60


def verify_url(serial: str) -> str:
    """The public address printed on the certificate and in its QR code."""
    path = reverse("learning:certificate_verify", args=[serial])
    return f"{settings.SITE_URL}{path}"


def _layout(attempt: Attempt, certificate: Certificate) -> CertificateLayout:
    serial, issued = certificate.serial, certificate.issued_at
    exam = attempt.exam
    organization = exam.organization
    course_class = exam.course_class
    if course_class is not None:
        course = course_class.course.title
        dates = f"{course_class.starts_on:%d/%m/%Y} – {course_class.ends_on:%d/%m/%Y}"
        class_line = f"{course_class.name} ({dates})"
    else:  # an exam outside any course: no course is printed, the exam says it all
        course, class_line = "", ""
    parent = organization.parent
    return CertificateLayout(
        superior=parent.name if parent is not None else "",
        issuer=organization.name,
        learner_name=attempt.user.display_name,
        course_title=course,
        class_line=class_line,
        exam_title=exam.title,
        result_line=_result_line(attempt, certificate),
        place_date=place_date_line(organization.place_name, timezone.localdate(issued)),
        serial=serial,
        verify_url=verify_url(serial),
    )


def _result_line(attempt: Attempt, certificate: Certificate) -> str:
    grade = GRADE_PRINTED[Grade(certificate.grade)]
    with translation.override("vi"):  # the certificate is written in Vietnamese
        shown = percent_text(attempt.percent or Decimal(0))
    line = f"Kết quả: {grade} ({shown})"
    if certificate.valid_until is not None:
        line += f". Giá trị đến ngày {certificate.valid_until:%d/%m/%Y}"
    return line


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (the month's last day when it is shorter)."""
    years, month = divmod(day.month - 1 + months, 12)
    year = day.year + years
    last = calendar.monthrange(year, month + 1)[1]
    return day.replace(year=year, month=month + 1, day=min(day.day, last))


def _grade_and_validity(attempt: Attempt, issued: dt.datetime) -> tuple[str, dt.date]:
    """The final result by the course's thresholds and the end of validity (60 months for
    an exam outside any course)."""
    course_class = attempt.exam.course_class
    if course_class is None:
        return Grade.PASS, add_months(timezone.localdate(issued), DEFAULT_VALIDITY_MONTHS)
    course = course_class.course
    grade = course.grade(attempt.percent or Decimal(0), bool(attempt.passed))
    return grade, add_months(timezone.localdate(issued), course.validity_months)


def _course_title(attempt: Attempt) -> str:
    course_class = attempt.exam.course_class
    return course_class.course.title if course_class is not None else attempt.exam.title


class NotEligible(Conflict):
    """A passed learner whose attendance is short of the course's minimum."""


def attempt_attendance(attempt: Attempt) -> AttendanceSummary | None:
    """The taker's attendance at the exam's class (None for an exam outside any class or a
    taker who is not a person of the registry)."""
    course_class = attempt.exam.course_class
    person_id = getattr(attempt.user, "person_id", None)
    if course_class is None or person_id is None:
        return None
    return attendance_of(course_class, person_id)


def _check_issue(actor: Acting, attempt: Attempt) -> None:
    own = actor.user is not None and attempt.user_id == actor.user.pk
    if not (actor is SYSTEM or own or actor.can(EXAMS_MANAGE, on=attempt.exam.organization)):
        raise NotAllowed(_("Only those who manage exams may do this."))
    if attempt.status != AttemptStatus.MARKED or not attempt.passed:
        raise Conflict(_("Only a passed exam earns a certificate."))
    attendance = attempt_attendance(attempt)
    if attendance is not None and not attendance.eligible:
        raise NotEligible(
            _("Not eligible for the certificate: %(reason)s") % {"reason": attendance.reason}
        )


SIGN_KIND = "learning.certificate.sign"


def _attempt_for_layout(pk: int) -> Attempt:
    return (
        Attempt.objects.select_related(
            "exam__organization__parent", "exam__course_class__course", "user__person"
        )
        .filter(pk=pk)
        .get()
    )


def _sign_enqueue(certificate: Certificate, key: str) -> None:
    outbox_enqueue(kind=SIGN_KIND, payload={"certificate": certificate.pk}, idempotency_key=key)


@transaction.atomic
def certificate_issue(*, actor: Acting, attempt: Attempt) -> Certificate:
    """Record the certificate of a passed attempt, to be signed in the background: no
    layout and no seal here, only the row (pending), its audit event and the outbox message
    that signs it. Asking again returns the one already issued. The taker, the organizer
    (from the results page) or the system (when the pass is recorded) may ask."""
    attempt = _attempt_for_layout(attempt.pk)
    _check_issue(actor, attempt)
    existing = Certificate.objects.filter(attempt=attempt).first()
    if existing is not None:
        return existing
    issued = timezone.now()
    serial = paper_serial(timezone.localdate(issued).year)
    grade, valid_until = _grade_and_validity(attempt, issued)
    try:
        with transaction.atomic():
            certificate = Certificate.objects.create(
                serial=serial,
                attempt=attempt,
                learner=attempt.user,
                organization=attempt.exam.organization,
                learner_name=attempt.user.display_name,
                course_title=_course_title(attempt),
                issued_at=issued,
                grade=grade,
                valid_until=valid_until,
            )
    except IntegrityError:
        # Issued by a concurrent request for the same attempt: that one is the certificate.
        return Certificate.objects.get(attempt=attempt)
    audit_log(
        actor=actor.user,
        action="learning.certificate.issued",
        target=certificate,
        organization_id=certificate.organization_id,
        details={"serial": serial, "attempt": attempt.pk, "grade": grade},
    )
    _sign_enqueue(certificate, f"{SIGN_KIND}:{certificate.pk}")
    return certificate


def certificate_issue_for_pass(attempt: Attempt) -> Certificate | None:
    """Called inside the transaction that records a mark: a pass gets its certificate
    recorded in that same transaction (signed later by the outbox worker). A learner whose
    attendance is short of the course's minimum gets none (the results say why)."""
    if not attempt.passed:
        return None
    try:
        return certificate_issue(actor=SYSTEM, attempt=attempt)
    except NotEligible:
        return None


def _render(certificate: Certificate) -> bytes:
    return render_certificate(_layout(_attempt_for_layout(certificate.attempt_id), certificate))


def certificate_sign(certificate_id: int) -> Certificate:
    """Lay out and seal a pending certificate, then record it signed (signatures'
    `paper_seal`: the slow work before the short transaction; a certificate already signed
    is left as it is)."""
    return paper_seal(
        model=Certificate, pk=certificate_id, render=_render, action="learning.certificate.signed"
    )


@outbox_handler(SIGN_KIND)
def certificate_sign_deliver(message: OutboxMessage) -> None:
    """The outbox worker signs; a failure is retried with the outbox's backoff."""
    certificate_sign(int(message.payload["certificate"]))


@transaction.atomic
def certificate_sign_retry(*, actor: Acting, certificate: Certificate) -> Certificate:
    """Queue the signing of a pending certificate again now (after its seal was fixed,
    say), without waiting for the outbox's backoff or after it gave up."""
    locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if not actor.can(EXAMS_MANAGE, on=locked.organization):
        raise NotAllowed(_("Only those who manage exams may do this."))
    if locked.signed:
        raise Conflict(_("The certificate is already signed."))
    _sign_enqueue(locked, f"{SIGN_KIND}:{locked.pk}:{uuid.uuid4()}")
    audit_log(
        actor=actor.user,
        action="learning.certificate.sign_retried",
        target=locked,
        organization_id=locked.organization_id,
        details={"serial": locked.serial},
    )
    return locked


def certificate_revoke(*, actor: Acting, certificate: Certificate, reason: str) -> Certificate:
    """Revoke a certificate with a reason; the verification page says so from now on."""
    if not actor.can(EXAMS_MANAGE, on=certificate.organization):
        raise NotAllowed(_("Only those who manage exams may do this."))
    return paper_revoke(
        model=Certificate,
        pk=certificate.pk,
        user=actor.user,
        reason=reason,
        action="learning.certificate.revoked",
    )
