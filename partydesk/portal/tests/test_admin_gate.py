"""The CMS's admin sits behind the office's login and opens only to the portal's people; the
office's content security policy holds everywhere, relaxed on the admin's paths only."""

from __future__ import annotations

import pytest
from django.test import Client

from partydesk.accounts.tests.factories import make_user
from partydesk.conftest import logged_in

pytestmark = pytest.mark.django_db


def test_an_anonymous_visitor_is_sent_to_the_office_login(client: Client):
    response = client.get("/portal/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_admins_own_login_page_leads_to_the_office_login(client: Client):
    response = client.get("/portal/admin/login/?next=/portal/admin/pages/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_member_without_a_portal_capability_is_refused(tree):
    member = make_user("member1", organization=tree.committee_a, role="member")
    assert logged_in(member).get("/portal/admin/").status_code == 403


def test_the_admin_loads_under_the_policy_relaxed_only_on_its_paths(tree):
    boss = make_user("boss", organization=tree.root, role="member")
    boss.is_superuser = True
    boss.save()
    client = logged_in(boss)
    admin = client.get("/portal/admin/")
    assert admin.status_code == 200
    policy = admin["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe" not in policy
    assert "frame-ancestors 'self'" in policy and admin["X-Frame-Options"] == "SAMEORIGIN"
    office = client.get("/")
    assert "frame-ancestors 'none'" in office["Content-Security-Policy"]
    assert office["X-Frame-Options"] == "DENY"


def test_the_admin_shows_no_avatar_from_outside_that_the_policy_would_block(tree):
    boss = make_user("boss", organization=tree.root, role="member")
    boss.is_superuser = True
    boss.email = "boss@example.org"
    boss.save()
    page = logged_in(boss).get("/portal/admin/").content.decode()
    assert "gravatar.com" not in page
