"""The main pages in a real browser (headless Chromium): on a 390 px phone no list is wider
than the screen, and axe-core finds no serious or critical accessibility problem.

axe-core comes bundled in the axe-playwright-python dev dependency; it is evaluated in the page
through the DevTools protocol, so the pages keep their Content-Security-Policy and nothing is
added to the application itself."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from playwright import sync_api as playwright_api

from partydesk.accounts.middleware import SESSION_VERIFIED_KEY
from partydesk.accounts.models import User
from partydesk.core.http import SYSTEM
from partydesk.documents.models import Direction, Document
from partydesk.documents.services.access import document_readers_add
from partydesk.documents.services.incoming import IncomingFields, incoming_register
from partydesk.documents.services.outgoing import document_issue, document_release
from partydesk.documents.tests.factories import doc_type, make_office, make_staff, make_term
from partydesk.documents.tests.test_outgoing import approve_all, clear_office, draft
from partydesk.learning.services.bank import category_create, question_create
from partydesk.learning.tests.test_bank import single
from partydesk.organizations.models import Organization
from partydesk.organizations.tests.factories import make_person

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 900}

pytestmark = pytest.mark.django_db(transaction=True)

# A long subject and every mark at once: what made the phone list 458 px wide.
LONG_SUBJECT = (
    "Báo cáo sơ kết công tác xây dựng Đảng 6 tháng đầu năm và phương hướng nhiệm vụ "
    "6 tháng cuối năm của Đảng bộ các cơ quan Đảng tỉnh"
)


@dataclass
class Desk:
    clerk: User
    cell_id: int
    committee_id: int
    sent_id: int
    arrival_id: int
    question_id: int


def released_on_paper(sender: Organization, prefix: str, to: list[Organization]) -> Document:
    """A confidential resolution (on paper: no signing) of `sender`, released to `to`."""
    office = make_office(sender, prefix)
    make_term(sender)
    clear_office(office, 1)
    document = approve_all(office, draft(office, secrecy=1, release_to=to))
    document_issue(actor=office.clerk, document=document)
    document_release(actor=office.clerk, document=document)  # delivered at its commit
    return document


@pytest.fixture
def desk(tree) -> Desk:  # type: ignore[no-untyped-def]
    """A clerk of committee A who also administers it, with urgent, overdue mail in hand."""
    clerk = make_staff("a_clerk", tree.committee_a, "clerk", "admin", "member_officer", clearance=2)
    for number in range(8):
        incoming_register(
            actor=clerk,
            organization=tree.committee_a,
            fields=IncomingFields(
                document_type=doc_type("bao-cao"),
                sender="Ban Thường vụ Đảng ủy Khối các cơ quan tỉnh",
                symbol=f"{160 + number}-BC/TUKCCQTTTTNGHEAN",
                subject=LONG_SUBJECT,
                urgency=3,
                secrecy=1,
                due_date=dt.date(2025, 12, 25),
            ),
        )
    for name in ("Nguyễn Văn An", "Trần Thị Bích Ngọc Phương"):
        make_person(tree.cell_a1, name)
    # Committee A sent a resolution to its cell (the delivery statuses page), and the Bloc
    # sent one to committee A (the refusal page).
    sent = released_on_paper(tree.committee_a, "w", [tree.cell_a1])
    document_readers_add(actor=clerk, document=sent, users=[clerk])
    from_bloc = released_on_paper(tree.root, "k", [tree.committee_a])
    arrival = Document.objects.get(source_document=from_bloc, direction=Direction.INCOMING)
    bank = category_create(actor=SYSTEM, organization=tree.committee_a, name="Lịch sử Đảng")
    question = question_create(actor=SYSTEM, category=bank, item=single(LONG_SUBJECT + "?"))
    return Desk(
        clerk=clerk,
        cell_id=tree.cell_a1.pk,
        committee_id=tree.committee_a.pk,
        sent_id=sent.pk,
        arrival_id=arrival.pk,
        question_id=question.pk,
    )


@pytest.fixture
def browser(monkeypatch) -> Iterator[playwright_api.Browser]:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    if not shutil.which("chromium"):
        pytest.fail("Chromium is missing: scripts/system-deps.sh installs it (apt: chromium)")
    with playwright_api.sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield instance
        instance.close()


def signed_in(browser, live_server, user: User, viewport: dict[str, int], language: str = "vi"):  # type: ignore[no-untyped-def]
    """A page whose session has passed the password and the second factor."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[SESSION_VERIFIED_KEY] = True
    session.create()
    context = browser.new_context(viewport=viewport, locale="vi-VN")
    url = live_server.url
    context.add_cookies(
        [
            {"name": settings.SESSION_COOKIE_NAME, "value": session.session_key, "url": url},
            {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": url},
        ]
    )
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.csp_problems = problems  # type: ignore[attr-defined]
    return page


def list_pages(desk: Desk) -> list[str]:
    return [
        "/",
        "/documents/incoming/",
        "/documents/outgoing/",
        "/documents/search/?q=bao+cao",
        "/documents/settings/",
        f"/organizations/{desk.committee_id}/",
        f"/organizations/{desk.cell_id}/",
        f"/organizations/{desk.committee_id}/transformation/?whole=1",
        "/organizations/people/?q=nguyen",
        "/accounts/users/",
        "/accounts/audit/",
        "/signatures/certificates/",
        "/exchange/packages/",
        "/exchange/identifiers/?q=so",
        f"/exchange/identifiers/{desk.committee_id}/",
        "/exchange/packages/waiting/",
        "/exchange/peers/",
        "/exchange/packages/delivered/",
        f"/exchange/documents/{desk.sent_id}/statuses/",
        f"/exchange/documents/{desk.arrival_id}/refuse/",
        f"/exchange/documents/{desk.sent_id}/replace/",
        f"/exchange/documents/{desk.sent_id}/update/",
        f"/exchange/documents/{desk.sent_id}/recall/",
        f"/documents/{desk.sent_id}/",
        "/learning/bank/?q=dang",
        f"/learning/bank/questions/{desk.question_id}/",
        f"/learning/bank/questions/{desk.question_id}/edit/",
        "/learning/bank/import/",
        "/learning/bank/categories/new/",
        "/learning/bank/analysis/?flag=any",
    ]


def test_on_a_phone_no_list_page_is_wider_than_the_screen(desk, live_server, browser):  # type: ignore[no-untyped-def]
    page = signed_in(browser, live_server, desk.clerk, PHONE)
    too_wide = {}
    for path in list_pages(desk):
        response = page.goto(f"{live_server.url}{path}")
        assert response is not None and response.status == 200, path
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            too_wide[path] = width
    assert too_wide == {}


def test_on_a_phone_the_incoming_register_starts_on_the_first_screens(desk, live_server, browser):  # type: ignore[no-untyped-def]
    page = signed_in(browser, live_server, desk.clerk, PHONE)
    page.goto(f"{live_server.url}/documents/incoming/")
    # Each row is a card: the labels of the hidden table head lead its cells.
    label = page.locator("table.list-cards td[data-label]").first
    assert label.evaluate("cell => getComputedStyle(cell, '::before').content") != "none"
    table_top = page.evaluate(
        "document.querySelector('table.list-cards').getBoundingClientRect().top + scrollY"
    )
    assert table_top < 3 * PHONE["height"]
    # An urgent title keeps its line: it is not squeezed to a word a line beside its tags.
    title = page.locator(".card-urgent .items li > a").first
    assert title.bounding_box()["width"] > PHONE["width"] / 2  # type: ignore[index]


AXE_SOURCE = (resources.files("axe_playwright_python") / "axe.min.js").read_text("utf-8")
AXE_BLOCKING = {"serious", "critical"}


def axe_violations(page) -> list[str]:  # type: ignore[no-untyped-def]
    page.evaluate(AXE_SOURCE)
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {', '.join(str(n['target']) for n in v['nodes'][:3])}"
        for v in result["violations"]
        if v["impact"] in AXE_BLOCKING
    ]


def page_checked(page, name: str) -> None:  # type: ignore[no-untyped-def]
    """The page fits its viewport's width, axe-core finds no serious problem and no CSP rule
    was broken; its screenshot is kept in var/screenshots as `<name>-<width>.png`."""
    from partydesk.tests.test_browser import live_server_screenshot_dir

    width = page.viewport_size["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width, name
    assert axe_violations(page) == [], name
    assert page.csp_problems == [], name
    shot = live_server_screenshot_dir() / f"{name}-{width}.png"
    page.screenshot(path=str(shot), full_page=True)


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["laptop", "phone"])
def test_axe_finds_no_serious_problem_on_the_main_pages(desk, live_server, browser, viewport):  # type: ignore[no-untyped-def]
    page = signed_in(browser, live_server, desk.clerk, viewport)
    found = {}
    for path in [*list_pages(desk), "/organizations/", "/accounts/me/", "/signatures/"]:
        page.goto(f"{live_server.url}{path}")
        if problems := axe_violations(page):
            found[path] = problems
    assert found == {}
    assert not [p for p in page.csp_problems if "Content Security Policy" in p]


@pytest.fixture
def party_member(tree) -> User:  # type: ignore[no-untyped-def]
    """A plain member of cell A1 with their record, a document named to them and a task."""
    from partydesk.accounts.tests.factories import make_user
    from partydesk.documents.services.incoming.assign import Assignee, incoming_assign
    from partydesk.organizations.tests.factories import make_member

    person = make_member(tree.cell_a1, "Lý Công Mạnh")
    member = make_user("dangvien", organization=tree.cell_a1, role="member", person=person)
    clerk = make_staff("cb_clerk", tree.cell_a1, "clerk", "secretary")
    document = incoming_register(
        actor=clerk,
        organization=tree.cell_a1,
        fields=IncomingFields(
            document_type=doc_type("nghi-quyet"),
            sender="Ban Thường vụ Đảng ủy Sở Tài chính",
            symbol="27-NQ/ĐU",
            subject=LONG_SUBJECT,
            readers=[member],
        ),
    )
    incoming_assign(actor=clerk, document=document, lead=Assignee(user=member), working_days=5)
    return member


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["laptop", "phone"])
def test_the_members_dashboard_passes_axe_and_fits_a_phone(
    party_member, live_server, browser, viewport
):  # type: ignore[no-untyped-def]
    page = signed_in(browser, live_server, party_member, viewport)
    page.goto(f"{live_server.url}/")
    assert "Hồ sơ đảng viên của tôi" in page.inner_text("main")  # "My membership"
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    assert axe_violations(page) == []
    # Keyboard: the task's document is reached with Tab alone.
    reached = False
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate(
            "!!document.activeElement.closest('#needs-me') && "
            "document.activeElement.matches(\"a[href^='/documents/']\")"
        ):
            reached = True
            break
    assert reached


@dataclass
class Pickers:
    clerk: User
    secretary: User
    outgoing_id: int  # issued, waiting for its release (the recipients picker)
    incoming_id: int  # registered, waiting for its assignment (the lead and handlers pickers)


@pytest.fixture
def pickers(tree, settings, tmp_path) -> Pickers:  # type: ignore[no-untyped-def]
    """The Bloc's office with a paper-issued resolution to release and a letter to assign;
    two cells called "Chi bộ Văn phòng" under different committees."""
    from partydesk.documents.services.outgoing import document_issue
    from partydesk.documents.tests.factories import make_office, make_term
    from partydesk.documents.tests.test_outgoing import approve_all, clear_office, draft
    from partydesk.organizations.models import OrganizationKind
    from partydesk.organizations.tests.factories import make_org

    settings.MEDIA_ROOT = tmp_path
    make_term(tree.root)
    office = make_office(tree.root, "k")
    for committee in (tree.committee_a, tree.committee_b):
        make_org("Chi bộ Văn phòng", parent=committee, kind=OrganizationKind.SUBORDINATE_CELL)
    clear_office(office, 1)
    outgoing = approve_all(office, draft(office, secrecy=1, readers=[office.clerk]))
    document_issue(actor=office.clerk, document=outgoing)
    incoming = incoming_register(
        actor=office.clerk,
        organization=tree.root,
        fields=IncomingFields(
            document_type=doc_type("cong-van"),
            sender="Tỉnh ủy",
            symbol="77-CV/TU",
            subject=LONG_SUBJECT,
        ),
    )
    return Pickers(office.clerk, office.secretary, outgoing.pk, incoming.pk)


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["laptop", "phone"])
def test_the_tree_pickers_pass_axe_and_fit_a_phone(pickers, live_server, browser, viewport):  # type: ignore[no-untyped-def]
    found = {}
    for user, pk, form in (
        (pickers.clerk, pickers.outgoing_id, "release"),
        (pickers.secretary, pickers.incoming_id, "assign"),
    ):
        page = signed_in(browser, live_server, user, viewport)
        page.goto(f"{live_server.url}/documents/{pk}/")
        picker = page.locator(f"form[action$='/{form}/'] [data-picker]").first
        # Typed without accents, the search finds both namesakes, each named with its parent.
        picker.locator("input.picker-q").fill("van phong")
        shown = picker.locator(".picker-item:visible", has_text="Chi bộ Văn phòng")
        assert sorted(shown.locator(".picker-context").all_inner_texts()) == [
            "Đảng bộ Sở Tài chính",
            "Đảng bộ Sở Y tế",
        ], form
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"], form
        if problems := axe_violations(page):
            found[form] = problems
    assert found == {}


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["laptop", "phone"])
def test_the_bank_import_preview_passes_axe_and_fits_a_phone(desk, live_server, browser, viewport):  # type: ignore[no-untyped-def]
    from partydesk.learning.tests.test_formats import GIFT

    page = signed_in(browser, live_server, desk.clerk, viewport)
    page.goto(f"{live_server.url}/learning/bank/import/")
    page.set_input_files(
        "input[type=file]", {"name": "bank.gift", "mimeType": "text/plain", "buffer": GIFT.encode()}
    )
    page.locator("main button[type=submit]").click()
    page.wait_for_selector("table.list-cards")
    assert "Loại câu hỏi chưa được hỗ trợ: số." in page.inner_text("main")
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    assert axe_violations(page) == []
