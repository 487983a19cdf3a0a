"""Demo step: the organization tree, its founding decision and the 2025–2030 terms."""

from __future__ import annotations

import datetime as dt

from partydesk.demo import catalog
from partydesk.demo.context import DemoContext
from partydesk.organizations.models import (
    PATH_STEP,
    CommitteeTerm,
    Organization,
    OrganizationKind,
    OrganizationRevision,
    Restructuring,
    RestructuringKind,
)

# The Bloc committee was set up in February 2025 (domain rules §0.2); its units moved in.
FOUNDED_ON = dt.date(2025, 2, 1)
FOUNDING_DECISION = "Quyết định số 1578-QĐ/TU"
TERM_NAME = "2025–2030"
ROOT_CONGRESS_ON = dt.date(2025, 8, 20)

PARTY_KINDS = {
    OrganizationKind.UPPER_COMMITTEE,
    OrganizationKind.GRASSROOTS_COMMITTEE,
    OrganizationKind.GRASSROOTS_CELL,
    OrganizationKind.SUBORDINATE_CELL,
}


def _segment(pk: int) -> str:
    """One level of Organization.path, as organizations.services.organization_create writes it."""
    return f"{pk:0{PATH_STEP}d}."


def _insert_level(orgs: list[Organization]) -> list[Organization]:
    """Insert one level of the tree, then give each row its path and depth from its parent."""
    created = Organization.objects.bulk_create(orgs)
    for org in created:
        parent = org.parent
        org.path = (parent.path if parent else "") + _segment(org.pk)
        org.depth = parent.depth + 1 if parent else 0
    Organization.objects.bulk_update(created, ["path", "depth"])
    return created


def seed(ctx: DemoContext) -> None:
    """Root, departments, grassroots committees with their cells, and grassroots cells."""
    rng = ctx.rng
    common = {"place_name": catalog.PLACE_NAME, "valid_from": FOUNDED_ON}
    (root,) = _insert_level(
        [Organization(kind=OrganizationKind.UPPER_COMMITTEE, parent=None, **catalog.ROOT, **common)]
    )
    ctx.root = root

    committees = catalog.GRASSROOTS_COMMITTEES[: ctx.scaled(len(catalog.GRASSROOTS_COMMITTEES))]
    cells = catalog.GRASSROOTS_CELLS[: ctx.scaled(len(catalog.GRASSROOTS_CELLS))]
    level1 = [
        Organization(
            code=code,
            name=name,
            short_name=short,
            abbreviation=abbreviation,
            kind=OrganizationKind.DEPARTMENT,
            parent=root,
            **common,
        )
        for code, name, short, abbreviation in catalog.DEPARTMENTS
    ]
    level1 += [
        Organization(
            code=f"du-{code}",
            name=f"Đảng bộ {agency}",
            short_name=f"ĐB {agency}",
            abbreviation="ĐU",
            kind=OrganizationKind.GRASSROOTS_COMMITTEE,
            parent=root,
            **common,
        )
        for code, agency, _kind, _size in committees
    ]
    level1 += [
        Organization(
            code=f"cb-{code}",
            name=f"Chi bộ {agency}",
            short_name=f"CB {agency}",
            abbreviation="CB",
            kind=OrganizationKind.GRASSROOTS_CELL,
            parent=root,
            **common,
        )
        for code, agency, _size in cells
    ]
    level1 = _insert_level(level1)

    level2: list[Organization] = []
    by_code = {org.code: org for org in level1}
    for code, _agency, kind, _size in committees:
        parent = by_code[f"du-{code}"]
        names = catalog.sub_cell_names(kind)
        rng.shuffle(names)
        for index, unit in enumerate(sorted(names[: rng.randint(3, 6)]), start=1):
            level2.append(
                Organization(
                    code=f"du-{code}-cb{index}",
                    name=f"Chi bộ {unit}",
                    short_name=f"CB {unit}",
                    abbreviation="CB",
                    kind=OrganizationKind.SUBORDINATE_CELL,
                    parent=parent,
                    **common,
                )
            )
    level2 = _insert_level(level2)

    everything = [root, *level1, *level2]
    ctx.organizations = {org.code: org for org in everything}
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
            for org in everything
        ]
    )
    founding = Restructuring.objects.create(
        kind=RestructuringKind.CREATE,
        effective_on=FOUNDED_ON,
        decision=FOUNDING_DECISION,
        details={"note": "Thành lập Đảng bộ các cơ quan Đảng tỉnh"},
    )
    founding.targets.add(*everything)

    terms = []
    for org in everything:
        if org.kind not in PARTY_KINDS:
            continue
        # Grassroots congresses came first (spring 2025), the Bloc congress in August.
        starts = (
            ROOT_CONGRESS_ON
            if org.pk == root.pk
            else dt.date(2025, 4, 1) + dt.timedelta(days=rng.randint(0, 90))
        )
        terms.append(CommitteeTerm(organization=org, name=TERM_NAME, starts_on=starts))
    terms = CommitteeTerm.objects.bulk_create(terms)
    ctx.terms = {term.organization_id: term for term in terms}

    ctx.count("organizations", len(everything))
    ctx.count("grassroots_committees", len(committees))
    ctx.count("grassroots_cells", len(cells))
    ctx.count("subordinate_cells", len(level2))
    ctx.count("committee_terms", len(terms))
