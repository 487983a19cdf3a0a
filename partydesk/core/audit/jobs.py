"""Background job: seal the events written by transactions that just committed."""

from __future__ import annotations

from django_tasks import task

from partydesk.core.audit.seal import audit_seal


@task()
def audit_seal_job() -> int:
    """Seal whatever is waiting (often nothing: another job got there first)."""
    return audit_seal()
