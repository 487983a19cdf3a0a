"""The second demo installation (`make run-peer`): the provincial committee with its own
logins, OrganIds and CA, ready to seal what it sends."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from partydesk.accounts.models import User
from partydesk.exchange.models import OrganId
from partydesk.organizations.models import Organization
from partydesk.signatures.services.detached import organization_seal_detached

pytestmark = pytest.mark.django_db


def test_the_provincial_committee_is_seeded_once(settings):
    settings.PARTYDESK_PADES_SEAL_LEVEL = "B-T"
    call_command("seed_peer_demo")
    root = Organization.objects.get(code="tu")
    assert OrganId.objects.get(organization=root).code == "000.00.00.H40"
    assert OrganId.objects.count() == 3
    clerk = User.objects.get(username="tu_vanthu")
    assert clerk.role_grants.get().role.code == "clerk"
    assert organization_seal_detached(organization=root, payload=b"package")
    call_command("seed_peer_demo", "--once")
    with pytest.raises(CommandError, match="already"):
        call_command("seed_peer_demo")
