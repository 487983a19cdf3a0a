"""Background jobs: keep archive time-stamps and CRLs fresh (thin: load ids, call a service)."""

from __future__ import annotations

import datetime as dt
import logging

from django.utils import timezone
from django_tasks import task

from partydesk.core.errors import DomainError
from partydesk.signatures import authority
from partydesk.signatures.models import ArchivedPdf, AuthorityRole, CertificateAuthority
from partydesk.signatures.services import archive_timestamps_extend

logger = logging.getLogger(__name__)


@task()
def archive_timestamps_renew(within_days: int = 365) -> int:
    """Extend the B-LTA chain of every archived PDF whose last time-stamp expires soon."""
    cutoff = timezone.now() + dt.timedelta(days=within_days)
    renewed = 0
    for pk in ArchivedPdf.objects.filter(timestamp_expires_at__lte=cutoff).values_list(
        "pk", flat=True
    ):
        try:
            archive_timestamps_extend(archived=ArchivedPdf.objects.get(pk=pk))
        except DomainError:
            logger.exception("archive time-stamp renewal failed for archived PDF %s", pk)
        else:
            renewed += 1
    return renewed


@task()
def crl_refresh() -> None:
    """Re-issue each CRL well before its nextUpdate (run daily)."""
    for role in CertificateAuthority.objects.values_list("role", flat=True):
        authority.crl_refresh(role if role in AuthorityRole.values else AuthorityRole.ISSUING)
