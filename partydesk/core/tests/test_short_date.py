"""A shortened date carries its year whenever the year is not the current one."""

import datetime as dt

import pytest
from django.template import Context, Template
from django.utils import timezone, translation


def render(value: object) -> str:
    return Template("{% load dates %}{{ value|short_date }}").render(Context({"value": value}))


@pytest.mark.parametrize("language", ["en", "vi"])
def test_an_overdue_date_from_last_year_shows_its_year(language: str):
    last_year = timezone.localdate().year - 1
    with translation.override(language):
        assert render(dt.date(last_year, 12, 25)) == f"25/12/{last_year}"


def test_a_date_this_year_stays_short():
    this_year = timezone.localdate().year
    assert render(dt.date(this_year, 3, 5)) == "05/03"


def test_a_moment_is_read_in_local_time_and_nothing_shows_as_empty():
    this_year = timezone.localdate().year
    moment = dt.datetime(this_year - 2, 12, 31, 20, 0, tzinfo=dt.UTC)  # 1 January in Hanoi
    assert render(moment) == f"01/01/{this_year - 1}"
    assert render(None) == ""
