"""Revoking a prize certificate in a real browser, on a phone (390 px) and a laptop
(1366 px), in Vietnamese: the organizer opens the revocation from the results page, the
confirmation page asks for the reason, and the public check then says the certificate is
revoked, when and why. Each page passes axe-core, fits the screen and breaks no CSP rule."""

from __future__ import annotations

import pytest
from django.urls import reverse

from partydesk.contests.models import PrizeCertificate
from partydesk.contests.tests import test_certificate_revoke as revoke
from partydesk.tests import test_pages_in_browser as pages
from partydesk.tests.test_pages_in_browser import LAPTOP, PHONE, page_checked, signed_in

pytestmark = pytest.mark.django_db(transaction=True)
browser = pages.browser
sealed = revoke.sealed
REASON = revoke.REASON


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_an_organizer_revokes_in_the_browser_and_the_check_says_so(
    organizer, sealed, live_server, browser, viewport
):  # type: ignore[no-untyped-def]
    page = signed_in(browser, live_server, organizer, viewport)

    def check(name: str) -> None:
        page_checked(page, f"contests-{name}")

    page.goto(f"{live_server.url}{reverse('contests:results', args=[sealed.contest_id])}")
    page.get_by_role("link", name="Thu hồi…").click()
    page.get_by_role("heading", name="Thu hồi giấy chứng nhận giải thưởng").wait_for()
    check("certificate-revoke")
    page.get_by_label("Lý do").fill(REASON)
    page.get_by_role("button", name="Thu hồi giấy chứng nhận").click()
    page.get_by_text("Đã thu hồi giấy chứng nhận số").wait_for()
    assert PrizeCertificate.objects.get().revoked_reason == REASON

    page.goto(f"{live_server.url}{reverse('contests:certificate_verify', args=[sealed.serial])}")
    page.get_by_role(
        "heading", name="Đã thu hồi: giấy chứng nhận này không còn giá trị."
    ).wait_for()
    page.get_by_text(REASON).wait_for()
    check("certificate-revoked-check")
