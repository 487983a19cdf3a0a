"""Public registration: a worker registers on a phone without an account; one registration
per ID per contest; too young, malformed and hostile input are refused on their field with
a clear message and the form keeps what was typed; the address is rate-limited; a member
finds their details filled in."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from partydesk.conftest import logged_in
from partydesk.contests.models import Registration, Unit
from partydesk.contests.services.setup import contest_create, unit_add
from partydesk.core.http import SYSTEM
from partydesk.core.models import AuditEvent
from partydesk.organizations.tests.factories import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def contest(tree):
    contest = contest_create(
        actor=SYSTEM, organization=tree.root, title="Tìm hiểu Luật PCTN", published=True
    )
    unit_add(actor=SYSTEM, contest=contest, name="Công ty May Việt Tiến", eligible=300)
    return contest


def form(contest, **changes):
    unit = Unit.objects.get(contest=contest, name="Công ty May Việt Tiến")
    return {
        "full_name": "Nguyễn Thị Hồng Nhung",
        "id_number": "001 190 012 345",
        "phone": "0912 345 678",
        "born_on": "1995-04-30",
        "unit": unit.pk,
        **changes,
    }


def test_a_worker_registers_without_an_account(contest):
    response = Client().post(f"/contests/{contest.pk}/register/", form(contest))
    assert response.status_code == 201
    row = Registration.objects.get()
    assert (row.full_name, row.id_number, row.phone) == (
        "Nguyễn Thị Hồng Nhung",
        "001190012345",
        "0912345678",
    )
    assert row.device and "pd_device" in response.cookies
    assert AuditEvent.objects.filter(action="contests.registration.created").count() == 1


def test_one_registration_per_id_per_contest(contest):
    client = Client()
    client.post(f"/contests/{contest.pk}/register/", form(contest))
    again = client.post(
        f"/contests/{contest.pk}/register/", form(contest, id_number="001190012345")
    )
    assert again.status_code == 400
    assert "already registered" in again.content.decode()
    assert Registration.objects.count() == 1


def test_under_the_age_limit_is_refused(contest):
    born = dt.date.today().replace(year=dt.date.today().year - 15)
    response = Client().post(
        f"/contests/{contest.pk}/register/", form(contest, born_on=born.isoformat())
    )
    assert response.status_code == 400
    assert "16 or older" in response.content.decode()
    assert not Registration.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("full_name", "<script>alert(1)</script>", "letters, spaces"),
        ("full_name", "Robert'); DROP TABLE contests_registration;--", "letters, spaces"),
        ("full_name", "A\u0000B", "Null characters are not allowed"),
        ("id_number", "12345", "12 digits"),
        ("id_number", "' OR 1=1 --", "12 digits"),
        ("phone", "call me", "0912 345 678"),
        ("phone", "0" * 40, "0912 345 678"),
        ("born_on", "30/02/1990", "valid date"),
        ("unit", "999999", "valid choice"),
    ],
)
def test_malformed_and_hostile_input_gets_a_clear_message_and_keeps_the_input(
    contest, field, value, message
):
    response = Client().post(f"/contests/{contest.pk}/register/", form(contest, **{field: value}))
    page = response.content.decode()
    assert response.status_code == 400
    assert message in page
    assert "Nguyễn Thị Hồng Nhung" in page or field == "full_name"
    assert "<script>alert(1)</script>" not in page
    assert not Registration.objects.exists()


def test_a_passport_is_accepted_for_people_abroad(contest):
    response = Client().post(
        f"/contests/{contest.pk}/register/", form(contest, id_number="c 1234567")
    )
    assert response.status_code == 201
    assert Registration.objects.get().id_number == "C1234567"


def test_the_address_is_rate_limited(contest, settings):
    settings.PARTYDESK_CONTESTS_REGISTER_RATE_PER_MINUTE = 2
    client = Client()
    for n in range(2):
        client.post(f"/contests/{contest.pk}/register/", form(contest, id_number=f"00119001234{n}"))
    refused = client.post(
        f"/contests/{contest.pk}/register/", form(contest, id_number="001190012349")
    )
    assert refused.status_code == 429
    assert "001190012349" in refused.content.decode()
    assert Registration.objects.count() == 2


def test_an_unpublished_contest_has_no_registration(tree):
    draft = contest_create(actor=SYSTEM, organization=tree.root, title="Nháp")
    assert Client().get(f"/contests/{draft.pk}/register/").status_code == 404


def test_a_logged_in_member_finds_their_details_filled_in(tree, contest, alice):
    alice.person = make_person(
        tree.committee_a,
        "Trần Văn An",
        citizen_id="001088001122",
        phone="0987654321",
        birth_date=dt.date(1988, 5, 19),
    )
    alice.save(update_fields=["person"])
    page = logged_in(alice).get(f"/contests/{contest.pk}/register/").content.decode()
    assert "Trần Văn An" in page and "001088001122" in page and "1988-05-19" in page


def test_the_public_board_shows_the_top_and_the_registered_persons_own_rank(contest):
    from partydesk.contests import jobs
    from partydesk.contests.models import Round, Standing
    from partydesk.contests.services.setup import round_create
    from partydesk.contests.tests.test_standings import T0, attempt, person

    round_ = round_create(
        actor=SYSTEM,
        contest=contest,
        opens_at=T0,
        closes_at=T0 + dt.timedelta(days=7),
        category_ids=[1],
        question_count=2,
    )
    unit = Unit.objects.get(contest=contest, name="Công ty May Việt Tiến")
    client = Client()
    client.post(f"/contests/{contest.pk}/register/", form(contest))
    me = Registration.objects.get()
    other = person(contest, unit, 7)
    attempt(round_, other, 1, 2, pred=1)
    attempt(round_, me, 1, 1, pred=1)
    jobs.round_rank.enqueue(round_.pk)
    assert Standing.objects.filter(round=round_).count() == 2
    page = client.get(f"/contests/rounds/{round_.pk}/leaderboard/").content.decode()
    assert "Người 7" in page and "Nguyễn Thị Hồng Nhung" in page
    assert 'aria-current="true"' in page
    assert "001190012345" not in page and "0912345678" not in page
    stranger = Client().get(f"/contests/rounds/{round_.pk}/leaderboard/").content.decode()
    assert 'aria-current="true"' not in stranger
    assert Round.objects.filter(pk=round_.pk).exists()


def test_an_unpublished_contests_board_is_not_found(tree):
    from partydesk.contests.services.setup import round_create
    from partydesk.contests.tests.test_standings import T0

    draft = contest_create(actor=SYSTEM, organization=tree.root, title="Nháp")
    round_ = round_create(
        actor=SYSTEM,
        contest=draft,
        opens_at=T0,
        closes_at=T0 + dt.timedelta(days=1),
        category_ids=[1],
    )
    assert Client().get(f"/contests/rounds/{round_.pk}/leaderboard/").status_code == 404
