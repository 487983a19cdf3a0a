"""Background jobs of learning (thin: load by id, call a service)."""

from __future__ import annotations

from django_tasks import task

from partydesk.learning.services.item_analysis import item_analysis_refresh
from partydesk.organizations.models import Organization


@task()
def item_analysis_refresh_job(organization_id: int) -> int:
    """Recompute one organization's item analysis; how many versions have figures."""
    return item_analysis_refresh(organization=Organization.objects.get(pk=organization_id))
