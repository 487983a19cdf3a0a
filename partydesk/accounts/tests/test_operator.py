"""The operator bootstraps the first administrator from the command line; the ops admin only
shows accounts and never their secrets."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from partydesk.accounts.models import RoleGrant, User
from partydesk.core.models import AuditEvent


def test_the_operator_grants_the_first_administrator(tree):
    root = User.objects.create_superuser("root", "root@example.test", "Sen-hong-thang-9")
    out = io.StringIO()
    call_command("grant_role", "root", "admin", tree.root.code, stdout=out)
    assert "root now holds admin" in out.getvalue()
    grant = RoleGrant.objects.get(user=root)
    assert (grant.role.code, grant.organization) == ("admin", tree.root)
    event = AuditEvent.objects.get(action="accounts.grant.created")
    assert event.actor is None and event.details["by"] == "operator"
    # Running it again changes nothing.
    call_command("grant_role", "root", "admin", tree.root.code, stdout=io.StringIO())
    assert RoleGrant.objects.filter(user=root).count() == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ghost", "admin", "x"], "No user 'ghost'"),
        (["alice", "pope", "x"], "No role 'pope'. Roles:"),
        (["alice", "admin", "nowhere"], "No organization with code 'nowhere'"),
    ],
)
def test_the_command_explains_what_is_wrong(alice, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("grant_role", *args)


def test_the_ops_admin_shows_accounts_read_only_without_secrets(alice, tree):
    root = User.objects.create_superuser("root", "root@example.test", "Sen-hong-thang-9")
    client = Client()
    client.force_login(root)
    page = client.get(f"/ops/admin/accounts/user/{alice.pk}/change/")
    assert page.status_code == 200
    assert b"totp_secret" not in page.content
    assert b'name="_save"' not in page.content
    assert client.post(f"/ops/admin/accounts/user/{alice.pk}/delete/").status_code == 403
