"""The side menu follows roles: every entry a role sees opens, and nothing it cannot open is
shown. One story per demo login's role (README, "Demo logins")."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from partydesk.accounts.models import Role
from partydesk.accounts.tests.factories import make_user
from partydesk.conftest import Tree, logged_in
from partydesk.core import navigation
from partydesk.core.capabilities import declared
from partydesk.demo.logins import DEMO_LOGINS
from partydesk.organizations.tests.factories import make_person

ROLES = sorted({login.role for login in DEMO_LOGINS})


def menu_links(client: Client) -> list[str]:
    page = client.get(reverse("core:dashboard"))
    assert page.status_code == 200
    nav = re.search(r'<nav id="sidenav".*?</nav>', page.content.decode(), re.S)
    assert nav is not None
    return re.findall(r'<a href="([^"]+)"', nav.group(0))


def client_for(role: str, tree: Tree) -> Client:
    two_factor = Role.objects.get(code=role).requires_two_factor
    user = make_user(f"u_{role}", organization=tree.committee_a, role=role, two_factor=two_factor)
    return logged_in(user)


@pytest.mark.parametrize("role", ROLES)
def test_every_menu_entry_of_a_role_opens(role: str, tree: Tree) -> None:
    client = client_for(role, tree)
    links = menu_links(client)
    assert reverse("core:dashboard") in links
    for url in links:
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("role", ROLES)
def test_what_a_role_cannot_open_is_not_in_its_menu(role: str, tree: Tree) -> None:
    client = client_for(role, tree)
    shown = set(menu_links(client))
    for entry in navigation.entries():
        url = reverse(entry.url_name)
        if url not in shown:
            assert client.get(url).status_code == 403, url


def test_a_party_member_and_a_clerk_see_neither_people_nor_the_audit_trail(tree: Tree) -> None:
    for role in ("member", "clerk"):
        links = menu_links(client_for(role, tree))
        assert reverse("organizations:people") not in links
        assert reverse("accounts:audit") not in links
        assert reverse("documents:incoming") in links


def test_the_secretary_sees_people_and_the_audit_trail(tree: Tree) -> None:
    links = menu_links(client_for("secretary", tree))
    assert reverse("organizations:people") in links
    assert reverse("accounts:audit") in links


def test_the_page_being_shown_is_marked_in_the_menu(tree: Tree) -> None:
    client = client_for("secretary", tree)
    page = client.get(reverse("organizations:people")).content.decode()
    current = re.findall(r'<a href="([^"]+)" aria-current="page"', page)
    assert current == [reverse("organizations:people")]


def test_menu_entries_ask_only_for_declared_capabilities() -> None:
    known = declared()
    for entry in navigation.entries():
        assert set(entry.capabilities) <= known.keys(), entry.url_name


def test_a_page_of_ones_own_organization_the_role_may_not_use_is_403_another_is_404(
    tree: Tree,
) -> None:
    ours = make_person(tree.cell_a1, "Nguyễn Văn Nhà")
    theirs = make_person(tree.committee_b, "Trần Thị Khác")
    member = client_for("member", tree)

    assert member.get(reverse("organizations:person", args=[ours.pk])).status_code == 403
    assert member.get(reverse("organizations:person", args=[theirs.pk])).status_code == 404
    assert member.get(reverse("documents:settings")).status_code == 403
    assert member.get(reverse("documents:register")).status_code == 403
