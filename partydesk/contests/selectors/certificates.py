"""Reads of prize certificates: the organizers' list on the results page, one certificate to
download, the holder's own, and the public check by serial."""

from __future__ import annotations

from django.db.models import OuterRef, Subquery
from django.http import Http404

from partydesk.contests.models import Contest, PrizeCertificate, Registration, Standing
from partydesk.core.text import vn_sort_key


def _listed_order(certificate: PrizeCertificate) -> tuple[bool, int, bool, int, str, int]:
    """Round by round (the whole contest's table after the rounds, as in the workbook),
    then by prize rank, then by name in Vietnamese alphabetical order; a certificate whose
    prize line is gone comes last."""
    number: int | None = getattr(certificate, "round_number", None)
    rank: int | None = getattr(certificate, "prize_rank", None)
    return (
        number is None,
        number or 0,
        rank is None,
        rank or 0,
        vn_sort_key(certificate.full_name),
        certificate.pk,
    )


def contest_certificates(contest: Contest) -> list[PrizeCertificate]:
    """The contest's prize certificates, for its organizers: by round, prize rank and name
    (the prize each was issued for is the one standing line of the person with a prize)."""
    prize = Standing.objects.filter(
        registration=OuterRef("registration_id"), prize__isnull=False
    ).order_by("pk")
    found = PrizeCertificate.objects.filter(contest=contest).annotate(
        round_number=Subquery(prize.values("round__number")[:1]),
        prize_rank=Subquery(prize.values("prize__rank")[:1]),
    )
    return sorted(found, key=_listed_order)


def contest_certificate(contest: Contest, serial: str) -> PrizeCertificate:
    """A signed certificate of this contest, else 404."""
    found = PrizeCertificate.objects.filter(contest=contest, serial=serial, status="signed").first()
    if found is None:
        raise Http404("certificate not found")
    return found


def registration_certificate(registration: Registration) -> PrizeCertificate | None:
    """The person's own prize certificate once it is sealed, unless it was revoked."""
    return PrizeCertificate.objects.filter(
        registration=registration, status="signed", revoked_at__isnull=True
    ).first()


def prize_certificate_verify(serial: str) -> PrizeCertificate | None:
    """The signed prize certificate with this serial, or None: a pending one has no paper
    yet, so nobody can hold its serial."""
    if len(serial) > 32:
        return None
    return (
        PrizeCertificate.objects.filter(serial=serial.strip().upper(), status="signed")
        .select_related("organization", "contest")
        .first()
    )
