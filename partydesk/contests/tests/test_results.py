"""The organizers' results: leaderboards read from the table, collective scores, abuse
flags shown (not discarded), and disqualification recorded with its reason."""

from __future__ import annotations

import pytest

from partydesk.conftest import logged_in
from partydesk.contests import jobs
from partydesk.contests.models import Registration, Round, Standing, Unit
from partydesk.contests.selectors import DEVICE_REGISTRATIONS
from partydesk.contests.services.setup import contest_create, unit_add
from partydesk.contests.tests.test_standings import attempt, contest, person  # noqa: F401
from partydesk.core.http import SYSTEM
from partydesk.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def organizer_root(tree):
    from partydesk.accounts.tests.factories import make_user

    return make_user("org_root", organization=tree.root, role="department_head", two_factor=True)


def test_results_show_the_board_units_and_flags_and_a_disqualification_is_recorded(
    contest,  # noqa: F811
    organizer_root,
):
    r1 = Round.objects.get(contest=contest, number=1)
    may = Unit.objects.get(contest=contest, name="Công ty May")
    honest = person(contest, may, 1)
    bot = person(contest, may, 2)
    attempt(r1, honest, 1, 2, pred=1, secs=400)
    attempt(r1, bot, 1, 2, pred=1, secs=2)  # 2 questions in 2 s
    for n in range(DEVICE_REGISTRATIONS):
        row = person(contest, may, 10 + n)
        row.device = "same-browser"
        row.save()
    jobs.round_rank.enqueue(r1.pk)
    client = logged_in(organizer_root)
    page = client.get(f"/contests/{contest.pk}/results/").content.decode()
    assert "Người 1" in page and "Người 2" in page and "Người 14" in page
    assert page.count('action="/contests/registrations/') >= 1 + DEVICE_REGISTRATIONS

    refused = client.post(f"/contests/registrations/{bot.pk}/disqualify/", {"reason": "  "})
    assert refused.status_code == 302
    assert Registration.objects.get(pk=bot.pk).disqualified_reason == ""
    client.post(f"/contests/registrations/{bot.pk}/disqualify/", {"reason": "20 câu trong 2 giây"})
    assert Registration.objects.get(pk=bot.pk).disqualified_reason == "20 câu trong 2 giây"
    event = AuditEvent.objects.get(action="contests.registration.disqualified")
    assert event.details["reason"] == "20 câu trong 2 giây"
    jobs.round_rank.enqueue(r1.pk)
    assert list(Standing.objects.filter(round=r1).values_list("registration_id", flat=True)) == [
        honest.pk
    ]


def test_another_organizations_registration_is_not_found(tree, organizer_root):
    theirs = contest_create(actor=SYSTEM, organization=tree.committee_b, title="B", published=True)
    unit = Unit.objects.filter(contest=theirs).first()
    row = person(theirs, unit, 99)
    from partydesk.accounts.tests.factories import make_user

    outsider = make_user("org_a", organization=tree.committee_a, role="admin", two_factor=True)
    client = logged_in(outsider)
    assert (
        client.post(f"/contests/registrations/{row.pk}/disqualify/", {"reason": "x"}).status_code
        == 404
    )
    assert client.get(f"/contests/{theirs.pk}/results/").status_code == 404


def test_results_and_prizes_export_to_xlsx(contest, organizer_root):  # noqa: F811
    import io

    from openpyxl import load_workbook

    r1 = Round.objects.get(contest=contest, number=1)
    may = Unit.objects.get(contest=contest, name="Công ty May")
    may.name = '=HYPERLINK("http://x")'
    may.save()
    winner = person(contest, may, 1)
    attempt(r1, winner, 1, 2, pred=1)
    jobs.round_rank.enqueue(r1.pk, final=True)
    response = logged_in(organizer_root).get(f"/contests/{contest.pk}/results.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    first = book[book.sheetnames[0]]
    rows = list(first.iter_rows(values_only=True))
    assert rows[1][:3] == (1, "Người 1", '=HYPERLINK("http://x")')
    assert rows[1][7] == "Giải Nhất" or rows[1][7] == "First prize"
    assert first.cell(2, 3).data_type == "s"
    assert "Collective prizes" in book.sheetnames or "Giải tập thể" in book.sheetnames
    assert AuditEvent.objects.filter(action="contests.results.exported").count() == 1


def test_a_units_participation_rate_is_written_with_its_sign_in_vietnamese(
    contest,  # noqa: F811
    organizer_root,
):
    # Given a unit of three eligible people, one of whom took part (33.33%)
    r1 = Round.objects.get(contest=contest, number=1)
    small = unit_add(actor=SYSTEM, contest=contest, name="Chi bộ Thôn 3", eligible=3)
    attempt(r1, person(contest, small, 1), 1, 2, pred=1)
    jobs.round_rank.enqueue(r1.pk, final=True)
    # When the organizer opens the results in Vietnamese
    page = (
        logged_in(organizer_root)
        .get(f"/contests/{contest.pk}/results/", HTTP_ACCEPT_LANGUAGE="vi")
        .content.decode()
    )
    # Then the rate reads 33,33% in its cell: on a phone the cell is a card line under its own
    # label, away from the column head, so the number carries its sign
    assert '<td data-label="Tỷ lệ tham gia">33,33%</td>' in page
    assert "Tỷ lệ tham gia (%)" not in page


def test_collective_prizes_say_so_when_nobody_has_taken_part_yet(
    contest,  # noqa: F811
    organizer_root,
):
    # Given a contest whose units exist but whose rounds nobody has taken
    page = (
        logged_in(organizer_root)
        .get(f"/contests/{contest.pk}/results/", HTTP_ACCEPT_LANGUAGE="vi")
        .content.decode()
    )
    # Then the collective prizes say so in a sentence instead of a table of zeros
    assert "unit-scores" not in page
    assert "Chưa có ai tham gia." in page
