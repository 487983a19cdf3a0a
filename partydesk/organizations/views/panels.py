"""The dashboard panel "Probation reviews due" (registered in OrganizationsConfig.ready)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _

from partydesk.core.dashboard import Panel
from partydesk.core.http import acting
from partydesk.organizations import selectors
from partydesk.organizations.models import Organization
from partydesk.organizations.views.common import can_view_people

SHOWN = 5


def probation_reviews_panel(request: HttpRequest) -> list[Panel]:
    """Candidates whose probation is over and whom the cell must review (3 queries)."""
    scope = acting(request).scope
    if not isinstance(scope, Organization) or not can_view_people(request, scope):
        return []
    due = selectors.probation_reviews_due(scope)
    rows = selectors.review_rows(due[:SHOWN])
    if not rows:
        return []
    count = due.count() if len(rows) == SHOWN else len(rows)
    return [
        Panel(
            title=_("Probation reviews due"),
            template="organizations/partials/probation_panel.html",
            context={"rows": rows, "more": count - len(rows)},
            count=count,
            order=40,
            urgent=any(r.overdue for r in rows),
        )
    ]
