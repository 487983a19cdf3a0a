"""Every description list a template marks with a class is laid out by a stylesheet: a
`<dl class="details">` that no stylesheet knew showed its labels and values as the browser's
bare list (each value indented under its label) on the class, course, exam, question and
certificate pages, where the rest of the office uses `dl.facts` (a two-column grid). And the
facts stand apart from what follows them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings

from partydesk.tests import test_pages_in_browser as pages
from partydesk.tests.test_pages_in_browser import LAPTOP, desk, signed_in  # noqa: F401

browser = pages.browser  # the headless Chromium fixture of the main pages' walk

ROOT = Path(settings.BASE_DIR)
DL_CLASSES = re.compile(r"<dl\b[^>]*\bclass=\"([^\"{]+)\"")


def _templates() -> list[Path]:
    return [*ROOT.glob("partydesk/*/templates/**/*.html"), *ROOT.glob("templates/**/*.html")]


def _styled_classes() -> set[str]:
    sheets = [*ROOT.glob("partydesk/*/static/**/*.css"), *ROOT.glob("static/**/*.css")]
    text = "\n".join(sheet.read_text("utf-8") for sheet in sheets)
    return set(re.findall(r"\.([A-Za-z][\w-]*)", text))


def test_every_description_list_class_has_a_style():
    styled = _styled_classes()
    unstyled = {
        f"{template.relative_to(ROOT)}: {name}"
        for template in _templates()
        for classes in DL_CLASSES.findall(template.read_text("utf-8"))
        for name in classes.split()
        if name not in styled
    }
    assert sorted(unstyled) == []


@pytest.mark.django_db(transaction=True)
def test_facts_stand_apart_from_what_follows_them(desk, live_server, browser):  # type: ignore[no-untyped-def]  # noqa: F811
    # The question's facts are followed by its versions' card: they touched it.
    page = signed_in(browser, live_server, desk.clerk, LAPTOP)
    page.goto(f"{live_server.url}/learning/bank/questions/{desk.question_id}/")
    gap = page.evaluate(
        """() => { const facts = document.querySelector('main dl.facts');
        return facts.nextElementSibling.getBoundingClientRect().top
          - facts.getBoundingClientRect().bottom; }"""
    )
    assert gap >= 12
