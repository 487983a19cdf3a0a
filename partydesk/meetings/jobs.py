"""Background jobs of meetings (thin: call a service)."""

from __future__ import annotations

from django_tasks import task

from partydesk.meetings.services.invitations import meetings_remind
from partydesk.meetings.services.trustees import trustee_decrypt_run


@task()
def meetings_remind_due() -> int:
    """Send the reminders that are due (run every quarter of an hour); how many meetings."""
    return meetings_remind()


@task()
def trustee_decrypt_job(trustee_id: int) -> bool:
    """A trustee's partial decryption with the key they gave (the key is not an argument:
    it waits sealed on the trustee's row); whether a share was stored."""
    return trustee_decrypt_run(trustee_id)
