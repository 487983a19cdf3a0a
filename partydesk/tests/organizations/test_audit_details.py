"""Organizations' audit events read as labelled, translated rows (a merge, a rename)."""

from __future__ import annotations

from django.utils import translation

from partydesk.core.audit_details import detail_rows


def test_a_merge_reads_in_vietnamese():
    details = {"effective_on": "2026-12-01", "carry_members": True, "members_moved": 42}
    with translation.override("vi"):
        rows = detail_rows(details)
    assert rows == [
        ("Ngày có hiệu lực", "01/12/2026"),
        ("Chuyển đảng viên sang", "có"),
        ("Số đảng viên được chuyển", "42"),
    ]


def test_a_split_and_a_rename_read_in_english_with_nested_parts():
    with translation.override("en"):
        rows = detail_rows(
            {
                "keep_source": False,
                "parts": [{"name": "Chi bộ 1", "members": 3}],
                "old": {"name": "A"},
                "new": {"name": "B"},
            }
        )
    assert rows == [
        ("The original organization continues", "no"),
        ("Parts", "Name: Chi bộ 1; Members: 3"),
        ("Before", "Name: A"),
        ("After", "Name: B"),
    ]
