"""The lean start in a real browser on a phone, in Vietnamese: the take page's "start" posts
to the lean route, which answers with the attempt's page (its address then the attempt's
own); an answer goes through the live endpoint; the page passes axe-core, fits a phone and
a laptop and breaks no CSP rule; a press after the round closed gets the refusal page."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlparse

import pytest
from django.utils import timezone

from partydesk.contests.models import Answer, Attempt, Round
from partydesk.contests.tests.test_take_in_browser import hand_in, register, tick
from partydesk.tests import test_pages_in_browser as pages
from partydesk.tests.test_pages_in_browser import LAPTOP, PHONE, page_checked

pytestmark = pytest.mark.django_db(transaction=True)
browser = pages.browser  # the headless Chromium fixture of the main pages' walk


def test_a_taker_presses_start_and_answers_through_the_lean_routes(  # type: ignore[no-untyped-def]
    open_round, live_server, browser
):
    context = browser.new_context(viewport=PHONE, locale="vi-VN")
    page = context.new_page()
    posts: list[str] = []
    page.on(
        "request",
        lambda r: posts.append(urlparse(r.url).path) if r.method == "POST" else None,
    )
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.csp_problems = problems
    register(page, live_server.url, open_round, "Lê Thị Thu Hà", "001190054321")

    page.get_by_role("button", name="Bắt đầu thi").click()
    page.locator("#confirm-dialog [data-confirm-ok]").click()
    page.wait_for_url("**/contests/attempts/*/")  # the page names the attempt's address
    attempt = Attempt.objects.get()
    assert page.url.endswith(f"/contests/attempts/{attempt.pk}/")
    assert "/contests/live/start" in posts and not [p for p in posts if p.endswith("/start/")]
    assert page.locator("nav#sidenav").count() == 0  # the lean frame: no menu
    page.get_by_role("button", name="Nộp bài").wait_for()
    page_checked(page, "contests-lean-start")

    tick(page, 0, 0)  # through the live endpoint, not the card's form
    assert "/contests/live/answers" in posts and not [p for p in posts if "/answers/" in p]
    stored = Answer.objects.get(attempt=attempt, slot=0)
    assert stored.chosen == [0]
    page.set_viewport_size(LAPTOP)
    page_checked(page, "contests-lean-start")

    page.reload()  # the reload is Django's attempt page, with the answer kept
    assert page.locator("input[name=chosen]:checked").count() == 1
    page.set_viewport_size(PHONE)
    page.fill("#prediction", "40")
    hand_in(page)  # the hand-in posts to Django's view with the lean page's CSRF token
    attempt.refresh_from_db()
    assert attempt.submitted_at is not None and attempt.prediction == 40

    page.get_by_role("link", name="Về các đợt thi").click()
    closed = timezone.now() - dt.timedelta(seconds=1)
    Round.objects.filter(pk=open_round.pk).update(closes_at=closed)
    page.get_by_role("button", name="Thi lượt tiếp").click()
    page.locator("#confirm-dialog [data-confirm-ok]").click()
    page.get_by_text("Đợt thi hiện không mở.").wait_for()
    refused = [p for p in problems if "status of 409" in p]  # Chromium logs the 409 itself
    assert len(refused) == 1
    problems.remove(refused[0])
    page_checked(page, "contests-lean-start-refused")
    page.get_by_role("link", name="Về các đợt thi").click()
    page.wait_for_url(f"**/contests/{open_round.contest_id}/take/")
    assert Attempt.objects.count() == 1
    context.close()
