"""The audit viewer shows an auditor the events of their scope only, filtered and paged;
the CSV export carries the same rows."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from partydesk.accounts.models import User
from partydesk.accounts.selectors.audit import AuditFilter, audit_event_list_for
from partydesk.accounts.tests.factories import make_user, verified_client
from partydesk.core.audit import audit_check, audit_log, audit_seal
from partydesk.core.models import AuditEvent, AuditSeal
from partydesk.core.tests.forgery import empty_trail, guard_lifted

AUDIT = reverse("accounts:audit")
EXPORT = reverse("accounts:audit_export")


@pytest.fixture
def olga(tree) -> User:
    """Olga, office chief of committee A, may view its audit trail."""
    return make_user("olga", organization=tree.committee_a, role="office_chief", two_factor=True)


@pytest.fixture
def olga_client(olga: User) -> Client:
    return verified_client(olga)


@pytest.fixture
def victor(tree) -> User:
    """Victor, office chief of committee B."""
    return make_user("victor", organization=tree.committee_b, role="office_chief", two_factor=True)


@pytest.fixture
def events(tree, alice, eve):
    """A few events in committee A, cell A1 and committee B."""
    empty_trail()
    a = audit_log(
        actor=alice,
        action="documents.document.registered",
        target=tree.committee_a,
        organization_id=tree.committee_a.pk,
    )
    a1 = audit_log(
        actor=alice,
        action="documents.document.approved",
        target=tree.cell_a1,
        organization_id=tree.cell_a1.pk,
    )
    b = audit_log(
        actor=eve,
        action="documents.document.registered",
        target=tree.committee_b,
        organization_id=tree.committee_b.pk,
        details={"secret": "committee B"},
    )
    audit_seal()
    for event in (a, a1, b):
        event.refresh_from_db()
    return a, a1, b


def _seqs(response) -> list[int | None]:
    return [_seq(e) for e in response.context["page"].events]


def _seq(event: AuditEvent) -> int | None:
    """The event's place in the chain, from its seal (None while unsealed)."""
    seal = event.sealed
    return seal.seq if seal else None


def test_olga_sees_committee_a_and_below_newest_first(olga_client, events):
    a, a1, _b = events
    response = olga_client.get(AUDIT)
    assert response.status_code == 200
    assert [s for s in _seqs(response) if s in {_seq(a), _seq(a1)}] == [_seq(a1), _seq(a)]


def test_committee_b_never_sees_committee_a_events(victor, events):
    a, a1, b = events
    response = verified_client(victor).get(AUDIT)
    seqs = _seqs(response)
    assert _seq(b) in seqs
    assert _seq(a) not in seqs and _seq(a1) not in seqs
    export = verified_client(victor).get(EXPORT)
    body = export.getvalue().decode("utf-8-sig")
    assert "committee B" in body
    assert str(_seq(a)) not in [row[0] for row in csv.reader(io.StringIO(body))]


def test_an_event_shows_at_once_before_the_sealer_numbers_it(olga_client, tree, alice):
    empty_trail()
    event = audit_log(actor=alice, action="tests.fresh.event", organization_id=tree.cell_a1.pk)
    response = olga_client.get(AUDIT, {"action": "tests."})
    assert [e.pk for e in response.context["page"].events] == [event.pk]
    assert response.context["page"].events[0].sealed is None


def test_eve_without_audit_view_is_refused(eve_client, events):
    assert eve_client.get(AUDIT).status_code == 403
    assert eve_client.get(EXPORT).status_code == 403


def test_filters_by_action_prefix_actor_target_and_dates(olga_client, events, alice, tree):
    a, a1, _b = events
    assert _seqs(olga_client.get(AUDIT, {"action": "documents.document.appr"})) == [_seq(a1)]
    by_actor = _seqs(olga_client.get(AUDIT, {"actor": "alice"}))
    assert set(by_actor) == {_seq(a), _seq(a1)}
    assert _seqs(olga_client.get(AUDIT, {"target": "Ngân sách"})) == [_seq(a1)]
    today = timezone.localdate()
    assert set(_seqs(olga_client.get(AUDIT, {"date_from": today, "date_to": today}))) >= {
        _seq(a),
        _seq(a1),
    }
    yesterday = today - dt.timedelta(days=1)
    assert _seqs(olga_client.get(AUDIT, {"date_to": yesterday})) == []


def _recorded_at(moment: dt.datetime, action: str, organization_id: int) -> int:
    with mock.patch("partydesk.core.audit.log.timezone.now", return_value=moment):
        return audit_log(actor=None, action=action, organization_id=organization_id).pk


def test_a_date_range_long_ago_finds_exactly_its_days_even_out_of_id_order(tree):
    """The viewer bounds a date range by ids (the last event before the range, the first
    after it, with a margin) so the newest-first walk starts at the range. Events whose
    time runs a little behind the id order (a stalled writer, a machine's clock) are
    still found, and nothing outside the days is."""
    empty_trail()
    day = dt.datetime(2026, 3, 10, tzinfo=timezone.get_current_timezone())
    org = tree.committee_a.pk
    times = [
        -dt.timedelta(days=3),
        dt.timedelta(minutes=2),
        -dt.timedelta(minutes=1),  # before the range, recorded after one inside it
        dt.timedelta(hours=9),
        dt.timedelta(days=1, minutes=1),
        dt.timedelta(hours=23, minutes=59),  # inside, recorded after one of the next day
        dt.timedelta(days=30),
    ]
    ids = [_recorded_at(day + t, "tests.range.event", org) for t in times]

    def found(date_from: dt.date | None = None, date_to: dt.date | None = None) -> list[int]:
        filters = AuditFilter(date_from=date_from, date_to=date_to)
        return sorted(e.pk for e in audit_event_list_for(tree.root, filters))

    assert found(date_from=day.date(), date_to=day.date()) == [ids[1], ids[3], ids[5]]
    assert found(date_from=day.date() + dt.timedelta(days=1)) == [ids[4], ids[6]]
    assert found(date_to=day.date() - dt.timedelta(days=1)) == [ids[0], ids[2]]
    assert found(date_to=dt.date(2020, 1, 1)) == []


def test_a_backwards_date_range_is_explained(olga_client, events):
    response = olga_client.get(AUDIT, {"date_from": "2026-05-02", "date_to": "2026-05-01"})
    assert response.status_code == 400
    assert b"end date is before the start date" in response.content
    assert _seqs(response) == []


def test_pages_walk_older_and_newer_by_cursor(olga_client, tree, alice):
    empty_trail()
    made = [
        audit_log(actor=alice, action="tests.page.event", organization_id=tree.committee_a.pk)
        for _ in range(120)
    ]
    audit_seal()
    seqs = list(
        AuditSeal.objects.filter(event__in=[e.pk for e in made])
        .order_by("-seq")
        .values_list("seq", flat=True)
    )
    first = olga_client.get(AUDIT, {"action": "tests."})
    assert _seqs(first) == seqs[:50]
    older = first.context["page"].older_cursor
    second = olga_client.get(AUDIT, {"action": "tests.", "before": older})
    assert _seqs(second) == seqs[50:100]
    third = olga_client.get(
        AUDIT, {"action": "tests.", "before": second.context["page"].older_cursor}
    )
    assert _seqs(third) == seqs[100:]
    assert third.context["page"].older_cursor is None
    back = olga_client.get(AUDIT, {"action": "tests.", "after": third.context["page"].newer_cursor})
    assert _seqs(back) == seqs[50:100]
    assert b"before=" in first.content and b"action=tests." in first.content


def test_the_viewer_costs_the_same_queries_for_5_or_50_events(
    olga_client, tree, alice, django_assert_max_num_queries
):
    for _ in range(5):
        audit_log(actor=alice, action="tests.count.event", organization_id=tree.cell_a1.pk)
    with django_assert_max_num_queries(30) as few:
        olga_client.get(AUDIT, {"action": "tests."})
    for _ in range(45):
        audit_log(actor=alice, action="tests.count.event", organization_id=tree.cell_a1.pk)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = olga_client.get(AUDIT, {"action": "tests."})
    assert len(response.context["page"].events) == 50


def test_the_csv_export_has_every_matching_row_and_is_itself_recorded(olga_client, events, olga):
    a, a1, _b = events
    response = olga_client.get(EXPORT, {"action": "documents."})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    assert rows[0][:4] == ["seq", "time", "actor", "action"]
    assert [int(r[0]) for r in rows[1:]] == [_seq(a1), _seq(a)]
    exported = AuditEvent.objects.get(action="accounts.audit.exported")
    assert exported.actor == olga
    assert exported.details == {"action": "documents."}


def test_the_csv_export_streams_as_a_download_named_for_the_organization_and_minute(
    olga_client, tree
):
    response = olga_client.get(EXPORT)
    assert response.streaming and response["Content-Type"] == "text/csv; charset=utf-8"
    name = rf"audit-{tree.committee_a.pk}-\d{{8}}-\d{{4}}\.csv"  # the organization, the minute
    assert re.fullmatch(f'attachment; filename="{name}"', response["Content-Disposition"])


def test_the_csv_export_defuses_spreadsheet_formulas(olga_client, tree, alice):
    audit_log(
        actor=alice,
        action="tests.csv.event",
        organization_id=tree.committee_a.pk,
        details={"x": 1},
        target=None,
    )
    with guard_lifted():
        AuditEvent.objects.filter(action="tests.csv.event").update(actor_label="=HYPERLINK(1)")
    body = olga_client.get(EXPORT, {"action": "tests.csv"}).getvalue()
    assert "'=HYPERLINK(1)" in body.decode("utf-8-sig")


def test_an_administrator_sees_the_last_verification_and_when_it_ran(tree, events):
    """Nadia audits the whole bloc (a top organization): the page says whether the chain
    was intact at the last verification, and when that ran."""
    nadia = make_user("nadia", organization=tree.root, role="office_chief", two_factor=True)
    client = verified_client(nadia)
    never = client.get(AUDIT)
    assert b"has not been verified yet" in never.content
    audit_check()
    intact = client.get(AUDIT)
    assert intact.context["integrity"].ok
    when = timezone.localtime(intact.context["integrity"].finished_at).strftime("%d/%m/%Y %H:%M")
    assert b"Intact." in intact.content and when.encode() in intact.content
    with guard_lifted():
        AuditEvent.objects.filter(pk=events[0].pk).update(action="documents.document.erased")
    audit_check()
    damaged = client.get(AUDIT)
    assert b"Damaged." in damaged.content
    assert f"CHANGED #{_seq(events[0])}".encode() in damaged.content


def test_a_local_auditor_does_not_see_the_installation_wide_status(olga_client, events):
    audit_check()
    response = olga_client.get(AUDIT)
    assert response.context["show_integrity"] is False
    assert b"Integrity of the audit trail" not in response.content
