"""Restructuring with history: rename, move, merge, split, dissolve.

Nothing is deleted: an organization that ends gets `valid_to` (the day before the change) and
keeps its rows, so documents, sequences and members that point at it stay valid. Each change
closes the open OrganizationRevision and opens a new one, so organization_tree_on() shows the
structure of any past date. Every decision is one Restructuring row with its sources, targets
and a `details` JSON that says what moved, e.g. {"carry_members": true, "members_moved": 12,
"children_moved": [41, 42], "carry_open_work": true, "carry_numbering": true, "numbering_from":
17, "parts": [{"target": 51, "people": 7, "carry_open_work": true, "carry_numbering": false}]}.

Members are moved here (MembershipEvent "moved"); the documents and assignments modules read
`carry_open_work`, `carry_numbering` and `numbering_from` (for splits, per part) and continue
registers and open items in the target they name. Who may decide what: history.check_allowed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from partydesk.core.errors import InvalidInput
from partydesk.core.http import Acting
from partydesk.core.text import vn_sort_key
from partydesk.organizations.models import (
    Organization,
    Person,
    Restructuring,
    RestructuringKind,
)
from partydesk.organizations.services.history import (
    NewOrganization,
    SplitPart,
    active_people,
    audit_restructuring,
    check_allowed,
    check_effective,
    end_organization,
    move_people,
    record_restructuring,
    reparent,
    roll_revision,
)
from partydesk.organizations.services.organizations import insert_organization, lock_organization


@transaction.atomic
def organization_rename(
    *,
    acting: Acting,
    organization: Organization,
    name: str,
    abbreviation: str,
    short_name: str = "",
    effective_on: dt.date,
    decision: str = "",
) -> Restructuring:
    """Rename an organization from a date; the old name stays on documents of earlier dates."""
    org = lock_organization(organization)
    check_allowed(acting, managed=[org])
    name = " ".join(name.split())
    if not name:
        raise InvalidInput(_("Enter the name."), field="name")
    if not abbreviation.strip():
        raise InvalidInput(_("Enter the issuer abbreviation."), field="abbreviation")
    new = {"name": name, "short_name": short_name.strip(), "abbreviation": abbreviation.strip()}
    old = {"name": org.name, "short_name": org.short_name, "abbreviation": org.abbreviation}
    if new == old:
        raise InvalidInput(_("Nothing changed."), field="name")
    current = check_effective(effective_on, org, ends=False)
    roll_revision(current, effective_on, **new)
    for key, value in new.items():
        setattr(org, key, value)
    org.search_name = Organization.fold_names(org.name, org.short_name)
    org.sort_key = vn_sort_key(org.name)
    org.save(update_fields=[*new, "search_name", "sort_key", "updated_at"])
    event = record_restructuring(
        kind=RestructuringKind.RENAME,
        on=effective_on,
        decision=decision,
        sources=[org],
        targets=[org],
        details={"old": old, "new": new},
    )
    audit_restructuring(acting.user, "renamed", org, event)
    organization.refresh_from_db()
    return event


@transaction.atomic
def organization_move(
    *,
    acting: Acting,
    organization: Organization,
    new_parent: Organization,
    effective_on: dt.date,
    decision: str = "",
) -> Restructuring:
    """Hang an organization (with everything below it) under another parent from a date."""
    org = lock_organization(organization)
    check_allowed(acting, decided_above=[org], managed=[new_parent])
    if org.parent_id == new_parent.pk:
        raise InvalidInput(_("It already belongs there."), field="new_parent")
    old_parent_id = org.parent_id
    reparent(org, lock_organization(new_parent), effective_on)
    event = record_restructuring(
        kind=RestructuringKind.MOVE,
        on=effective_on,
        decision=decision,
        sources=[org],
        targets=[org],
        details={"old_parent": old_parent_id, "new_parent": new_parent.pk},
    )
    audit_restructuring(acting.user, "moved", org, event)
    organization.refresh_from_db()
    return event


def _common_parent(sources: Sequence[Organization]) -> Organization | None:
    parents = {s.parent_id for s in sources}
    return sources[0].parent if len(parents) == 1 else None


@transaction.atomic
def organization_merge(
    *,
    acting: Acting,
    sources: Sequence[Organization],
    effective_on: dt.date,
    into: Organization | None = None,
    new: NewOrganization | None = None,
    parent: Organization | None = None,
    decision: str = "",
    carry_members: bool = True,
    carry_open_work: bool = True,
    numbering_from: Organization | None = None,
) -> Restructuring:
    """Merge `sources` into an existing organization (`into`) or a new one (`new`).

    The sources end the day before `effective_on`, their units move under the target, and
    (if chosen) their members move too. `numbering_from` names the source whose document
    numbering the target continues (None: the target numbers on its own)."""
    if (into is None) == (new is None):
        raise InvalidInput(_("Choose either an existing organization or a new one."))
    locked = [lock_organization(s) for s in sorted(sources, key=lambda o: o.pk)]
    receiver = into if into is not None else parent or _common_parent(locked)
    check_allowed(acting, decided_above=locked, managed=[receiver])
    if len({s.pk for s in locked}) < (2 if new is not None else 1):
        raise InvalidInput(
            _("Choose at least two organizations to merge into a new one."), field="sources"
        )
    if numbering_from is not None and numbering_from.pk not in {s.pk for s in locked}:
        raise InvalidInput(
            _("The numbering can only continue from one of the merged organizations."),
            field="numbering_from",
        )
    if into is not None:
        target = lock_organization(into)
        if target.valid_to is not None:
            raise InvalidInput(_("The target organization has ended."), field="into")
        for s in locked:
            if target.path.startswith(s.path):
                raise InvalidInput(
                    _("An organization cannot merge into itself or one of its own units."),
                    field="into",
                )
    else:
        assert new is not None
        home = parent or _common_parent(locked)
        if home is None:
            raise InvalidInput(
                _(
                    "The merged organizations have different parents: choose where the new one "
                    "belongs."
                ),
                field="parent",
            )
        home = lock_organization(home)
        if any(home.path.startswith(s.path) for s in locked):
            raise InvalidInput(
                _("The new organization cannot belong under one of the merged ones."),
                field="parent",
            )
        target = insert_organization(
            name=new.name,
            abbreviation=new.abbreviation,
            kind=new.kind,
            code=new.code,
            parent=home,
            short_name=new.short_name,
            place_name=new.place_name,
            starts=effective_on,
        )
    moved_people = 0
    moved_children: list[int] = []
    for source in locked:
        for child in Organization.objects.filter(parent=source, valid_to__isnull=True):
            reparent(child, target, effective_on)
            moved_children.append(child.pk)
        if carry_members:
            moved_people += move_people(
                active_people(source), source, target, effective_on, decision
            )
        source.refresh_from_db()
        end_organization(source, effective_on, successor=target)
    event = record_restructuring(
        kind=RestructuringKind.MERGE,
        on=effective_on,
        decision=decision,
        sources=locked,
        targets=[target],
        details={
            "target": target.pk,
            "new_target": new is not None,
            "carry_members": carry_members,
            "members_moved": moved_people,
            "children_moved": moved_children,
            "carry_open_work": carry_open_work,
            "carry_numbering": numbering_from is not None,
            "numbering_from": numbering_from.pk if numbering_from else None,
        },
    )
    audit_restructuring(acting.user, "merged", target, event)
    return event


@transaction.atomic
def organization_split(
    *,
    acting: Acting,
    source: Organization,
    parts: Sequence[SplitPart],
    effective_on: dt.date,
    parent: Organization | None = None,
    keep_source: bool = False,
    decision: str = "",
) -> Restructuring:
    """Split `source` into new organizations, each taking the people and units chosen for it.

    Without `keep_source` the source ends and everyone active in it, and each of its units,
    must go to one of the parts; with it, the source continues with what stays."""
    org = lock_organization(source)
    check_allowed(acting, decided_above=[org])
    if not parts or (len(parts) < 2 and not keep_source):
        raise InvalidInput(
            _("A split creates at least two organizations (or one, if the original stays)."),
            field="parts",
        )
    if sum(p.carry_numbering for p in parts) > 1:
        raise InvalidInput(_("Only one part can continue the numbering."), field="parts")
    if sum(p.carry_open_work for p in parts) > 1:
        raise InvalidInput(_("Only one part can take over the open work."), field="parts")
    people_ids = set(active_people(org).values_list("pk", flat=True))
    child_ids = set(
        Organization.objects.filter(parent=org, valid_to__isnull=True).values_list("pk", flat=True)
    )
    chosen_people = [pk for part in parts for pk in part.people]
    chosen_children = [pk for part in parts for pk in part.children]
    if len(set(chosen_people)) != len(chosen_people):
        raise InvalidInput(_("A person can go to one part only."), field="parts")
    if len(set(chosen_children)) != len(chosen_children):
        raise InvalidInput(_("A unit can go to one part only."), field="parts")
    if not set(chosen_people) <= people_ids or not set(chosen_children) <= child_ids:
        raise InvalidInput(
            _("Only people and units of %(name)s can be distributed.") % {"name": org.name},
            field="parts",
        )
    if not keep_source:
        left_people = len(people_ids - set(chosen_people))
        left_units = len(child_ids - set(chosen_children))
        if left_people or left_units:
            raise InvalidInput(
                _(
                    "The original organization ends, so everyone and every unit must go to a "
                    "part. Not assigned yet: %(people)s people, %(units)s units."
                )
                % {"people": left_people, "units": left_units},
                field="parts",
            )
    home = parent or org.parent
    if home is None:
        raise InvalidInput(_("Choose where the new organizations belong."), field="parent")
    check_allowed(acting, managed=[home])
    home = lock_organization(home)
    if home.path.startswith(org.path) and not (keep_source and home.pk == org.pk):
        raise InvalidInput(
            _("The new organizations cannot belong under the one being split."), field="parent"
        )
    targets: list[Organization] = []
    part_details: list[dict[str, Any]] = []
    for part in parts:
        target = insert_organization(
            name=part.new.name,
            abbreviation=part.new.abbreviation,
            kind=part.new.kind,
            code=part.new.code,
            parent=home,
            short_name=part.new.short_name,
            place_name=part.new.place_name,
            starts=effective_on,
        )
        for child in Organization.objects.filter(pk__in=part.children):
            reparent(child, target, effective_on)
        moved = move_people(
            Person.objects.filter(pk__in=part.people), org, target, effective_on, decision
        )
        targets.append(target)
        part_details.append(
            {
                "target": target.pk,
                "people": moved,
                "children": list(part.children),
                "carry_open_work": part.carry_open_work,
                "carry_numbering": part.carry_numbering,
            }
        )
    if not keep_source:
        successor = next(
            (t for t, p in zip(targets, parts, strict=True) if p.carry_numbering),
            next((t for t, p in zip(targets, parts, strict=True) if p.carry_open_work), None),
        )
        org.refresh_from_db()
        end_organization(org, effective_on, successor=successor or targets[0])
    event = record_restructuring(
        kind=RestructuringKind.SPLIT,
        on=effective_on,
        decision=decision,
        sources=[org],
        targets=targets,
        details={"keep_source": keep_source, "parts": part_details},
    )
    audit_restructuring(acting.user, "split", org, event)
    source.refresh_from_db()
    return event


@transaction.atomic
def organization_dissolve(
    *,
    acting: Acting,
    organization: Organization,
    effective_on: dt.date,
    decision: str = "",
    members_to: Organization | None = None,
) -> Restructuring:
    """End an organization without a successor; its people go to `members_to` if given."""
    org = lock_organization(organization)
    check_allowed(acting, decided_above=[org], managed=[members_to])
    units = Organization.objects.filter(parent=org, valid_to__isnull=True).count()
    if units:
        raise InvalidInput(
            ngettext(
                "%(count)s unit still belongs to %(name)s: move, merge or dissolve it first.",
                "%(count)s units still belong to %(name)s: move, merge or dissolve them first.",
                units,
            )
            % {"count": units, "name": org.name},
            field="organization",
        )
    people = active_people(org)
    moved = 0
    if members_to is not None:
        target = lock_organization(members_to)
        if target.pk == org.pk or target.valid_to is not None:
            raise InvalidInput(
                _("Choose an active organization for the members."), field="members_to"
            )
        moved = move_people(people, org, target, effective_on, decision)
    elif people.exists():
        count = people.count()
        raise InvalidInput(
            ngettext(
                "%(count)s person is still active in %(name)s: choose where they go, or "
                "transfer them first.",
                "%(count)s people are still active in %(name)s: choose where they go, or "
                "transfer them first.",
                count,
            )
            % {"count": count, "name": org.name},
            field="members_to",
        )
    end_organization(org, effective_on, successor=None)
    event = record_restructuring(
        kind=RestructuringKind.DISSOLVE,
        on=effective_on,
        decision=decision,
        sources=[org],
        targets=[members_to] if members_to is not None else [],
        details={
            "members_to": members_to.pk if members_to else None,
            "members_moved": moved,
        },
    )
    audit_restructuring(acting.user, "dissolved", org, event)
    organization.refresh_from_db()
    return event
