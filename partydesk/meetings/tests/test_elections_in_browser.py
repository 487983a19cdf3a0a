"""The election pages in a real browser on a phone, in Vietnamese: the board's entry page
with a mismatch to resolve, the counted result, the electronic ballot page; each passes
axe-core and fits the screen, and the board enters a ballot with the keyboard."""

from __future__ import annotations

import pytest

from partydesk.meetings import belenios
from partydesk.meetings.services.electronic import electronic_open
from partydesk.meetings.services.paper_ballots import (
    ballot_enter,
    paper_close,
    paper_count,
    paper_open,
)
from partydesk.meetings.services.trustees import trustee_add
from partydesk.meetings.tests.test_elections import NAMES, board_meeting, paper_election
from partydesk.meetings.tests.test_electronic import name_trustees
from partydesk.meetings.tests.test_meetings import As
from partydesk.tests import test_pages_in_browser as pages
from partydesk.tests.test_pages_in_browser import PHONE, axe_violations, signed_in

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not belenios.available(), reason="belenios-tool is not installed (make system-deps)"
    ),
]
browser = pages.browser


def checked_and_fits(page) -> None:  # type: ignore[no-untyped-def]
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert axe_violations(page) == []
    assert page.csp_problems == []


def test_the_election_pages_on_a_phone(tree, alice, bob, live_server, browser):  # type: ignore[no-untyped-def]
    meeting = board_meeting(tree, alice, bob)
    paper = paper_election(meeting)
    paper_open(actor=As(alice), election=paper)
    paper_close(actor=As(alice), election=paper)
    ids = list(paper.candidates.values_list("pk", flat=True))
    ballot_enter(actor=As(alice), election=paper, number=1, kept=ids[:2], spoiled=False)
    ballot_enter(actor=As(bob), election=paper, number=1, kept=ids[:3], spoiled=False)
    ballot_enter(actor=As(alice), election=paper, number=2, kept=ids[:9], spoiled=False)
    electronic = paper_election(meeting, method="electronic", title="Bầu Bí thư")
    name_trustees(electronic, alice, [alice, bob])
    electronic_open(actor=As(alice), election=electronic)
    draft = paper_election(meeting, method="electronic", title="Bầu Phó Bí thư")
    trustee_add(actor=As(alice), election=draft, user_id=bob.pk)

    page = signed_in(browser, live_server, bob, PHONE)
    page.goto(f"{live_server.url}/meetings/{meeting.pk}/elections/{paper.pk}/")
    page.get_by_text("Các phiếu nhập không khớp").wait_for()
    checked_and_fits(page)
    page.fill("#ballot-number", "2")
    for name in NAMES[:9]:
        page.get_by_label(name, exact=True).first.check()
    page.get_by_role("button", name="Nhập phiếu").press("Enter")
    page.get_by_text("Đã nhập phiếu 2.").wait_for()

    page.goto(f"{live_server.url}/meetings/{meeting.pk}/elections/{electronic.pk}/")
    page.get_by_text("Cách bỏ phiếu kín này vận hành").wait_for()
    checked_and_fits(page)
    page.get_by_role("link", name="Bỏ phiếu", exact=True).click()
    page.wait_for_url("**/ballot/")
    checked_and_fits(page)

    # A trustee makes their key from the keyboard; the private key comes as a download.
    page.goto(f"{live_server.url}/meetings/{meeting.pk}/elections/{draft.pk}/")
    checked_and_fits(page)
    page.get_by_role("link", name="Trang người giữ khóa của tôi").press("Enter")
    page.wait_for_url("**/trustee/")
    checked_and_fits(page)
    page.get_by_role("button", name="Tạo khóa và tải khóa bí mật về").focus()
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename.endswith(".privkey")


def test_the_counted_report_on_a_phone(tree, alice, bob, live_server, browser):  # type: ignore[no-untyped-def]
    """The board's report fits a phone: each candidate a card (its five-column table made
    the page 590 px wide)."""
    meeting = board_meeting(tree, alice, bob)
    paper = paper_election(meeting)
    paper_open(actor=As(alice), election=paper)
    paper_close(actor=As(alice), election=paper)
    ids = list(paper.candidates.values_list("pk", flat=True))
    for member in (alice, bob):
        ballot_enter(actor=As(member), election=paper, number=1, kept=ids[:9], spoiled=False)
    paper_count(actor=As(alice), election=paper)
    page = signed_in(browser, live_server, bob, PHONE)
    page.goto(f"{live_server.url}/meetings/{meeting.pk}/elections/{paper.pk}/report/")
    title = page.get_by_role("heading", name="Số phiếu của từng người, theo thứ tự danh sách")
    assert title.evaluate("h => h.getBoundingClientRect().height") < 80  # not a word a line
    assert "#}" not in page.inner_text("main")
    checked_and_fits(page)
