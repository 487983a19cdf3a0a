"""Demo step: the organization tree, its founding decision and the 2025–2030 terms."""

from __future__ import annotations

import datetime as dt
from functools import partial

from partydesk.core.http import SYSTEM
from partydesk.demo import catalog
from partydesk.demo.context import DemoContext
from partydesk.organizations.models import CommitteeTerm, OrganizationKind
from partydesk.organizations.services import OrganizationSpec, organization_bulk_create_tree

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


def seed(ctx: DemoContext) -> None:
    """Root, departments, grassroots committees with their cells, and grassroots cells."""
    rng = ctx.rng
    common = partial(OrganizationSpec, place_name=catalog.PLACE_NAME, valid_from=FOUNDED_ON)
    root_code = catalog.ROOT["code"]
    top = catalog.ROOT
    specs = [
        common(
            code=top["code"],
            name=top["name"],
            short_name=top["short_name"],
            abbreviation=top["abbreviation"],
            kind=OrganizationKind.UPPER_COMMITTEE,
        )
    ]

    committees = catalog.GRASSROOTS_COMMITTEES[: ctx.scaled(len(catalog.GRASSROOTS_COMMITTEES))]
    cells = catalog.GRASSROOTS_CELLS[: ctx.scaled(len(catalog.GRASSROOTS_CELLS))]
    specs += [
        common(
            code=code,
            name=name,
            short_name=short,
            abbreviation=abbreviation,
            kind=OrganizationKind.DEPARTMENT,
            parent_code=root_code,
        )
        for code, name, short, abbreviation in catalog.DEPARTMENTS
    ]
    specs += [
        common(
            code=f"du-{code}",
            name=f"Đảng bộ {agency}",
            short_name=f"ĐB {agency}",
            abbreviation="ĐU",
            kind=OrganizationKind.GRASSROOTS_COMMITTEE,
            parent_code=root_code,
        )
        for code, agency, _kind, _size in committees
    ]
    specs += [
        common(
            code=f"cb-{code}",
            name=f"Chi bộ {agency}",
            short_name=f"CB {agency}",
            abbreviation="CB",
            kind=OrganizationKind.GRASSROOTS_CELL,
            parent_code=root_code,
        )
        for code, agency, _size in cells
    ]
    level2 = 0
    for code, _agency, kind, _size in committees:
        names = catalog.sub_cell_names(kind)
        rng.shuffle(names)
        for index, unit in enumerate(sorted(names[: rng.randint(3, 6)]), start=1):
            level2 += 1
            specs.append(
                common(
                    code=f"du-{code}-cb{index}",
                    name=f"Chi bộ {unit}",
                    short_name=f"CB {unit}",
                    abbreviation="CB",
                    kind=OrganizationKind.SUBORDINATE_CELL,
                    parent_code=f"du-{code}",
                )
            )
    # The organizations service builds the tree (paths, revisions, sort keys, the founding
    # restructuring and its audit event) in a few queries per level.
    everything = organization_bulk_create_tree(
        acting=SYSTEM, specs=specs, decision=FOUNDING_DECISION
    )
    root = everything[0]
    ctx.root = root
    ctx.organizations = {org.code: org for org in everything}

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
    ctx.count("subordinate_cells", level2)
    ctx.count("committee_terms", len(terms))
