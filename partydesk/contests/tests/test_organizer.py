"""The organizer's pages: a contest with its default units and prizes, rounds with their
defaults, free units and prize lines; another organization's contest is not found."""

from __future__ import annotations

import pytest

from partydesk.conftest import logged_in
from partydesk.contests.models import Contest, PrizeTier, Round, Unit
from partydesk.contests.services.setup import contest_create, round_create
from partydesk.core.http import SYSTEM
from partydesk.core.models import AuditEvent

pytestmark = pytest.mark.django_db

ROUND = {
    "title": "Tuần 1",
    "opens_at": "2026-11-09T07:00",
    "closes_at": "2026-11-15T21:00",
    "question_count": 20,
    "time_limit_minutes": 30,
    "attempts_allowed": 3,
    "prediction_question": "Có bao nhiêu người trả lời đúng tất cả các câu hỏi?",
}


def test_a_new_contest_starts_with_the_grassroots_units_and_the_default_prizes(tree, organizer):
    client = logged_in(organizer)
    response = client.post(
        "/contests/new/",
        {
            "title": "Tìm hiểu pháp luật về phòng, chống tham nhũng",
            "rules": "<p>Thể lệ <b>cuộc thi</b></p><script>alert(1)</script>",
            "audience": "anyone",
            "min_age": 16,
            "participation_points": "1",
        },
    )
    contest = Contest.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/contests/{contest.pk}/"
    assert contest.rules == "<p>Thể lệ <b>cuộc thi</b></p>"
    assert contest.organization == tree.committee_a
    # committee A is grassroots with no grassroots below: it is its own unit
    assert [u.organization for u in Unit.objects.filter(contest=contest)] == [tree.committee_a]
    assert [(t.rank, t.count, t.points) for t in PrizeTier.objects.filter(contest=contest)] == [
        (1, 1, 10),
        (2, 5, 8),
        (3, 10, 6),
        (4, 20, 4),
    ]
    assert AuditEvent.objects.filter(action="contests.contest.created").count() == 1
    page = client.get(f"/contests/{contest.pk}/")
    assert "Thể lệ" in page.content.decode() and "<script>" not in page.content.decode()


def test_the_upper_committee_lists_its_grassroots_organizations(tree):
    contest = contest_create(actor=SYSTEM, organization=tree.root, title="Thi Khối")
    names = sorted(u.organization_id or 0 for u in Unit.objects.filter(contest=contest))
    assert names == sorted([tree.committee_a.pk, tree.committee_b.pk])


def test_a_round_takes_its_defaults_and_its_categories(tree, organizer, bank_category):
    contest = contest_create(actor=SYSTEM, organization=tree.committee_a, title="Thi")
    client = logged_in(organizer)
    form = client.get(f"/contests/{contest.pk}/rounds/new/").content.decode()
    assert 'value="20"' in form and 'value="30"' in form and 'value="3"' in form
    response = client.post(
        f"/contests/{contest.pk}/rounds/new/", {**ROUND, "category_ids": [bank_category]}
    )
    assert response.status_code == 302
    made = Round.objects.get()
    assert (made.number, made.category_ids, made.attempts_allowed) == (1, [bank_category], 3)
    assert PrizeTier.objects.filter(round=made).count() == 4


def test_a_round_that_closes_before_it_opens_is_refused_and_keeps_the_input(
    tree, organizer, bank_category
):
    contest = contest_create(actor=SYSTEM, organization=tree.committee_a, title="Thi")
    response = logged_in(organizer).post(
        f"/contests/{contest.pk}/rounds/new/",
        {**ROUND, "closes_at": "2026-11-01T07:00", "category_ids": [bank_category]},
    )
    assert response.status_code == 400
    assert "Tuần 1" in response.content.decode()
    assert not Round.objects.exists()


def test_free_units_and_prize_lines(tree, organizer, bank_category):
    contest = contest_create(actor=SYSTEM, organization=tree.committee_a, title="Thi")
    client = logged_in(organizer)
    client.post(f"/contests/{contest.pk}/units/add/", {"name": "Công ty May 10", "eligible": 120})
    assert Unit.objects.filter(contest=contest, organization=None, eligible=120).exists()
    again = client.post(
        f"/contests/{contest.pk}/units/add/", {"name": "Công ty May 10", "eligible": 1}
    )
    assert again.status_code == 400
    client.post(
        f"/contests/{contest.pk}/prizes/", {"rank": 4, "count": 0, "points": 0, "round": ""}
    )
    client.post(
        f"/contests/{contest.pk}/prizes/", {"rank": 1, "count": 4, "points": 12, "round": ""}
    )
    lines = PrizeTier.objects.filter(contest=contest, round=None)
    assert [(t.rank, t.count, t.points) for t in lines] == [(1, 4, 12), (2, 5, 8), (3, 10, 6)]


def test_editing_a_round_is_audited(tree, organizer, bank_category):
    contest = contest_create(actor=SYSTEM, organization=tree.committee_a, title="Thi")
    made = round_create(
        actor=SYSTEM,
        contest=contest,
        opens_at="2026-11-09T07:00Z",
        closes_at="2026-11-15T21:00Z",
        category_ids=[bank_category],
    )
    made.refresh_from_db()
    response = logged_in(organizer).post(
        f"/contests/rounds/{made.pk}/edit/",
        {**ROUND, "attempts_allowed": 5, "category_ids": [bank_category]},
    )
    assert response.status_code == 302
    made.refresh_from_db()
    assert made.attempts_allowed == 5
    event = AuditEvent.objects.get(action="contests.round.changed")
    assert "attempts_allowed" in event.details["fields"]


def test_another_organizations_contest_is_not_found(tree, eve_client, organizer):
    theirs = contest_create(actor=SYSTEM, organization=tree.committee_b, title="Của B")
    client = logged_in(organizer)
    assert client.get(f"/contests/{theirs.pk}/").status_code == 404
    assert client.get(f"/contests/{theirs.pk}/edit/").status_code == 404
    assert "Của B" not in client.get("/contests/").content.decode()


def test_a_reader_without_the_organizer_role_cannot_change_a_contest(tree, alice_client):
    contest = contest_create(actor=SYSTEM, organization=tree.committee_a, title="Thi")
    assert alice_client.get(f"/contests/{contest.pk}/edit/").status_code == 403
