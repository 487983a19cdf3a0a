"""A person in a real browser (headless Chromium): logs in, searches people without
diacritics, switches language, and uses the phone layout, with no CSP violation."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
from playwright import sync_api as playwright_api

from partydesk.accounts.models import User
from partydesk.accounts.tests.factories import PASSWORD, grant_role
from partydesk.organizations.tests.factories import make_person

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def browser(monkeypatch) -> Iterator[object]:  # type: ignore[no-untyped-def]
    # Playwright's sync API keeps an event loop marked running in this thread; the database
    # work of the fixtures' teardown is still plain synchronous code.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    if not shutil.which("chromium"):
        pytest.fail("Chromium is missing: scripts/system-deps.sh installs it (apt: chromium)")
    with playwright_api.sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield instance
        instance.close()


@pytest.fixture
def officer(tree, alice: User) -> User:  # type: ignore[no-untyped-def]
    grant_role(alice, "member_officer", tree.committee_a)
    make_person(tree.cell_a1, "Nguyễn Văn An")
    make_person(tree.cell_a1, "Trần Thị Bích")
    make_person(tree.committee_b, "Nguyễn Văn Bình")  # another organization: never shown
    return alice


def _log_in(page, live_server) -> list[str]:  # type: ignore[no-untyped-def]
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "alice")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    return problems


def test_alice_logs_in_and_finds_a_member_without_typing_diacritics(officer, live_server, browser):  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="en-US")
    problems = _log_in(page, live_server)

    page.goto(f"{live_server.url}/organizations/people/?q=nguyen+van")

    body = page.inner_text("main")
    assert "Nguyễn Văn An" in body
    assert "Nguyễn Văn Bình" not in body  # committee B is outside alice's scope
    assert "Trần Thị Bích" not in body
    page.get_by_role("link", name="Nguyễn Văn An").first.click()
    assert "Nguyễn Văn An" in page.inner_text("h1")
    assert not [p for p in problems if "Content Security Policy" in p], problems


def test_the_language_switch_turns_the_whole_page_vietnamese(officer, live_server, browser):  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="en-US")
    _log_in(page, live_server)
    page.goto(f"{live_server.url}/organizations/people/")

    page.locator("form.lang-switch button[value=vi]").first.click()
    page.wait_for_load_state()

    assert page.get_attribute("html", "lang") == "vi"
    text = page.inner_text("body")
    assert "Làm việc cho" in text  # "Acting for"
    assert "Acting for" not in text


def test_on_a_phone_the_menu_opens_from_the_menu_button(officer, live_server, browser):  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": 390, "height": 844}, locale="en-US")
    _log_in(page, live_server)
    nav = page.locator("#sidenav")
    assert not nav.is_visible()

    page.click("[data-nav-toggle]")

    assert nav.is_visible()
    assert page.get_attribute("[data-nav-toggle]", "aria-expanded") == "true"
    page.keyboard.press("Escape")
    page.screenshot(path=str(live_server_screenshot_dir() / "phone-dashboard.png"))


def live_server_screenshot_dir():  # type: ignore[no-untyped-def]
    from pathlib import Path

    out = Path(__file__).resolve().parents[2] / "var" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    return out
