"""The demo seed builds the committee from our story: a consistent tree, plausible members,
one login per role, the same every time, and one audit event for the whole seed."""

from __future__ import annotations

import datetime as dt
import io
import time
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import timezone

from partydesk.accounts.models import RoleGrant, User
from partydesk.core.models import AuditEvent
from partydesk.core.services.outbox import outbox_deliver
from partydesk.core.text import fold
from partydesk.demo.context import DemoContext
from partydesk.demo.logins import DEMO_LOGINS, DEMO_PASSWORD, DEMO_TOTP_COMMAND, print_logins
from partydesk.demo.seed import seed_demo
from partydesk.demo.steps import CORE_STEPS, STEPS, run_steps
from partydesk.documents.models import Document
from partydesk.organizations.models import (
    CommitteeTerm,
    MembershipEvent,
    MembershipStatus,
    Organization,
    OrganizationKind,
    OrganizationRevision,
    PartyMembership,
    Person,
    Position,
    PositionTitle,
)

pytestmark = pytest.mark.django_db

SMALL = 0.05


def quiet(_: str) -> None:
    """Steps log progress; the tests do not need to see it."""


@pytest.fixture
def small_demo() -> DemoContext:
    """The committee only: other apps' steps are tested by those apps."""
    return seed_demo(scale=SMALL, log=quiet, steps=CORE_STEPS)


def test_the_tree_has_the_bloc_committee_its_departments_and_grassroots(small_demo):
    root = Organization.objects.get(code="duk")
    assert root.name == "Đảng bộ các cơ quan Đảng tỉnh"
    assert (root.abbreviation, root.place_name, root.parent_id) == ("ĐUK", "Nghệ An", None)
    kinds = Counter(Organization.objects.values_list("kind", flat=True))
    assert kinds[OrganizationKind.DEPARTMENT] == 4
    assert kinds[OrganizationKind.GRASSROOTS_COMMITTEE] == 2
    assert kinds[OrganizationKind.GRASSROOTS_CELL] == 2
    for committee in Organization.objects.filter(kind=OrganizationKind.GRASSROOTS_COMMITTEE):
        assert 3 <= committee.children.count() <= 6
    assert Organization.objects.get(code="du-syt").name == "Đảng bộ Sở Y tế"


def test_every_path_is_the_parents_path_plus_its_own_id(small_demo):
    for org in Organization.objects.select_related("parent"):
        parent_path = org.parent.path if org.parent else ""
        assert org.path == f"{parent_path}{org.pk:06d}."
        assert org.depth == (org.parent.depth + 1 if org.parent else 0)


def test_every_organization_has_its_history_and_every_party_body_a_term(small_demo):
    orgs = Organization.objects.count()
    assert OrganizationRevision.objects.filter(valid_to__isnull=True).count() == orgs
    party = Organization.objects.exclude(kind=OrganizationKind.DEPARTMENT)
    terms = CommitteeTerm.objects.filter(name="2025–2030")
    assert set(terms.values_list("organization_id", flat=True)) == set(
        party.values_list("pk", flat=True)
    )


def test_people_are_searchable_and_uniquely_identified(small_demo):
    people = list(Person.objects.all())
    assert len(people) >= 250
    assert all(p.search_name == fold(p.full_name) for p in people)
    ids = [p.citizen_id for p in people]
    assert len(set(ids)) == len(ids)
    assert all(i is not None and len(i) == 12 and i.isdigit() and i.startswith("040") for i in ids)
    # The citizen ID carries the century, the gender and the year of birth.
    for p in people:
        assert p.citizen_id is not None and p.birth_date is not None
        century = 0 if p.birth_date.year < 2000 else 2
        assert p.citizen_id[3] == str(century + (p.gender == "female"))
        assert p.citizen_id[4:6] == f"{p.birth_date.year % 100:02d}"
    surnames = Counter(p.full_name.split()[0] for p in people)
    assert surnames.most_common(1)[0][0] == "Nguyễn"


def test_memberships_follow_the_probation_rules(small_demo):
    today = timezone.localdate()
    memberships = list(PartyMembership.objects.all())
    candidates = [m for m in memberships if m.status == MembershipStatus.CANDIDATE]
    officials = [m for m in memberships if m.status == MembershipStatus.OFFICIAL]
    assert len(candidates) + len(officials) == Person.objects.count()
    assert 0.03 < len(candidates) / len(memberships) < 0.15
    for m in candidates:
        assert m.ceremony_date is not None
        assert today - dt.timedelta(days=451) <= m.ceremony_date <= today
        assert m.admission_decision_date < m.ceremony_date
        assert m.official_recognition_date is None and m.card_number == ""
    year_ago = today - dt.timedelta(days=365)
    within_a_year = [m for m in candidates if m.ceremony_date and m.ceremony_date > year_ago]
    assert len(within_a_year) >= 0.8 * len(candidates)
    for m in officials:
        assert m.ceremony_date is not None and m.official_recognition_date is not None
        assert m.official_recognition_date >= m.ceremony_date + dt.timedelta(days=365)
        assert m.official_recognition_date <= today
        assert m.card_number
    cards = [m.card_number for m in officials]
    assert len(set(cards)) == len(cards)
    events = Counter(MembershipEvent.objects.values_list("kind", flat=True))
    assert events[MembershipEvent.Kind.ADMITTED] == len(memberships)
    assert events[MembershipEvent.Kind.CEREMONY] == len(memberships)
    assert events[MembershipEvent.Kind.RECOGNIZED] == len(officials)


def test_every_cell_and_committee_has_a_secretary_and_a_deputy(small_demo):
    party = Organization.objects.filter(
        kind__in=[
            OrganizationKind.GRASSROOTS_COMMITTEE,
            OrganizationKind.GRASSROOTS_CELL,
            OrganizationKind.SUBORDINATE_CELL,
            OrganizationKind.UPPER_COMMITTEE,
        ]
    )
    for org in party:
        titles = Counter(Position.objects.filter(organization=org).values_list("title", flat=True))
        assert titles[PositionTitle.SECRETARY] == 1, org.name
        assert titles[PositionTitle.DEPUTY_SECRETARY] >= 1, org.name
    office = Organization.objects.get(code="duk-vp")
    office_titles = set(
        Position.objects.filter(organization=office).values_list("title", flat=True)
    )
    assert {
        PositionTitle.OFFICE_CHIEF,
        PositionTitle.SPECIALIST,
        PositionTitle.CLERK,
    } <= office_titles


def test_one_login_per_role_linked_to_a_person_with_the_demo_password(small_demo):
    all_grants = RoleGrant.objects.select_related("user", "role", "organization").order_by("pk")
    grants: dict[str, RoleGrant] = {}
    for grant in all_grants:
        grants.setdefault(grant.user.username, grant)  # the login's main role comes first
    assert set(grants) >= {
        "admin",
        "vanthu",
        "chuyenvien",
        "truongban",
        "chanhvanphong",
        "bithu",
        "bithu_cs",
        "dangvien",
    }
    assert {g.role.code for g in grants.values()} == {
        "admin",
        "clerk",
        "specialist",
        "department_head",
        "office_chief",
        "secretary",
        "committee_member",
        "member_officer",
        "member",
    }
    assert (grants["bithu"].role.code, grants["bithu"].organization.code) == ("secretary", "duk")
    assert grants["bithu_cs"].organization.code == "du-syt"
    # bithu_cs also sits on the upper committee, so the top bar offers a switch.
    assert {
        (g.role.code, g.organization.code) for g in all_grants if g.user.username == "bithu_cs"
    } == {
        ("secretary", "du-syt"),
        ("committee_member", "duk"),
    }
    signers = {login.username for login in DEMO_LOGINS if login.signs}
    for user in User.objects.all():
        assert user.person is not None
        assert user.check_password(DEMO_PASSWORD)
        # Roles that approve or sign, and the logins that sign, come with the second factor
        # already enrolled.
        assert user.has_two_factor == (
            grants[user.username].role.requires_two_factor or user.username in signers
        )
    assert "chuyenvien" in signers  # the meeting's secretary co-signs the minutes
    bithu = User.objects.get(username="bithu")
    assert Position.objects.filter(
        person=bithu.person, title=PositionTitle.SECRETARY, organization__code="duk"
    ).exists()


def test_the_whole_seed_is_one_audit_event_per_bulk_service_call(small_demo):
    # the tree is built by the organizations service (one event for the batch), the rest is
    # summarized by the seed's own event
    events = list(AuditEvent.objects.order_by("pk"))
    assert [e.action for e in events] == [
        "organizations.organization.bulk_created",
        "demo.seed.completed",
    ]
    assert events[-1].details["counts"]["people"] == Person.objects.count()
    assert Organization.objects.filter(sort_key="").count() == 0


def test_the_same_seed_gives_the_same_committee():
    class Rollback(Exception):
        pass

    def names() -> list[str]:
        return list(Person.objects.order_by("pk").values_list("full_name", flat=True))

    with pytest.raises(Rollback), transaction.atomic():
        seed_demo(scale=0.02, log=quiet, steps=CORE_STEPS)
        first = names()
        raise Rollback
    seed_demo(scale=0.02, log=quiet, steps=CORE_STEPS)
    assert names() == first


def recording_step(ctx: DemoContext) -> None:
    """A step as another app would add it: it sees what the earlier steps built."""
    assert ctx.root is not None
    ctx.extra["seen"] = (ctx.root.code, sorted(ctx.users)[:2], ctx.rng.random())


def test_other_apps_add_steps_that_receive_the_context():
    ctx = DemoContext(today=timezone.localdate(), scale=0.02, log=quiet)

    run_steps(ctx, [*CORE_STEPS, "partydesk.demo.tests.test_seed.recording_step"])

    code, logins, _ = ctx.extra["seen"]
    assert code == "duk"
    assert logins == ["admin", "bithu"]


def test_the_command_runs_once_and_then_only_prints_the_logins():
    assert STEPS[: len(CORE_STEPS)] == CORE_STEPS  # the committee comes first
    out = io.StringIO()
    call_command("seed_demo", "--scale", "0.02", stdout=out)
    assert "Done in" in out.getvalue()

    again = io.StringIO()
    call_command("seed_demo", "--once", stdout=again)
    assert "already present" in again.getvalue()
    assert "bithu" in again.getvalue() and DEMO_PASSWORD in again.getvalue()
    assert Organization.objects.filter(code="duk").count() == 1

    with pytest.raises(CommandError, match="already exist"):
        call_command("seed_demo", stdout=io.StringIO())


def test_an_existing_login_of_the_same_name_stops_the_seed_before_it_writes():
    User.objects.create_user(username="admin", password="an-admin-password-1")

    with pytest.raises(CommandError, match="admin"):
        call_command("seed_demo", "--scale", "0.02", stdout=io.StringIO())
    assert not Organization.objects.exists()


def test_a_bad_scale_is_refused():
    with pytest.raises(CommandError, match="--scale"):
        call_command("seed_demo", "--scale", "2", stdout=io.StringIO())


def test_the_totp_helper_prints_a_six_digit_code():
    out = io.StringIO()
    call_command("demo_totp", stdout=out)
    assert out.getvalue()[:6].isdigit()


def test_the_seed_and_the_readme_give_the_same_totp_command(small_demo):
    printed: list[str] = []
    print_logins(printed.append)
    readme = (Path(__file__).resolve().parents[3] / "README.md").read_text()
    assert any(DEMO_TOTP_COMMAND in line for line in printed)
    assert f"\n{DEMO_TOTP_COMMAND}\n" in readme


@pytest.mark.slow
def test_the_full_demo_has_the_whole_committee_and_loads_in_under_a_minute():
    # The seed's own CPU time: the wall clock also counts whatever else the machine runs.
    started = time.process_time()
    seed_demo(log=quiet)
    elapsed = time.process_time() - started

    assert elapsed < 60
    kinds = Counter(Organization.objects.values_list("kind", flat=True))
    assert kinds[OrganizationKind.GRASSROOTS_COMMITTEE] == 39
    assert kinds[OrganizationKind.GRASSROOTS_CELL] == 39
    assert Person.objects.count() >= 5300
    share = PartyMembership.objects.filter(status=MembershipStatus.CANDIDATE).count() / 5300
    assert 0.05 < share < 0.09
    # Some probations are over, so the committee's dashboard has reviews to show.
    over = PartyMembership.objects.filter(
        status=MembershipStatus.CANDIDATE,
        ceremony_date__lte=timezone.localdate() - dt.timedelta(days=366),
    )
    assert 10 <= over.count() <= 60
    # The portal's documents section holds the office's published documents, none classified.
    published = Document.objects.filter(published_at__isnull=False)
    assert published.count() == 8 and not published.filter(secrecy__gt=0).exists()
    # What the demo queued (certificates to seal, recall answers) is what `make run`'s worker
    # delivers next: none of it may fail.
    report = outbox_deliver(limit=5000)
    assert report.delivered > 0 and report.failed == 0 and report.retried == 0
