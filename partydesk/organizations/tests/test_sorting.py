"""Lists of organizations and people follow Vietnamese alphabetical order on both databases."""

from __future__ import annotations

import datetime as dt

import pytest

from partydesk.core.http import SYSTEM
from partydesk.core.text import vn_sort_key
from partydesk.organizations import selectors, services
from partydesk.organizations.models import OrganizationKind
from partydesk.organizations.tests.factories import make_org, make_person

pytestmark = pytest.mark.django_db


def test_units_below_an_organization_are_listed_in_vietnamese_order(tree):
    # given four departments created in an order that a byte-wise sort would keep wrong
    for name in ("Ban Tuyên giáo", "Liên minh", "Ban Tổ chức", "Liên đoàn"):
        make_org(name, parent=tree.committee_b, kind=OrganizationKind.DEPARTMENT)
    # when the organization page lists its units, now and as the tree stood on a date
    now = [o.name for o in selectors.organization_children(tree.committee_b)]
    past = [
        n.name
        for n in selectors.organization_nodes_on(
            tree.committee_b, dt.date.today(), parent_id=tree.committee_b.pk
        )
    ]
    # then Ban Tổ chức comes before Ban Tuyên giáo and Liên đoàn before Liên minh
    expected = ["Ban Tổ chức", "Ban Tuyên giáo", "Liên đoàn", "Liên minh"]
    assert [n for n in now if n in expected] == expected
    assert [n for n in past if n in expected] == expected


def test_a_renamed_unit_takes_its_new_place(tree):
    unit = make_org("Ban Tuyên giáo", parent=tree.committee_b, kind=OrganizationKind.DEPARTMENT)
    services.organization_rename(
        acting=SYSTEM,
        organization=unit,
        name="Ban Dân vận",
        abbreviation="BDV",
        effective_on=dt.date.today(),
    )
    unit.refresh_from_db()
    assert unit.sort_key == vn_sort_key("Ban Dân vận")


def test_people_are_listed_in_vietnamese_order(tree):
    for name in ("Đào Văn Bình", "Dương Thị Lan", "Ân Văn Tùng", "An Thị Hà"):
        make_person(tree.committee_b, name)
    names = [p.full_name for p in selectors.person_list_for(tree.committee_b, sort="name")]
    assert names == ["An Thị Hà", "Ân Văn Tùng", "Dương Thị Lan", "Đào Văn Bình"]
    # the same order when a search picks them (the search orders without the name index)
    found = selectors.person_list_for(tree.committee_b, query="van", sort="name")
    assert [p.full_name for p in found] == ["Ân Văn Tùng", "Đào Văn Bình"]
    # and a corrected name moves the person to their new place
    services.person_update(acting=SYSTEM, person=found[0], full_name="Võ Văn Tùng")
    names = [p.full_name for p in selectors.person_list_for(tree.committee_b, sort="-name")]
    assert names[0] == "Võ Văn Tùng"
