"""The results workbook read as the organizer reads it beside the results page: each
column says what its figures are."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from partydesk.conftest import logged_in
from partydesk.contests import jobs
from partydesk.contests.models import Round, Unit
from partydesk.contests.tests.test_results import organizer_root  # noqa: F401
from partydesk.contests.tests.test_standings import attempt, contest, person  # noqa: F401

pytestmark = pytest.mark.django_db


def test_the_whole_contest_sheet_gives_the_predictions_distance_not_a_prediction(
    contest,  # noqa: F811
    organizer_root,  # noqa: F811
):
    r1, r2 = Round.objects.filter(contest=contest).order_by("number")
    may = Unit.objects.get(contest=contest, name="Công ty May")
    one = person(contest, may, 1)
    attempt(r1, one, 1, 2, pred=40)  # the real count is 1: 39 away
    attempt(r2, person(contest, may, 2), 1, 2, pred=1)  # exact
    jobs.round_rank.enqueue(r1.pk, final=True)
    jobs.round_rank.enqueue(r2.pk, final=True)
    response = logged_in(organizer_root).get(f"/contests/{contest.pk}/results.xlsx")
    book = load_workbook(io.BytesIO(response.content))
    round_rows = list(book[book.sheetnames[0]].iter_rows(values_only=True))
    assert round_rows[0][5] == "Prediction" and round_rows[1][5] == 40
    whole = list(book["The whole contest"].iter_rows(values_only=True))
    # The figure here is how far the prediction was (rounds have different real counts),
    # so the column says so: "Prediction" over 0 and 39 read as guesses of 0 and 39.
    assert [row[5] for row in whole[1:]] == [0, 39]
    assert whole[0][5] == "Prediction's distance from the real count"
    units = list(book["Collective prizes"].iter_rows(values_only=True))
    assert units[0][3] == "Participation rate (%)"  # 50.0 is per cent, as on the page
    assert units[1][3] == 50.0


def test_rounds_titled_with_a_colon_or_alike_each_get_their_own_sheet(
    contest,  # noqa: F811
    organizer_root,  # noqa: F811
):
    r1, r2 = Round.objects.filter(contest=contest).order_by("number")
    # A colon is how titles are written here ("Vòng 1: ..."), and Excel refuses it in a
    # sheet's name: the export was a 500. Two titles alike in their first 31 characters
    # (a sheet name's limit) must not come out as "…" and "…1".
    Round.objects.filter(pk=r1.pk).update(title="Vòng 1: Tìm hiểu Luật Phòng, chống tham nhũng")
    Round.objects.filter(pk=r2.pk).update(title="Vòng 1: Tìm hiểu Luật Phòng, chống tham nhũng?")
    response = logged_in(organizer_root).get(f"/contests/{contest.pk}/results.xlsx")
    assert response.status_code == 200
    names = load_workbook(io.BytesIO(response.content)).sheetnames
    assert names[:2] == ["1. Vòng 1 - Tìm hiểu Luật Phòng", "2. Vòng 1 - Tìm hiểu Luật Phòng"]


def test_an_untitled_round_keeps_its_plain_name(contest, organizer_root):  # noqa: F811
    response = logged_in(organizer_root).get(f"/contests/{contest.pk}/results.xlsx")
    names = load_workbook(io.BytesIO(response.content)).sheetnames
    assert names[:2] == ["Round 1", "Round 2"]
