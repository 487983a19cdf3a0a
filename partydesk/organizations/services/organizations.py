"""Creating organizations: one at a time for people, in bulk for seeders and imports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from partydesk.core.audit import audit_log
from partydesk.core.errors import InvalidInput
from partydesk.core.http import Acting
from partydesk.core.text import vn_sort_key
from partydesk.organizations.models import (
    PATH_STEP,
    Organization,
    OrganizationKind,
    OrganizationRevision,
    Restructuring,
    RestructuringKind,
)
from partydesk.organizations.permissions import can_create_organization, deny_unless

PATH_MAX = Organization._meta.get_field("path").max_length or 255
MAX_DEPTH = PATH_MAX // (PATH_STEP + 1)


def path_segment(pk: int) -> str:
    return f"{pk:0{PATH_STEP}d}."


def lock_organization(org: Organization) -> Organization:
    """Re-read `org` with a row lock, so two restructurings of it queue up."""
    return Organization.objects.select_for_update().get(pk=org.pk)


def _check_new_organization(
    *, code: str, name: str, abbreviation: str, kind: str, parent: Organization | None
) -> None:
    if not name.strip():
        raise InvalidInput(_("Enter the name."), field="name")
    if not abbreviation.strip():
        raise InvalidInput(_("Enter the issuer abbreviation."), field="abbreviation")
    if kind not in OrganizationKind.values:
        raise InvalidInput(_("Unknown kind of organization."), field="kind")
    if not code.strip():
        raise InvalidInput(_("Enter the code."), field="code")
    if Organization.objects.filter(code=code).exists():
        raise InvalidInput(_("Another organization already uses this code."), field="code")
    if parent is not None:
        if parent.valid_to is not None:
            raise InvalidInput(_("An ended organization cannot receive new units."), field="parent")
        if parent.depth + 1 >= MAX_DEPTH:
            raise InvalidInput(_("The tree cannot be deeper here."), field="parent")


def insert_organization(
    *,
    name: str,
    abbreviation: str,
    kind: str,
    code: str,
    parent: Organization | None,
    short_name: str = "",
    place_name: str = "",
    starts: dt.date,
) -> Organization:
    """Insert the row, its path and its first revision (callers record why it started)."""
    _check_new_organization(
        code=code, name=name, abbreviation=abbreviation, kind=kind, parent=parent
    )
    clean_name, clean_short = " ".join(name.split()), short_name.strip()
    org = Organization.objects.create(
        code=code.strip(),
        name=clean_name,
        search_name=Organization.fold_names(clean_name, clean_short),
        sort_key=vn_sort_key(clean_name),
        short_name=clean_short,
        abbreviation=abbreviation.strip(),
        kind=kind,
        parent=parent,
        place_name=place_name or (parent.place_name if parent else ""),
        valid_from=starts,
    )
    org.path = (parent.path if parent else "") + path_segment(org.pk)
    org.depth = parent.depth + 1 if parent else 0
    org.save(update_fields=["path", "depth"])
    OrganizationRevision.objects.create(
        organization=org,
        name=org.name,
        short_name=org.short_name,
        abbreviation=org.abbreviation,
        parent=parent,
        valid_from=starts,
    )
    return org


@transaction.atomic
def organization_create(
    *,
    acting: Acting,
    name: str,
    abbreviation: str,
    kind: str,
    code: str,
    parent: Organization | None = None,
    short_name: str = "",
    place_name: str = "",
    valid_from: dt.date | None = None,
) -> Organization:
    """Create an organization under `parent` (or a root) and open its first revision."""
    deny_unless(can_create_organization(acting, parent))
    starts = valid_from or dt.date.today()
    if parent is not None:
        parent = lock_organization(parent)
        if starts < parent.valid_from:
            raise InvalidInput(
                _("A unit cannot start before the organization above it (%(date)s).")
                % {"date": parent.valid_from.isoformat()},
                field="valid_from",
            )
    org = insert_organization(
        name=name,
        abbreviation=abbreviation,
        kind=kind,
        code=code,
        parent=parent,
        short_name=short_name,
        place_name=place_name,
        starts=starts,
    )
    event = Restructuring.objects.create(kind=RestructuringKind.CREATE, effective_on=starts)
    event.targets.add(org)
    audit_log(
        actor=acting.user,
        action="organizations.organization.created",
        target=org,
        organization_id=org.pk,
        details={"name": org.name, "parent": parent.pk if parent else None},
    )
    return org


@dataclass(frozen=True)
class OrganizationSpec:
    """One organization for organization_bulk_create_tree; `parent_code` names its parent
    among the specs or among organizations already stored (None: under the given root)."""

    code: str
    name: str
    abbreviation: str
    kind: str
    parent_code: str | None = None
    short_name: str = ""
    place_name: str = ""
    valid_from: dt.date = dt.date(2000, 1, 1)


def _levels(
    specs: Sequence[OrganizationSpec], known_codes: set[str]
) -> list[list[OrganizationSpec]]:
    """Group specs by depth below the stored tree, so each level's parents exist first."""
    by_code = {spec.code: spec for spec in specs}
    if len(by_code) != len(specs):
        raise InvalidInput(_("The same code appears twice in the new organizations."))
    depth: dict[str, int] = {}

    def depth_of(spec: OrganizationSpec, trail: tuple[str, ...] = ()) -> int:
        if spec.code in depth:
            return depth[spec.code]
        if spec.code in trail:
            raise InvalidInput(_("The new organizations contain a cycle."))
        parent = spec.parent_code
        if parent is None or parent in known_codes:
            level = 0
        elif parent in by_code:
            level = depth_of(by_code[parent], (*trail, spec.code)) + 1
        else:
            raise InvalidInput(
                _("Unknown parent code: %(code)s.") % {"code": parent}, field="parent_code"
            )
        depth[spec.code] = level
        return level

    levels: list[list[OrganizationSpec]] = []
    for spec in specs:
        level = depth_of(spec)
        while len(levels) <= level:
            levels.append([])
        levels[level].append(spec)
    return levels


@transaction.atomic
def organization_bulk_create_tree(
    *,
    acting: Acting,
    specs: Sequence[OrganizationSpec],
    root: Organization | None = None,
    decision: str = "",
    batch_size: int = 2000,
) -> list[Organization]:
    """Create many organizations at once (seeders, benchmarks, first import).

    Paths, depths and first revisions are computed exactly as organization_create does, with a
    handful of queries per tree level instead of several per organization. One Restructuring
    row ("created") lists every new organization, and one audit event records the batch.
    """
    for spec in specs:
        if spec.kind not in OrganizationKind.values:
            raise InvalidInput(
                _("Unknown kind of organization: %(kind)s.") % {"kind": spec.kind}, field="kind"
            )
    codes = [spec.code for spec in specs]
    taken = set(Organization.objects.filter(code__in=codes).values_list("code", flat=True))
    if taken:
        raise InvalidInput(
            _("These codes are already used: %(codes)s.") % {"codes": ", ".join(sorted(taken))},
            field="code",
        )
    parent_codes = {s.parent_code for s in specs if s.parent_code} - set(codes)
    stored = {o.code: o for o in Organization.objects.filter(code__in=parent_codes)}
    parents: list[Organization | None] = list(stored.values())
    if any(spec.parent_code is None for spec in specs):
        parents.append(root)
    deny_unless(all(can_create_organization(acting, parent) for parent in parents))
    if root is not None:
        root = lock_organization(root)
    placed: dict[str, Organization] = dict(stored)
    created: list[Organization] = []
    for level in _levels(specs, set(stored)):
        rows = []
        for spec in level:
            parent = placed[spec.parent_code] if spec.parent_code else root
            rows.append(
                Organization(
                    code=spec.code,
                    name=" ".join(spec.name.split()),
                    search_name=Organization.fold_names(spec.name, spec.short_name),
                    sort_key=vn_sort_key(spec.name),
                    short_name=spec.short_name,
                    abbreviation=spec.abbreviation,
                    kind=spec.kind,
                    parent=parent,
                    place_name=spec.place_name or (parent.place_name if parent else ""),
                    valid_from=spec.valid_from,
                )
            )
        rows = Organization.objects.bulk_create(rows, batch_size=batch_size)
        for org in rows:
            parent = org.parent
            if parent is not None and parent.depth + 1 >= MAX_DEPTH:
                raise InvalidInput(_("The tree cannot be deeper here."), field="parent_code")
            org.path = (parent.path if parent else "") + path_segment(org.pk)
            org.depth = parent.depth + 1 if parent else 0
            placed[org.code] = org
        Organization.objects.bulk_update(rows, ["path", "depth"], batch_size=batch_size)
        OrganizationRevision.objects.bulk_create(
            [
                OrganizationRevision(
                    organization=org,
                    name=org.name,
                    short_name=org.short_name,
                    abbreviation=org.abbreviation,
                    parent=org.parent,
                    valid_from=org.valid_from,
                )
                for org in rows
            ],
            batch_size=batch_size,
        )
        created.extend(rows)
    if created:
        event = Restructuring.objects.create(
            kind=RestructuringKind.CREATE,
            effective_on=min(org.valid_from for org in created),
            decision=decision,
            details={"bulk": True, "count": len(created)},
        )
        through = Restructuring.targets.through
        through.objects.bulk_create(
            [through(restructuring_id=event.pk, organization_id=org.pk) for org in created],
            batch_size=batch_size,
        )
        audit_log(
            actor=acting.user,
            action="organizations.organization.bulk_created",
            target=root,
            organization_id=root.pk if root else None,
            details={"count": len(created), "first": created[0].code},
        )
    return created
