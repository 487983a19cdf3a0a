"""The audit viewer shows an event's details as labelled, translated rows, never key=value."""

from __future__ import annotations

import datetime as dt

from django.utils import translation

from partydesk.core.audit_details import detail_rows


def test_a_failed_login_reads_in_vietnamese():
    with translation.override("vi"):
        rows = detail_rows({"reason": "password", "failures_in_a_row": 2})
    assert rows == [("Lý do", "sai mật khẩu"), ("Số lần sai liên tiếp", "2")]


def test_the_same_key_from_two_apps_keeps_both_readings():
    with translation.override("en"):
        assert detail_rows({"reason": "locked"}) == [("Reason", "the account is locked")]
        assert detail_rows({"reason": "key_compromise"}) == [
            ("Reason", "Key compromised or token lost")
        ]


def test_an_unregistered_key_is_humanised_and_no_value_shows_as_a_python_repr():
    with translation.override("en"):
        rows = detail_rows(
            {
                "previous_holder": None,
                "kept_open": True,
                "pieces": [{"label_text": "Chi bộ 1", "member_ids": [3, 4]}],
                "effective_on": "2026-12-01",
                "at": dt.date(2026, 12, 6),
            }
        )
    assert rows == [
        ("Previous holder", "—"),
        ("Kept open", "yes"),
        ("Pieces", "Label text: Chi bộ 1; Member ids: 3, 4"),
        ("Effective on", "01/12/2026"),
        ("At", "06/12/2026"),
    ]
    text = repr(rows)
    assert not any(mark in text for mark in ("None", "True", "{", "'member_ids'"))


def test_the_vietnamese_audit_page_shows_labelled_details(tree):  # type: ignore[no-untyped-def]
    from partydesk.accounts.tests.factories import make_user, verified_client
    from partydesk.core.audit import audit_log

    admin = make_user("auditor", organization=tree.committee_a, role="admin", two_factor=True)
    audit_log(
        actor=admin,
        action="accounts.user.login_failed",
        target=admin,
        organization_id=tree.committee_a.pk,
        details={"reason": "password", "failures_in_a_row": 2},
    )
    page = verified_client(admin).get("/accounts/audit/", HTTP_ACCEPT_LANGUAGE="vi")
    html = page.content.decode()
    assert page.status_code == 200
    assert "<dt>Số lần sai liên tiếp</dt><dd>2</dd>" in html
    assert "<dt>Lý do</dt><dd>sai mật khẩu</dd>" in html
    assert "reason=" not in html and "failures_in_a_row" not in html
