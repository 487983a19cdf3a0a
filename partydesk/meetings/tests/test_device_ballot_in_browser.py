"""A voter casts an electronic secret ballot in a real browser (Chromium, a phone, in
Vietnamese): the page says it encrypts on the device, the browser makes the ballot with
belenios-ballot.js and posts only the ballot (the credential and the ticked names are in
no request), the receipt says where the ballot was encrypted and is on the record; both
pages pass axe-core with no CSP report. Without JavaScript (in English) the form posts to
the server, which encrypts, and both pages say so."""

from __future__ import annotations

import pytest

from partydesk.meetings import belenios
from partydesk.meetings.models import Election
from partydesk.meetings.selectors.elections import record_of
from partydesk.meetings.services.electronic import electronic_open
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


def test_the_browser_encrypts_the_ballot_and_shows_the_receipt(  # type: ignore[no-untyped-def]
    tree, alice, bob, live_server, browser
):
    meeting = board_meeting(tree, alice, bob)
    election = paper_election(meeting, method="electronic", title="Bầu Bí thư")
    name_trustees(election, alice, [alice, bob])
    credentials = electronic_open(actor=As(alice), election=election)
    credential = credentials[0]

    page = signed_in(browser, live_server, bob, PHONE)
    posted: list[str] = []
    page.on("request", lambda r: posted.append(r.post_data or "") if r.method == "POST" else None)
    page.goto(f"{live_server.url}/meetings/{meeting.pk}/elections/{election.pk}/ballot/")
    device_note = page.get_by_text("Phiếu của đồng chí được mã hoá ngay trên thiết bị này")
    device_note.wait_for()
    assert not page.get_by_text("nên máy chủ mã hoá phiếu").is_visible()
    assert axe_violations(page) == []
    for name in NAMES[:2]:
        page.get_by_label(name, exact=True).check()
    page.get_by_label("Mã bỏ phiếu (in trên phiếu mã của đồng chí)").fill(credential)
    page.get_by_role("button", name="Bỏ phiếu kín").click()
    page.locator("#receipt").wait_for(timeout=60_000)
    assert "mã hoá trên thiết bị của đồng chí" in page.locator("#encrypted-where").inner_text()
    receipt = page.locator("#receipt").inner_text()
    assert axe_violations(page) == []
    assert page.csp_problems == []

    assert len(posted) == 1
    assert credential not in posted[0] and "kept=" not in posted[0]
    assert posted[0].startswith("csrfmiddlewaretoken=") and "&ballot=" in posted[0]
    record = record_of(Election.objects.get(pk=election.pk))
    assert receipt in belenios.trackers_on_record(record)

    # Without JavaScript, in English: the server encrypts and says so.
    english = signed_in(browser, live_server, alice, PHONE, language="en")
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    context.add_cookies(english.context.cookies())
    plain = context.new_page()
    plain.goto(f"{live_server.url}/meetings/{meeting.pk}/elections/{election.pk}/ballot/")
    assert plain.get_by_text("so the server encrypts it").is_visible()
    assert not plain.get_by_text("Your ballot is encrypted on this device").is_visible()
    plain.get_by_label(NAMES[3], exact=True).check()
    plain.get_by_label("Your credential (printed on your slip)").fill(credentials[1])
    plain.get_by_role("button", name="Cast my secret ballot").click()
    plain.locator("#receipt").wait_for()
    assert "encrypted by the server" in plain.locator("#encrypted-where").inner_text()
    record = record_of(Election.objects.get(pk=election.pk))
    assert plain.locator("#receipt").inner_text() in belenios.trackers_on_record(record)
