"""Cells whose names repeat are shown with their parent ("CB Phòng Pháp chế" alone is
ambiguous): in the people list, the organization suggestions and the person's page."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from partydesk.accounts.models import User
from partydesk.accounts.tests.factories import grant_role
from partydesk.organizations.models import OrganizationKind
from partydesk.organizations.tests.factories import make_member, make_org

pytestmark = pytest.mark.django_db

CELL = "Chi bộ Phòng Pháp chế"


@pytest.fixture
def namesakes(tree):  # type: ignore[no-untyped-def]
    """One cell of that name under each committee, with one member each."""
    cells = [
        make_org(CELL, parent=committee, kind=OrganizationKind.SUBORDINATE_CELL)
        for committee in (tree.committee_a, tree.committee_b)
    ]
    return [make_member(cell, f"Đảng viên {i}") for i, cell in enumerate(cells)]


@pytest.fixture
def bloc_officer(alice: User, tree) -> Client:  # type: ignore[no-untyped-def]
    grant_role(alice, "member_officer", tree.root)
    client = Client()
    client.force_login(alice)
    return client


def test_a_cell_is_labelled_with_its_parent_and_a_committee_alone(tree, namesakes):  # type: ignore[no-untyped-def]
    cell = namesakes[0].organization
    assert cell.label == f"{CELL} (Đảng bộ Sở Tài chính)"
    assert tree.committee_a.label == "Đảng bộ Sở Tài chính"  # a committee's name is its own


def test_the_people_list_tells_namesake_cells_apart(bloc_officer: Client, tree, namesakes):  # type: ignore[no-untyped-def]
    html = bloc_officer.get(reverse("organizations:people"), {"q": "Đảng viên"}).content.decode()

    assert f"{CELL} (Đảng bộ Sở Tài chính)" in html
    assert f"{CELL} (Đảng bộ Sở Y tế)" in html


def test_the_organization_suggestions_tell_namesake_cells_apart(bloc_officer: Client, namesakes):  # type: ignore[no-untyped-def]
    html = bloc_officer.get(
        reverse("organizations:lookup"), {"field": "org", "org": "phap che"}
    ).content.decode()

    assert f"{CELL} (Đảng bộ Sở Tài chính)" in html
    assert f"{CELL} (Đảng bộ Sở Y tế)" in html


def test_a_persons_page_names_the_cell_with_its_parent(bloc_officer: Client, namesakes):  # type: ignore[no-untyped-def]
    person = namesakes[1]

    html = bloc_officer.get(reverse("organizations:person", args=[person.pk])).content.decode()

    assert f"{CELL} (Đảng bộ Sở Y tế)" in html


def test_labels_cost_no_query_per_row(bloc_officer: Client, tree, django_assert_max_num_queries):  # type: ignore[no-untyped-def]
    cell = make_org(CELL, parent=tree.committee_a, kind=OrganizationKind.SUBORDINATE_CELL)
    make_member(cell, "Một")
    with django_assert_max_num_queries(20) as few:
        bloc_officer.get(reverse("organizations:people"))
    for n in range(10):
        other = make_org(CELL, parent=tree.committee_b, kind=OrganizationKind.SUBORDINATE_CELL)
        make_member(other, f"Người {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        bloc_officer.get(reverse("organizations:people"), {"size": "50"})


def test_the_organization_switcher_tells_namesake_cells_apart(namesakes):  # type: ignore[no-untyped-def]
    from partydesk.accounts.tests.factories import make_user

    first, second = (person.organization for person in namesakes)
    user = make_user("hai_chi_bo", organization=first, role="member")
    grant_role(user, "member", second)
    client = Client()
    client.force_login(user)

    html = client.get(reverse("core:dashboard")).content.decode()

    switcher = html.split('id="acting-org"', 1)[1].split("</select>", 1)[0]
    assert f"{CELL} (Đảng bộ Sở Tài chính)" in switcher
    assert f"{CELL} (Đảng bộ Sở Y tế)" in switcher
