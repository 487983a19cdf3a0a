"""The JSON API answers exactly what the pages show: scoped, paginated, 404 outside."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from django.test import Client

from partydesk.accounts.models import User
from partydesk.accounts.services.tokens import api_token_create
from partydesk.accounts.tests.factories import grant_role
from partydesk.organizations.models import CommitteeTerm
from partydesk.organizations.tests.factories import make_member, make_org, make_person

pytestmark = pytest.mark.django_db
API = "/api/v1"


def _client(user: User) -> Client:
    _token, raw = api_token_create(user=user, name="test")
    return Client(headers={"Authorization": f"Bearer {raw}"})


@pytest.fixture
def alice_api(officer: User) -> Client:
    return _client(officer)


@pytest.fixture
def eve_api(eve: User, tree) -> Client:  # type: ignore[no-untyped-def]
    grant_role(eve, "member_officer", tree.committee_b)
    return _client(eve)


def test_organizations_are_listed_filtered_and_paginated(alice_api: Client, tree):
    for n in range(3):
        make_org(f"Chi bộ Số {n}", parent=tree.committee_a)
    everything = alice_api.get(f"{API}/organizations", {"limit": 2}).json()
    assert everything["count"] == 5 and len(everything["items"]) == 2
    children = alice_api.get(f"{API}/organizations", {"parent": tree.committee_a.pk}).json()
    assert {o["name"] for o in children["items"]} == {
        tree.cell_a1.name,
        "Chi bộ Số 0",
        "Chi bộ Số 1",
        "Chi bộ Số 2",
    }
    found = alice_api.get(f"{API}/organizations", {"q": "chi bo so 1"}).json()
    assert [o["name"] for o in found["items"]] == ["Chi bộ Số 1"]


def test_organization_detail_and_subtree(alice_api: Client, tree):
    CommitteeTerm.objects.create(
        organization=tree.committee_a, name="2025–2030", starts_on=dt.date(2025, 1, 1)
    )
    detail = alice_api.get(f"{API}/organizations/{tree.committee_a.pk}").json()
    assert detail["abbreviation"] == "ĐU" and detail["current_term"]["name"] == "2025–2030"
    subtree = alice_api.get(f"{API}/organizations/{tree.committee_a.pk}/subtree").json()
    assert [o["id"] for o in subtree["items"]] == [tree.committee_a.pk, tree.cell_a1.pk]


def test_people_search_ignores_diacritics_and_shows_memberships(alice_api: Client, tree):
    person = make_member(tree.cell_a1, "Nguyễn Văn Đạt", citizen_id="001090000777")
    make_person(tree.committee_b, "Nguyễn Văn Khác")
    nfd = unicodedata.normalize("NFD", "nguyễn văn")
    found = alice_api.get(f"{API}/people", {"q": nfd}).json()
    assert [p["id"] for p in found["items"]] == [person.pk]
    detail = alice_api.get(f"{API}/people/{person.pk}").json()
    assert detail["citizen_id"] == "001090000777"
    assert detail["membership"]["status"] == "official"
    membership = alice_api.get(f"{API}/people/{person.pk}/membership").json()
    assert [e["kind"] for e in membership["events"]] == ["admitted", "ceremony", "recognized"]
    listing = alice_api.get(f"{API}/memberships", {"status": "official"}).json()
    assert [m["full_name"] for m in listing["items"]] == ["Nguyễn Văn Đạt"]


def test_eve_gets_404_for_every_route_about_committee_a(eve_api: Client, tree):
    person = make_member(tree.cell_a1, "Người Của A")
    for url in (
        f"{API}/organizations/{tree.committee_a.pk}",
        f"{API}/organizations/{tree.cell_a1.pk}/subtree",
        f"{API}/organizations/{tree.cell_a1.pk}/terms",
        f"{API}/people/{person.pk}",
        f"{API}/people/{person.pk}/membership",
    ):
        assert eve_api.get(url).status_code == 404, url
    assert eve_api.get(f"{API}/organizations", {"parent": tree.committee_a.pk}).status_code == 404
    assert eve_api.get(f"{API}/people", {"organization": tree.cell_a1.pk}).status_code == 404
    assert eve_api.get(f"{API}/people", {"q": "Người Của A"}).json()["count"] == 0


def test_people_routes_need_a_member_registry_role(alice: User, tree):
    person = make_person(tree.cell_a1, "Riêng Tư")
    specialist = _client(alice)
    assert specialist.get(f"{API}/organizations").status_code == 200
    assert specialist.get(f"{API}/people").status_code == 403
    assert specialist.get(f"{API}/people/{person.pk}").status_code == 403


def test_without_a_token_the_api_refuses(tree):
    assert Client().get(f"{API}/organizations").status_code == 401
