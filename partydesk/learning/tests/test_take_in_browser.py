"""Taking an exam in a real browser on a phone (issue 11; ADR 0021, the synchronized start):
the press answers with the attempt's page built from the cached sheet, the address bar
then names the attempt, an answer autosaves, and a reload asks for the attempt (not a new
start) and shows the answer; no CSP complaint, axe-core clean, the page fits the screen."""

from __future__ import annotations

import pytest

from partydesk.learning.models import Attempt
from partydesk.learning.selectors.exams import attempt_questions
from partydesk.learning.tests.exam_setup import an_exam, bank, learner
from partydesk.tests import test_pages_in_browser as pages
from partydesk.tests.test_pages_in_browser import PHONE, axe_violations, signed_in

pytestmark = pytest.mark.django_db(transaction=True)
browser = pages.browser  # the headless Chromium fixture of the main pages' walk


def test_a_learner_starts_answers_and_reloads_on_a_phone(tree, live_server, browser):  # type: ignore[no-untyped-def]
    user = learner(tree.committee_a, "hv")
    exam = an_exam(tree.committee_a, bank(tree.committee_a))
    page = signed_in(browser, live_server, user, PHONE)
    page.goto(f"{live_server.url}/learning/exams/{exam.pk}/take/")
    page.get_by_role("button", name="Bắt đầu hoặc tiếp tục làm bài").click()
    page.wait_for_url(f"{live_server.url}/learning/attempts/*/")
    attempt = Attempt.objects.get(user=user)
    assert page.url == f"{live_server.url}/learning/attempts/{attempt.pk}/"
    question = next(q for q in attempt_questions(attempt) if q.version.kind == "single")
    single, position = question.slot, question.options[0].position
    page.locator(f"#q{single}-{position}").check()
    page.locator(f"#saved-{single}").get_by_text("Đã lưu lúc").wait_for()
    page.reload()  # a GET of the attempt: no second start, the answer is there
    assert page.locator(f"#q{single}-{position}").is_checked()
    assert Attempt.objects.filter(user=user).count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert axe_violations(page) == []
    assert page.csp_problems == []  # type: ignore[attr-defined]
