"""Demo step: one login per role, each linked to a person, with known passwords.

Roles that approve or sign require a second factor, and signing asks every signer for a code
whatever their role. So that `make run` is usable at once, the demo logins of those roles and
the logins the demo makes sign (`signs`: the signatures step issues their certificates) are
enrolled with one fixed, published TOTP secret: add it to any authenticator app, or print the
current code with `.venv/bin/python manage.py demo_totp`.
These secrets and the password are public: never seed the demo on a real installation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pyotp
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from partydesk.accounts.models import Role, RoleGrant, User
from partydesk.accounts.services.users import account_names
from partydesk.demo.committee import FOUNDED_ON
from partydesk.demo.context import DemoContext
from partydesk.organizations.models import Organization, Person, PositionTitle

DEMO_PASSWORD = "partydesk-demo-2026"  # noqa: S105 (published on purpose: demo only)
DEMO_TOTP_SECRET = "PARTYDESKDEMOKEYTOTPSECRET234567"  # noqa: S105 (base32, 160 bits)
DEMO_EMAIL_DOMAIN = "demo.partydesk.invalid"


@dataclass(frozen=True)
class DemoLogin:
    """A demo account: who it is and where its role is granted."""

    username: str
    role: str
    organization: str  # organization code
    holder: tuple[str, str]  # (organization code, position title) whose first holder it is
    description: str
    also: tuple[tuple[str, str], ...] = ()  # further (role, organization code) grants
    # Signs documents in the demo with a personal certificate (so also with a second factor).
    signs: bool = False

    def needs_two_factor(self, roles: dict[str, Role]) -> bool:
        """Enrolled with the demo TOTP secret: the role asks for it, or the login signs."""
        return self.signs or roles[self.role].requires_two_factor


T = PositionTitle
DEMO_LOGINS: list[DemoLogin] = [
    DemoLogin("admin", "admin", "duk", ("duk-vp", T.SPECIALIST), "Quản trị hệ thống"),
    DemoLogin("vanthu", "clerk", "duk", ("duk-vp", T.CLERK), "Văn thư Văn phòng Đảng ủy"),
    # The secretary (thư ký) of last month's standing-committee meeting: co-signs its minutes.
    DemoLogin(
        "chuyenvien",
        "specialist",
        "duk",
        ("duk-btc", T.SPECIALIST),
        "Chuyên viên Ban Tổ chức",
        signs=True,
    ),
    DemoLogin(
        "truongban",
        "department_head",
        "duk",
        ("duk-btc", T.DEPARTMENT_HEAD),
        "Trưởng Ban Tổ chức",
        signs=True,
    ),
    DemoLogin(
        "chanhvanphong",
        "office_chief",
        "duk",
        ("duk-vp", T.OFFICE_CHIEF),
        "Chánh Văn phòng",
        signs=True,
    ),
    DemoLogin("bithu", "secretary", "duk", ("duk", T.SECRETARY), "Bí thư Đảng ủy", signs=True),
    DemoLogin(
        "capuy", "committee_member", "duk", ("duk", T.DEPUTY_SECRETARY), "Phó Bí thư Đảng ủy"
    ),
    DemoLogin(
        "tochuc", "member_officer", "duk", ("duk-btc", T.DEPUTY_HEAD), "Phó Trưởng Ban Tổ chức"
    ),
    # Secretaries of large grassroots committees usually sit on the upper committee too, so
    # this login acts for two organizations and shows the switcher in the top bar.
    DemoLogin(
        "bithu_cs",
        "secretary",
        "du-syt",
        ("du-syt", T.SECRETARY),
        "Bí thư Đảng ủy Sở Y tế, Đảng ủy viên",
        also=(("committee_member", "duk"),),
        signs=True,
    ),
    DemoLogin("vanthu_cs", "clerk", "du-syt", ("du-syt-cb1", ""), "Văn thư Đảng ủy Sở Y tế"),
    DemoLogin("dangvien", "member", "du-syt-cb2", ("du-syt-cb2", ""), "Đảng viên, Đảng bộ Sở Y tế"),
]


def _holder(ctx: DemoContext, login: DemoLogin, taken: set[int]) -> Person:
    """The person behind a login: the first free holder of the position, or a plain member."""
    holders: dict[tuple[str, str], list[Person]] = ctx.extra.get("position_holders", {})
    code, title = login.holder
    candidates = holders.get((code, title), []) if title else []
    if not candidates:
        org = ctx.organizations[code]
        secretaries = {p.pk for key, ps in holders.items() if key[0] == code for p in ps}
        candidates = [p for p in ctx.people_by_unit.get(org.pk, []) if p.pk not in secretaries]
    for person in candidates:
        if person.pk not in taken:
            taken.add(person.pk)
            return person
    raise LookupError(f"no free person for the demo login {login.username}")


def seed(ctx: DemoContext) -> None:
    """Create the demo logins, grant their roles, and enrol 2FA where the role or signing
    needs it."""
    roles = {role.code: role for role in Role.objects.all()}
    # One Argon2 hash (deliberately slow, ~0.3 s) serves every demo login: same public password.
    password_hash = make_password(DEMO_PASSWORD)
    taken: set[int] = set()
    users: list[User] = []
    for login in DEMO_LOGINS:
        if login.organization not in ctx.organizations:
            continue  # a small seed may not have this organization
        organization: Organization = ctx.organizations[login.organization]
        person = _holder(ctx, login, taken)
        user = User(
            username=login.username,
            email=f"{login.username}@{DEMO_EMAIL_DOMAIN}",
            person=person,
            **account_names(person.full_name),
            acting_organization=organization,
            is_staff=login.role == "admin",
            is_superuser=login.role == "admin",
        )
        user.password = password_hash
        if login.needs_two_factor(roles):
            user.totp_secret = DEMO_TOTP_SECRET
            user.totp_confirmed_at = timezone.now()
        users.append(user)
        ctx.users[login.username] = user
    User.objects.bulk_create(users)
    RoleGrant.objects.bulk_create(
        [
            RoleGrant(
                user=ctx.users[login.username],
                role=roles[role],
                organization=ctx.organizations[code],
                valid_from=FOUNDED_ON,
            )
            for login in DEMO_LOGINS
            if login.username in ctx.users
            for role, code in ((login.role, login.organization), *login.also)
        ]
    )
    ctx.count("users", len(users))


def login_rows(now: dt.datetime | None = None) -> list[tuple[str, str, str, str]]:
    """(login, role, organization, 2FA note) for each demo login present in the database."""
    present = {
        user.username: user
        for user in User.objects.filter(username__in=[d.username for d in DEMO_LOGINS])
    }
    grants = {
        (g.user.username, g.role.code): g
        for g in RoleGrant.objects.filter(user__in=present.values()).select_related(
            "user", "role", "organization"
        )
    }
    rows = []
    for login in DEMO_LOGINS:
        user = present.get(login.username)
        grant = grants.get((login.username, login.role))
        if user is None or grant is None:
            continue
        needs_code = bool(user.totp_secret) and user.totp_confirmed_at is not None
        rows.append(
            (
                login.username,
                grant.role.label("en"),
                grant.organization.short_name or grant.organization.name,
                "TOTP" if needs_code else "",
            )
        )
    return rows


# The same command the README gives (tested): run from the checkout, with its virtualenv.
DEMO_TOTP_COMMAND = ".venv/bin/python manage.py demo_totp"


def print_logins(write: Callable[[str], None]) -> None:
    """The table `make run` prints: logins, password, and how to get a 2FA code."""
    rows = login_rows()
    if not rows:
        write("No demo logins in this database (run: python manage.py seed_demo).")
        return
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    write("")
    write(f"Demo logins (password for all: {DEMO_PASSWORD})")
    for login, role, organization, factor in rows:
        write(
            f"  {login:<{widths[0]}}  {role:<{widths[1]}}  {organization:<{widths[2]}}"
            f"  {'needs a 2FA code' if factor else ''}".rstrip()
        )
    if any(row[3] for row in rows):
        code = pyotp.TOTP(DEMO_TOTP_SECRET).now()
        write("")
        write(f"2FA: the logins marked above share the demo TOTP secret {DEMO_TOTP_SECRET}")
        write(
            f"     (add it to an authenticator app). Code right now: {code}; a fresh one any"
            f" time: {DEMO_TOTP_COMMAND}"
        )
    write("")
