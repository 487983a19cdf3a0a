"""The acceptance walk of taking part, in a real browser on a phone, in Vietnamese: a worker
registers, practises, takes round 1 twice (the better attempt counts) and loses the
connection once without losing an answer; every page passes axe-core and fits the screen."""

from __future__ import annotations

import pytest

from partydesk.contests.models import Answer, Attempt, Unit
from partydesk.tests import test_pages_in_browser as pages
from partydesk.tests.test_pages_in_browser import PHONE, axe_violations

pytestmark = pytest.mark.django_db(transaction=True)
browser = pages.browser  # the headless Chromium fixture of the main pages' walk


@pytest.fixture
def round_(open_round):  # type: ignore[no-untyped-def]
    return open_round


def checked_and_fits(page) -> None:  # type: ignore[no-untyped-def]
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert axe_violations(page) == []


def hand_in(page) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("button", name="Nộp bài").click()
    page.locator("#confirm-dialog [data-confirm-ok]").click()
    page.wait_for_url("**/result/")


def tick(page, slot: int, position: int, *, saved: str = "Đã lưu lúc") -> None:  # type: ignore[no-untyped-def]
    page.locator(f"#q{slot}-{position}").check()
    page.locator(f"#saved-{slot}").get_by_text(saved).wait_for()


def register(  # type: ignore[no-untyped-def]
    page,
    base_url: str,
    round_,
    name: str = "Nguyễn Thị Hồng Nhung",
    id_number: str = "001 190 012 345",
) -> None:
    """Register for the round's contest on its form (in Vietnamese), in its first unit, and
    go on to its rounds."""
    unit = Unit.objects.filter(contest=round_.contest).first()
    assert unit is not None
    page.goto(f"{base_url}/contests/{round_.contest_id}/register/")
    page.fill("[name=full_name]", name)
    page.fill("[name=id_number]", id_number)
    page.fill("[name=phone]", "0912 345 678")
    page.fill("[name=born_on]", "1995-04-30")
    page.select_option("[name=unit]", str(unit.pk))
    page.get_by_role("button", name="Đăng ký dự thi").click()
    page.get_by_role("link", name="Vào các đợt thi").click()


def test_a_worker_registers_practises_and_takes_round_one_twice_on_a_phone(  # type: ignore[no-untyped-def]
    round_, live_server, browser
):
    context = browser.new_context(viewport=PHONE, locale="vi-VN")
    page = context.new_page()
    register(page, live_server.url, round_)
    page.get_by_text("Dự thi với tên Nguyễn Thị Hồng Nhung").wait_for()
    checked_and_fits(page)

    page.get_by_role("button", name="Thi thử (không xếp hạng)").click()
    page.wait_for_url("**/contests/attempts/*/")
    tick(page, 0, 0)
    hand_in(page)
    checked_and_fits(page)
    page.get_by_role("link", name="Về các đợt thi").click()

    page.get_by_role("button", name="Bắt đầu thi").click()
    page.locator("#confirm-dialog [data-confirm-ok]").click()
    page.wait_for_url("**/contests/attempts/*/")
    checked_and_fits(page)
    tick(page, 0, 1)  # a wrong answer first
    context.set_offline(True)
    tick(page, 1, 0, saved="Mất kết nối")
    context.set_offline(False)
    page.locator("#saved-1").get_by_text("Đã lưu lúc").wait_for(timeout=20_000)
    page.reload()  # the page comes back with both answers and the time left
    assert page.locator("input[name=chosen]:checked").count() == 2
    assert ":" in page.locator("[data-countdown]").inner_text()
    page.fill("#prediction", "1250")
    hand_in(page)
    page.get_by_text("Đúng 1/3 câu ·").wait_for()

    page.get_by_role("link", name="Về các đợt thi").click()
    page.get_by_role("button", name="Thi lượt tiếp").click()
    page.locator("#confirm-dialog [data-confirm-ok]").click()
    page.wait_for_url("**/contests/attempts/*/")
    for slot in range(3):
        tick(page, slot, 0)
    page.fill("#prediction", "900")
    hand_in(page)
    page.get_by_text("tốt nhất: đúng 3/3 câu").wait_for()
    checked_and_fits(page)
    context.close()

    ranked = list(Attempt.objects.filter(practice=False).order_by("number"))
    assert [(a.score, a.prediction) for a in ranked] == [(1, 1250), (3, 900)]
    assert Answer.objects.filter(attempt=ranked[0]).count() == 2
