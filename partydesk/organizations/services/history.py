"""The building blocks of every restructuring: dated revisions, subtree moves, ending an
organization and moving its people. restructuring.py composes them into the business verbs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import CharField, F, Max, Q, QuerySet, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from partydesk.core.audit import audit_log
from partydesk.core.errors import InvalidInput
from partydesk.core.http import Acting
from partydesk.organizations.models import (
    CommitteeTerm,
    MembershipEvent,
    MembershipStatus,
    Organization,
    OrganizationRevision,
    Person,
    Position,
    Restructuring,
    path_prefix_q,
)
from partydesk.organizations.permissions import (
    DECIDED_ABOVE,
    can_manage_organization,
    can_restructure_organization,
    deny_unless,
)
from partydesk.organizations.services.organizations import MAX_DEPTH, path_segment

ONE_DAY = dt.timedelta(days=1)
ENDED_STATUSES = (
    MembershipStatus.TRANSFERRED_OUT,
    MembershipStatus.REMOVED,
    MembershipStatus.DECEASED,
)


@dataclass(frozen=True)
class NewOrganization:
    """What a merge or split creates."""

    code: str
    name: str
    abbreviation: str
    kind: str
    short_name: str = ""
    place_name: str = ""


@dataclass(frozen=True)
class SplitPart:
    """One organization a split creates, and what it takes over from the source."""

    new: NewOrganization
    people: Sequence[int] = field(default_factory=tuple)
    children: Sequence[int] = field(default_factory=tuple)
    carry_open_work: bool = False
    carry_numbering: bool = False


def active_people(org: Organization) -> QuerySet[Person]:
    """People attached to `org` whose membership has not ended (or who are not members)."""
    return Person.objects.filter(organization=org).exclude(membership__status__in=ENDED_STATUSES)


def check_allowed(
    acting: Acting,
    *,
    decided_above: Sequence[Organization] = (),
    managed: Sequence[Organization | None] = (),
) -> None:
    """Refuse (403) unless the acting user may restructure each of `decided_above` (a
    decision of the level above) and manages each of `managed`: what is renamed, and every
    organization that receives units, people or new units."""
    deny_unless(all(can_restructure_organization(acting, o) for o in decided_above), DECIDED_ABOVE)
    deny_unless(all(can_manage_organization(acting, o) for o in managed if o is not None))


def check_effective(on: dt.date, org: Organization, *, ends: bool) -> OrganizationRevision:
    """The change date must be today or earlier and not before the organization's last change."""
    if on > dt.date.today():
        raise InvalidInput(
            _("A change is recorded on the day it takes effect, not in advance."),
            field="effective_on",
        )
    if org.valid_to is not None:
        raise InvalidInput(
            _("%(name)s has already ended.") % {"name": org.name}, field="organization"
        )
    current = OrganizationRevision.objects.select_for_update().get(
        organization=org, valid_to__isnull=True
    )
    earliest = current.valid_from + ONE_DAY if ends else current.valid_from
    if on < earliest:
        raise InvalidInput(
            _("The change must take effect on or after %(date)s (the last change of %(name)s).")
            % {"date": earliest.isoformat(), "name": org.name},
            field="effective_on",
        )
    return current


def roll_revision(current: OrganizationRevision, on: dt.date, **changes: Any) -> None:
    """Close `current` the day before `on` and open a revision with `changes` from `on`.

    A second change on the same day corrects the revision opened that day instead."""
    if current.valid_from == on:
        for name, value in changes.items():
            setattr(current, name, value)
        current.save()
        return
    current.valid_to = on - ONE_DAY
    current.save(update_fields=["valid_to"])
    values = {
        "name": current.name,
        "short_name": current.short_name,
        "abbreviation": current.abbreviation,
        "parent": current.parent,
        **changes,
    }
    OrganizationRevision.objects.create(organization=current.organization, valid_from=on, **values)


def reparent(org: Organization, new_parent: Organization, on: dt.date) -> None:
    """Hang `org` (and its whole subtree, in one UPDATE) under `new_parent` from `on`."""
    if new_parent.path.startswith(org.path):
        raise InvalidInput(
            _("An organization cannot move under itself or its own units."), field="new_parent"
        )
    if new_parent.valid_to is not None:
        raise InvalidInput(_("An ended organization cannot receive new units."), field="new_parent")
    current = check_effective(on, org, ends=False)
    old_prefix = org.path
    new_prefix = new_parent.path + path_segment(org.pk)
    delta = new_parent.depth + 1 - org.depth
    deepest = Organization.objects.filter(path_prefix_q(old_prefix)).aggregate(d=Max("depth"))
    if (deepest["d"] or 0) + delta >= MAX_DEPTH:
        raise InvalidInput(_("The tree cannot be deeper here."), field="new_parent")
    Organization.objects.filter(path_prefix_q(old_prefix)).update(
        path=Concat(
            Value(new_prefix), Substr("path", len(old_prefix) + 1), output_field=CharField()
        ),
        depth=F("depth") + delta,
    )
    Organization.objects.filter(pk=org.pk).update(parent=new_parent)
    org.refresh_from_db(fields=["path", "depth", "parent"])
    roll_revision(current, on, parent=new_parent)


def move_people(
    people: QuerySet[Person], source: Organization, target: Organization, on: dt.date, note: str
) -> int:
    """Attach `people` to `target` in one UPDATE and record a "moved" event per membership."""
    ids = list(people.values_list("pk", flat=True))
    if not ids:
        return 0
    Person.objects.filter(pk__in=ids).update(organization=target)
    memberships = (
        Person.objects.filter(pk__in=ids, membership__isnull=False)
        .exclude(membership__status__in=ENDED_STATUSES)
        .values_list("membership__pk", flat=True)
    )
    MembershipEvent.objects.bulk_create(
        [
            MembershipEvent(
                membership_id=membership_id,
                kind=MembershipEvent.Kind.MOVED,
                occurred_on=on,
                from_organization=source,
                to_organization=target,
                note=note,
            )
            for membership_id in memberships
        ]
    )
    return len(ids)


def end_organization(org: Organization, on: dt.date, *, successor: Organization | None) -> None:
    """End `org` the day before `on`: close its revision, its open terms and positions."""
    current = check_effective(on, org, ends=True)
    last_day = on - ONE_DAY
    current.valid_to = last_day
    current.save(update_fields=["valid_to"])
    CommitteeTerm.objects.filter(organization=org).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gt=last_day)
    ).update(ends_on=last_day)
    Position.objects.filter(organization=org).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gt=last_day)
    ).update(ends_on=last_day)
    org.valid_to = last_day
    org.successor = successor
    org.save(update_fields=["valid_to", "successor", "updated_at"])


def record_restructuring(
    *,
    kind: str,
    on: dt.date,
    decision: str,
    sources: Sequence[Organization],
    targets: Sequence[Organization],
    details: dict[str, Any],
) -> Restructuring:
    event = Restructuring.objects.create(
        kind=kind, effective_on=on, decision=decision.strip(), details=details
    )
    event.sources.set(sources)
    event.targets.set(targets)
    return event


def audit_restructuring(actor: Any, action: str, org: Organization, event: Restructuring) -> None:
    audit_log(
        actor=actor,
        action=f"organizations.organization.{action}",
        target=org,
        organization_id=org.pk,
        details={"restructuring": event.pk, "effective_on": event.effective_on, **event.details},
    )
