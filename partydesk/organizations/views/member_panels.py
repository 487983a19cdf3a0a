"""The party member's own card on the dashboard, "My membership" (registered in
OrganizationsConfig.ready): their cell, dates, dues and what comes next."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _

from partydesk.core.dashboard import Panel
from partydesk.core.http import acting
from partydesk.organizations import selectors

# Declared on OrganizationsConfig; the default "member" role starts with it.
OWN_RECORD = "members.own_record"


def own_membership_panel(request: HttpRequest) -> list[Panel]:
    """The acting user's own record, never anyone else's (2 queries)."""
    actor = acting(request)
    if actor.user is None or not actor.can(OWN_RECORD):
        return []
    record = selectors.own_record_for(actor.user)
    if record is None:
        return []
    return [
        Panel(
            title=_("My membership"),
            template="organizations/partials/own_membership_panel.html",
            context={"record": record},
            order=60,
            urgent=record.warn,
        )
    ]
