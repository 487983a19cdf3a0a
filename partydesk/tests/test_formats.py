"""Dates read day/month/year in both languages, on screen and when typed."""

import datetime as dt

import pytest
from django import forms
from django.utils import formats, translation


@pytest.mark.parametrize("language", ["en", "vi"])
def test_a_short_date_shows_day_first(language: str):
    with translation.override(language):
        assert formats.date_format(dt.date(2026, 11, 5), "SHORT_DATE_FORMAT") == "05/11/2026"


@pytest.mark.parametrize("language", ["en", "vi"])
def test_a_typed_date_is_read_day_first(language: str):
    with translation.override(language):
        field = forms.DateField()
        assert field.clean("05/11/2026") == dt.date(2026, 11, 5)
        assert field.clean("2026-11-05") == dt.date(2026, 11, 5)
