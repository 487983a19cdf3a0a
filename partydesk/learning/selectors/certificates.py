"""Reads of certificates: the learner's own, an organizer's (their organization's exams),
and the public verification by serial (only what the paper itself shows)."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from partydesk.learning.models import Attempt, Certificate, CertificateStatus
from partydesk.organizations.models import Organization


def certificate_of_taker(user: Any, attempt_pk: int) -> Certificate:
    """The certificate of one of the user's own attempts, else 404."""
    found = Certificate.objects.filter(attempt_id=attempt_pk, learner=user).first()
    if found is None:
        raise Http404("certificate not found")
    return found


def certificate_of_attempt(attempt: Attempt) -> Certificate | None:
    return Certificate.objects.filter(attempt=attempt).first()


def certificate_get_for(scope: Organization, exam_pk: int, attempt_pk: int) -> Certificate:
    """The certificate of an attempt at one of the scope's exams, else 404."""
    found = (
        Certificate.objects.filter(
            organization=scope, attempt_id=attempt_pk, attempt__exam_id=exam_pk
        )
        .select_related("attempt")
        .first()
    )
    if found is None:
        raise Http404("certificate not found")
    return found


def certificates_by_attempt(attempt_ids: list[int]) -> dict[int, Certificate]:
    """The certificates of these attempts (one query), keyed by attempt id."""
    return {c.attempt_id: c for c in Certificate.objects.filter(attempt_id__in=attempt_ids)}


def certificate_verify(serial: str) -> Certificate | None:
    """The signed certificate with this serial, or None (the public page says 'not
    found'); a pending one has no paper yet, so nobody can hold its serial."""
    if len(serial) > 32:
        return None
    return (
        Certificate.objects.filter(serial=serial.strip().upper(), status=CertificateStatus.SIGNED)
        .select_related("organization", "attempt__exam")  # a course's or an exam's title
        .first()
    )
