"""The taker's page saves answers through the lean endpoint (static/contests/answers.js), in
a real browser: answers given in a row go in one request with their per-slot numbers, a
reload shows them kept and numbers on from the stored ones, requests lost on the network
are sent again until the server holds the last answer of each slot and its number, and an
attempt handed in elsewhere says so instead of pretending to save."""

from __future__ import annotations

import json
from typing import Any

import pytest

from partydesk.contests import jobs
from partydesk.contests.models import Answer, Attempt, Round, Unit
from partydesk.contests.services.taking import attempt_start, attempt_submit
from partydesk.contests.tests.test_results import organizer_root  # noqa: F401 (fixture)
from partydesk.contests.tests.test_standings import attempt, contest, person  # noqa: F401
from partydesk.tests import test_pages_in_browser as pages
from partydesk.tests.test_browser import live_server_screenshot_dir
from partydesk.tests.test_pages_in_browser import PHONE, axe_violations, signed_in

pytestmark = pytest.mark.django_db(transaction=True)
browser = pages.browser  # the headless Chromium fixture of the main pages' walk
LIVE = "/contests/live/answers"


def on_attempt_page(browser, live_server, round_: Round):  # type: ignore[no-untyped-def]
    """A taker with an attempt in progress, on its page in a phone's browser (English),
    every answer request recorded: (page, attempt, bodies sent to the lean endpoint,
    answers posted through the form's view)."""
    unit = Unit.objects.filter(contest=round_.contest).first()
    registration = person(round_.contest, unit, 1)
    attempt = attempt_start(registration=registration, round_=round_)
    context = browser.new_context(viewport=PHONE, locale="en-GB")
    page = context.new_page()
    sent: list[dict[str, Any]] = []
    by_form: list[str] = []

    def seen(request: Any) -> None:
        if request.url.endswith(LIVE):
            sent.append(json.loads(request.post_data))
        elif "/answers/" in request.url:
            by_form.append(request.url)

    page.on("request", seen)
    problems: list[str] = []  # a script the CSP blocked would say so here
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.csp_problems = problems
    page.goto(f"{live_server.url}/contests/{round_.contest_id}/take/")
    page.fill("[name=id_number]", registration.id_number)
    page.fill("[name=born_on]", "1990-01-01")
    page.get_by_role("button", name="Continue").click()
    page.goto(f"{live_server.url}/contests/attempts/{attempt.pk}/")
    return page, attempt, sent, by_form


def all_saved(page) -> None:  # type: ignore[no-untyped-def]
    page.locator("[data-live-status]").get_by_text("All your answers are saved.").wait_for(
        timeout=30_000
    )


def stored(attempt: Attempt) -> dict[int, tuple[list[int], int]]:
    return {a.slot: (a.chosen, a.seq) for a in Answer.objects.filter(attempt=attempt)}


def test_answers_in_a_row_go_together_and_a_reload_keeps_them(  # type: ignore[no-untyped-def]
    open_round, live_server, browser
):
    page, attempt, sent, by_form = on_attempt_page(browser, live_server, open_round)
    for position in (1, 0, 1):  # the taker changes their mind twice on question 1
        page.locator(f"#q0-{position}").check()
    page.locator("#q1-0").check()
    all_saved(page)
    assert stored(attempt) == {0: ([1], 3), 1: ([0], 1)}
    assert by_form == []  # nothing went through the form's view
    assert any(len(body["answers"]) > 1 for body in sent)  # batched
    assert all(body["token"] for body in sent)
    assert axe_violations(page) == [] and page.csp_problems == []
    page.screenshot(path=str(live_server_screenshot_dir() / "phone-contest-answers.png"))

    page.reload()
    assert page.locator("#q0-1").is_checked() and page.locator("#q1-0").is_checked()
    page.locator("#q0-0").check()  # numbered on from the stored 3
    all_saved(page)
    assert stored(attempt)[0] == ([0], 4)
    page.context.close()


def test_lost_requests_are_sent_again_until_the_server_holds_the_last_answer(  # type: ignore[no-untyped-def]
    open_round, live_server, browser
):
    page, attempt, sent, _by_form = on_attempt_page(browser, live_server, open_round)
    lost = {"left": 2}

    def flaky(route: Any) -> None:
        if lost["left"]:
            lost["left"] -= 1
            route.abort("internetdisconnected")
        else:
            route.continue_()

    page.route(f"**{LIVE}", flaky)
    page.locator("#q0-0").check()
    page.locator("[data-live-status]").get_by_text("not saved yet").wait_for()
    for position in (1, 0, 1, 0):
        page.locator(f"#q2-{position}").check()
    page.locator("#q0-1").check()
    all_saved(page)
    last = {
        answer["slot"]: (answer["chosen"], answer["seq"])
        for body in sent
        for answer in body["answers"]
    }
    assert stored(attempt) == last == {0: ([1], 2), 2: ([0], 4)}

    # Handed in elsewhere (another tab): the page says so and stops, nothing is saved.
    attempt_submit(attempt=attempt)
    page.locator("#q1-0").check()
    page.get_by_role("link", name="See the result").wait_for()
    assert page.locator("#q1-1").is_disabled()
    assert 1 not in stored(attempt)
    page.context.close()


def test_the_organizers_charts_pass_axe_and_fit_a_phone(  # type: ignore[no-untyped-def]
    contest,  # noqa: F811
    organizer_root,  # noqa: F811
    live_server,
    browser,
):
    r1 = Round.objects.get(contest=contest, number=1)
    unit = Unit.objects.get(contest=contest, name="Công ty May")
    for n in range(12):
        attempt(r1, person(contest, unit, n), 1, n % 3, secs=60 + 7 * n, at=n // 2)
    jobs.round_rank.enqueue(r1.pk)
    page = signed_in(browser, live_server, organizer_root, PHONE)
    page.goto(f"{live_server.url}/contests/{contest.pk}/results/")
    page.get_by_text("Số bài nộp mỗi phút").wait_for()
    assert page.locator("svg.chart-svg rect.chart-bar").count() == 60 + 3
    page.locator("details.chart-figures summary").first.click()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert axe_violations(page) == [] and page.csp_problems == []
    page.screenshot(
        path=str(live_server_screenshot_dir() / "phone-contest-charts.png"), full_page=True
    )
    page.context.close()
