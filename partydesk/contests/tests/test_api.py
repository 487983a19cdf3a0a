"""The contests API: organizers list their contests and rounds, read a round's ranking
(from the precomputed table) and statistics and the units' participation, and export the
results; takers list their own attempts. Another organization's contest or round is a JSON
404, a role without the capability a JSON 403, an id out of bounds a 422."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from partydesk.accounts.models import User
from partydesk.accounts.services.tokens import api_token_create
from partydesk.accounts.tests.factories import make_user
from partydesk.conftest import logged_in
from partydesk.contests import jobs
from partydesk.contests.models import Attempt, Registration, Round
from partydesk.contests.tests.test_certificates import _closed_contest
from partydesk.contests.tests.test_standings import T0
from partydesk.core.models import AuditEvent
from partydesk.core.workbook import XLSX_CONTENT_TYPE

pytestmark = pytest.mark.django_db
API = "/api/v1"


def _client(user: User) -> Client:
    _token, raw = api_token_create(user=user, name="test")
    return Client(headers={"Authorization": f"Bearer {raw}"})


def _json(response, status: int):  # type: ignore[no-untyped-def]
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    return response.json()


@pytest.fixture
def ranked(tree, bank_category):  # type: ignore[no-untyped-def]
    """Committee A's contest, its one round ranked for good: three people scoring 2, 1, 0."""
    contest, round_, people = _closed_contest(tree, bank_category)
    jobs.round_rank.enqueue(round_.pk, final=True)
    return contest, Round.objects.get(pk=round_.pk), people


def test_organizers_read_contests_rounds_ranking_statistics_and_units(
    organizer, ranked, django_assert_max_num_queries
):  # type: ignore[no-untyped-def]
    contest, round_, people = ranked
    api = _client(organizer)
    listed = _json(api.get(f"{API}/contests"), 200)
    assert [(c["id"], c["round_total"]) for c in listed["items"]] == [(contest.pk, 1)]
    assert _json(api.get(f"{API}/contests/{contest.pk}"), 200)["title"] == contest.title
    rounds = _json(api.get(f"{API}/contests/{contest.pk}/rounds"), 200)
    assert [(r["id"], r["number"], r["correct_count"]) for r in rounds] == [(round_.pk, 1, 1)]

    with django_assert_max_num_queries(8):  # the token, then one page of the table
        board = _json(api.get(f"{API}/contests/rounds/{round_.pk}/ranking"), 200)
    assert board["count"] == 3
    lines = [(s["position"], s["full_name"], s["score"], s["prize"]) for s in board["items"]]
    assert lines == [  # the first holds the contest's first prize: the round's passes on
        (1, people[0].full_name, 2, None),
        (2, people[1].full_name, 1, "Giải Nhất"),
        (3, people[2].full_name, 0, None),
    ]
    page = _json(api.get(f"{API}/contests/rounds/{round_.pk}/ranking?limit=1&offset=1"), 200)
    assert [s["position"] for s in page["items"]] == [2]

    stats = _json(api.get(f"{API}/contests/rounds/{round_.pk}/statistics"), 200)
    assert stats["attempts_started"] == stats["attempts_submitted"] == 3
    assert stats["people_ranked"] == 3 and stats["average_score"] == "1.00"
    assert stats["correct_count"] == 1 and stats["ranked_at"]
    assert stats["scores"] == [
        {"score": 0, "people": 1},
        {"score": 1, "people": 1},
        {"score": 2, "people": 1},
    ]
    units = _json(api.get(f"{API}/contests/{contest.pk}/units"), 200)
    visited = {u["name"]: (u["participants"], u["eligible"]) for u in units}
    assert visited["Công ty TNHH Điện tử Việt Hưng"] == (3, 40)


def test_the_results_export_is_the_pages_workbook_for_managers_only(tree, organizer, ranked):  # type: ignore[no-untyped-def]
    contest, _round, _people = ranked
    url = f"{API}/contests/{contest.pk}/results.xlsx"
    exported = _client(organizer).get(url)
    assert exported.status_code == 200 and exported.content[:2] == b"PK"
    assert exported["Content-Type"].startswith("application/vnd.openxmlformats")
    assert AuditEvent.objects.filter(action="contests.results.exported").count() == 1
    secretary = make_user(
        "secretary", organization=tree.committee_a, role="secretary", two_factor=True
    )
    _json(_client(secretary).get(url), 403)  # sees contests, does not manage them
    assert AuditEvent.objects.filter(action="contests.results.exported").count() == 1


def test_the_api_and_the_results_page_name_the_workbook_alike(organizer, ranked):  # type: ignore[no-untyped-def]
    contest, _round, _people = ranked
    api = _client(organizer).get(f"{API}/contests/{contest.pk}/results.xlsx")
    page = logged_in(organizer).get(f"/contests/{contest.pk}/results.xlsx")
    for exported in (api, page):
        assert exported.status_code == 200 and exported["Content-Type"] == XLSX_CONTENT_TYPE
        assert (
            exported["Content-Disposition"]
            == f'attachment; filename="contest-{contest.pk}-results.xlsx"'
        )


def test_another_organizations_contest_is_a_json_404_and_no_role_a_403(tree, ranked):  # type: ignore[no-untyped-def]
    contest, round_, _people = ranked
    eve = make_user("eve", organization=tree.committee_b, role="department_head", two_factor=True)
    api = _client(eve)
    assert _json(api.get(f"{API}/contests"), 200)["items"] == []
    for path in (
        f"/contests/{contest.pk}",
        f"/contests/{contest.pk}/rounds",
        f"/contests/{contest.pk}/units",
        f"/contests/{contest.pk}/results.xlsx",
        f"/contests/rounds/{round_.pk}/ranking",
        f"/contests/rounds/{round_.pk}/statistics",
    ):
        _json(api.get(f"{API}{path}"), 404)
    plain = make_user("plain", organization=tree.committee_a)  # no contests.view
    _json(_client(plain).get(f"{API}/contests"), 403)
    _json(_client(plain).get(f"{API}/contests/rounds/{round_.pk}/ranking"), 403)
    _json(api.get(f"{API}/contests/{2**63 + 5}"), 422)
    _json(api.get(f"{API}/contests/rounds/0/statistics"), 422)


def test_a_taker_lists_only_their_own_attempts(tree, ranked):  # type: ignore[no-untyped-def]
    contest, round_, people = ranked
    taker = make_user("taker", organization=tree.committee_a)
    Registration.objects.filter(pk=people[1].pk).update(user=taker)
    Attempt.objects.create(  # practice, not handed in: its score is not known yet
        round=round_,
        registration=people[1],
        number=1,
        practice=True,
        started_at=T0 + dt.timedelta(days=1),
        deadline=T0 + dt.timedelta(days=1, minutes=30),
        score=0,
    )
    mine = _json(_client(taker).get(f"{API}/contests/attempts/mine"), 200)
    assert [(a["practice"], a["score"], a["round_number"]) for a in mine["items"]] == [
        (True, None, 1),
        (False, 1, 1),
    ]
    assert mine["items"][0]["contest"] == contest.title
    nobody = make_user("nobody", organization=tree.committee_b)
    assert _json(_client(nobody).get(f"{API}/contests/attempts/mine"), 200)["items"] == []
