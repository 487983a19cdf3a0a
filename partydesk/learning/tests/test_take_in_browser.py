"""Taking an exam in a real browser (issue 11; ADR 0021, the synchronized start): the start
page's plain form posts to the lean start, which answers with the attempt's first page in
its own layout (no menu), built from the cached sheet; the address bar then names the
attempt, the first question's answer autosaves through Django's answer view with the lean
page's CSRF token, and a reload asks for the attempt (not a new start) and shows it. No CSP
complaint, axe-core clean and the page fits the screen, on a phone and a laptop."""

from __future__ import annotations

import pytest

from partydesk.learning.models import Attempt
from partydesk.learning.selectors.exams import attempt_questions
from partydesk.learning.tests.exam_setup import an_exam, bank, learner
from partydesk.tests import test_pages_in_browser as pages
from partydesk.tests.test_pages_in_browser import LAPTOP, PHONE, page_checked, signed_in

pytestmark = pytest.mark.django_db(transaction=True)
browser = pages.browser  # the headless Chromium fixture of the main pages' walk


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_a_learner_starts_answers_question_one_and_reloads(tree, live_server, browser, viewport):  # type: ignore[no-untyped-def]
    user = learner(tree.committee_a, "hv")
    exam = an_exam(tree.committee_a, bank(tree.committee_a))
    page = signed_in(browser, live_server, user, viewport)
    page.goto(f"{live_server.url}/learning/exams/{exam.pk}/take/")
    with page.expect_response(f"{live_server.url}/learning/live/start") as pressed:
        page.get_by_role("button", name="Bắt đầu hoặc tiếp tục làm bài").click()
    assert pressed.value.status == 200
    page.wait_for_url(f"{live_server.url}/learning/attempts/*/")
    attempt = Attempt.objects.get(user=user)
    assert page.url == f"{live_server.url}/learning/attempts/{attempt.pk}/"
    assert page.locator("#sidenav").count() == 0  # the lean layout: no menu
    page_checked(page, "learning-lean-start")
    first = attempt_questions(attempt)[0]
    # The draw's order is random: a typed answer's options are its key, never shown.
    chosen = first.version.kind not in ("short", "essay")
    if chosen:
        answer = page.locator(f"#q0-{first.options[0].position}")
        answer.check()
    else:
        answer = page.locator("#text-0")
        answer.fill("tập trung dân chủ")
        answer.press("Tab")
    page.locator("#saved-0").get_by_text("Đã lưu lúc").wait_for()
    page.reload()  # a GET of the attempt: no second start, the answer is there
    if chosen:
        assert answer.is_checked()
    else:
        assert answer.input_value() == "tập trung dân chủ"
    assert Attempt.objects.filter(user=user).count() == 1
    assert attempt.answers.filter(slot=0).exists()
    assert page.csp_problems == []  # type: ignore[attr-defined]
