"""`manage.py portal_sync_editors`: every organization that edits portal pages gets its
editorial desk (groups, page permissions, workflow) and the desks' members follow today's
role grants. Run it after granting or taking away roles (or nightly): a person's own
groups are also synced whenever they open the CMS admin."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from partydesk.portal.services.editorial import portal_desks_ensure, portal_desks_sync


class Command(BaseCommand):
    help = "Bring the portal's editor and approver groups in step with the role grants."

    def handle(self, *args: Any, **options: Any) -> None:
        desks = portal_desks_ensure()
        changes = portal_desks_sync()
        self.stdout.write(f"{len(desks)} editorial desk(s); {changes} membership change(s).")
