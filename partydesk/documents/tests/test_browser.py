"""A clerk in a real browser (headless Chromium): the duplicate warning appears while typing,
the scan is uploaded and registered, and its PDF shows inline on the document page — with
no Content-Security-Policy violation."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone

from partydesk.accounts.middleware import SESSION_VERIFIED_KEY
from partydesk.accounts.models import User
from partydesk.documents.models import Document
from partydesk.documents.services.incoming import IncomingFields, incoming_register
from partydesk.documents.tests.factories import doc_type, pdf_bytes

playwright_api = pytest.importorskip("playwright.sync_api")
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def browser(monkeypatch) -> Iterator[object]:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    if not shutil.which("chromium"):
        pytest.fail("Chromium is missing: scripts/system-deps.sh installs it (apt: chromium)")
    with playwright_api.sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield instance
        instance.close()


def signed_in(browser, live_server, user: User):  # type: ignore[no-untyped-def]
    """A page whose session has passed the password and the second factor."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[SESSION_VERIFIED_KEY] = True
    session.create()
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": session.session_key,
                "url": live_server.url,
            },
            {"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url},
        ]
    )
    return context.new_page()


def test_a_clerk_registers_a_scan_and_sees_it_inline(office_a, live_server, browser):  # type: ignore[no-untyped-def]
    # Given a letter already in the register
    incoming_register(
        actor=office_a.clerk,
        organization=office_a.organization,
        fields=IncomingFields(
            document_type=doc_type("cong-van"),
            sender="Ban Tổ chức Tỉnh ủy",
            symbol="Số 357-CV/BTCTU",
            subject="Về việc rà soát quy hoạch",
        ),
    )
    page = signed_in(browser, live_server, office_a.clerk)
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.goto(f"{live_server.url}/documents/incoming/new/")
    # When the clerk types the same sender and number, the warning appears as they type
    page.fill("#id_sender", "Ban Tổ chức Tỉnh ủy")
    page.fill("#id_symbol", "357-CV/BTCTU")
    page.wait_for_selector("#duplicates .form-alert", timeout=10_000)
    assert "Arrival no. 1" in page.inner_text("#duplicates")
    # and a different letter of the same sender registers without a question
    page.fill("#id_symbol", "358-CV/BTCTU")
    page.wait_for_selector("#duplicates .form-alert", state="detached", timeout=10_000)
    page.select_option("#id_document_type", label="Official letter")
    page.fill("#id_subject", "Về việc cử cán bộ dự tập huấn")
    page.fill("#id_arrival_date", timezone.localdate().isoformat())
    page.set_input_files(
        "#id_upload",
        files=[{"name": "cv358.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes("CV 358")}],
    )
    page.click("form.doc-form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/documents/*/", timeout=15_000)
    # Then the document page shows its arrival number and the PDF inline
    document = Document.objects.get(code_number="358")
    assert document.register_number == 2 and document.has_file
    assert "Số 358-CV/BTCTU" in page.inner_text("h1")
    assert page.locator("iframe.pdf-preview").count() == 1
    assert not [p for p in problems if "Content Security Policy" in p], problems
