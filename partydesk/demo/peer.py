"""The second demo installation (`make run-peer`): the provincial Party committee, which the
Bloc committee of `make run` exchanges documents with over loopback (ADR 0020). A small
tree (the committee, its office and organization board), four logins, its own CA with the
committee's seal, and its own OrganIds (third segment 00, where the Bloc's are 01).

The password and TOTP secret are the demo's published ones: never on a real installation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from partydesk.accounts.models import Role, RoleGrant, User
from partydesk.core.http import SYSTEM
from partydesk.demo.logins import DEMO_EMAIL_DOMAIN, DEMO_PASSWORD, DEMO_TOTP_SECRET
from partydesk.exchange.services.organ_ids import organ_id_bulk_assign
from partydesk.organizations.models import Organization, OrganizationKind
from partydesk.organizations.services import organization_create
from partydesk.signatures.services import (
    authority_ready,
    ca_initialize,
    certificate_issue_organization,
    certificate_issue_personal,
)

PEER_ROOT = "tu"
PEER_NAME = "Tỉnh ủy Nghệ An"
PEER_ORGAN_ID = "000.00.00.H40"
FOUNDED_ON = dt.date(2020, 10, 1)
# code, name, OrganId (the root first)
UNITS = [
    (PEER_ROOT, PEER_NAME, PEER_ORGAN_ID),
    ("tu-vp", "Văn phòng Tỉnh ủy", "000.01.00.H40"),
    ("tu-btc", "Ban Tổ chức Tỉnh ủy", "000.02.00.H40"),
]
# login, role, name
LOGINS = [
    ("tu_admin", "admin", "Quản trị hệ thống Tỉnh ủy"),
    ("tu_vanthu", "clerk", "Văn thư Văn phòng Tỉnh ủy"),
    ("tu_chuyenvien", "specialist", "Chuyên viên Văn phòng Tỉnh ủy"),
    ("tu_bithu", "secretary", "Bí thư Tỉnh ủy"),
]


def peer_demo_exists() -> bool:
    return Organization.objects.filter(code=PEER_ROOT).exists()


@transaction.atomic
def seed_peer_demo(log: Callable[[str], None] = print) -> Organization:
    """Seed the provincial committee into an empty database."""
    root = organization_create(
        acting=SYSTEM,
        name=PEER_NAME,
        abbreviation="TU",
        kind=OrganizationKind.UPPER_COMMITTEE,
        code=PEER_ROOT,
        place_name="Nghệ An",
        valid_from=FOUNDED_ON,
    )
    units = [root] + [
        organization_create(
            acting=SYSTEM,
            name=name,
            abbreviation="TU",
            kind=OrganizationKind.DEPARTMENT,
            code=code,
            parent=root,
            valid_from=FOUNDED_ON,
        )
        for code, name, _organ_id in UNITS[1:]
    ]
    organ_id_bulk_assign(
        actor=SYSTEM,
        assignments=[
            (unit, organ_id) for unit, (_c, _n, organ_id) in zip(units, UNITS, strict=True)
        ],
        valid_from=FOUNDED_ON,
    )
    roles = {role.code: role for role in Role.objects.all()}
    password = make_password(DEMO_PASSWORD)
    users = []
    for username, role, name in LOGINS:
        user = User(
            username=username,
            email=f"{username}@{DEMO_EMAIL_DOMAIN}",
            first_name=name,
            acting_organization=root,
            is_staff=role == "admin",
            is_superuser=role == "admin",
            password=password,
        )
        if roles[role].requires_two_factor:
            user.totp_secret = DEMO_TOTP_SECRET
            user.totp_confirmed_at = timezone.now()
        user.save()
        RoleGrant.objects.create(
            user=user, role=roles[role], organization=root, valid_from=FOUNDED_ON
        )
        users.append(user)
    if not authority_ready():
        ca_initialize(actor=None, name="partydesk demo – Tỉnh ủy Nghệ An")
    certificate_issue_personal(actor=None, user=users[-1])
    certificate_issue_organization(actor=None, organization=root)
    log(f"{PEER_NAME}: {len(units)} organizations, {len(users)} logins, CA and seal.")
    return root
