"""Notifications: every module sends through `notify`; the bell counts my unread ones with one
query; email goes out right away after commit, in a daily digest, or not at all, as I chose."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import translation

from partydesk.core.models import EmailFrequency, Notification, OutboxMessage
from partydesk.core.selectors import notification_unread_count
from partydesk.core.services.notifications import (
    Notice,
    notification_kind_label,
    notification_preference_set,
    notifications_digest,
    notify,
    notify_many,
)
from partydesk.core.services.outbox import outbox_deliver

pytestmark = pytest.mark.django_db


@pytest.fixture
def email_on(settings):  # type: ignore[no-untyped-def]
    settings.PARTYDESK_EMAIL_ENABLED = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def ping(*people, title="Reply to the Provincial Committee", urgent=False):  # type: ignore[no-untyped-def]
    return notify(
        recipients=people, kind="documents.review", title=title, url="/documents/1/", urgent=urgent
    )


def test_each_person_is_notified_once_however_often_listed(alice, bob):
    rows = ping(alice, bob, alice)

    assert sorted(r.recipient_id for r in rows) == sorted([alice.pk, bob.pk])
    assert notification_unread_count(alice) == 1


def test_the_bell_counts_unread_with_one_query_whatever_the_apps(
    alice, alice_client, django_assert_num_queries
):
    ping(alice)
    ping(alice, title="Second")
    bell_only = Client()
    bell_only.force_login(alice)
    request_url = reverse("accounts:me")
    alice_client.get(request_url)  # warm the session

    from partydesk.core import context_processors

    class Request:
        user = alice

    values = context_processors.notifications(Request())  # type: ignore[arg-type]
    with django_assert_num_queries(1):
        assert values["notification_count"]() == 2
        assert values["notification_count"]() == 2  # read twice, counted once

    html = alice_client.get(request_url).content.decode()
    assert 'class="badge badge-count" aria-hidden="true">2<' in html


def test_my_notifications_page_lists_mine_and_not_others(alice, alice_client, eve):
    ping(alice, title="For alice")
    ping(eve, title="For eve")

    response = alice_client.get(reverse("core:notifications"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "For alice" in html and "For eve" not in html
    assert "Waiting for your review" in html  # the kind, named by the documents app


def test_the_page_costs_the_same_for_3_or_30_notifications(
    alice, alice_client, django_assert_max_num_queries
):
    for n in range(3):
        ping(alice, title=f"n{n}")
    with django_assert_max_num_queries(14) as few:
        alice_client.get(reverse("core:notifications"))
    for n in range(27):
        ping(alice, title=f"m{n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        alice_client.get(reverse("core:notifications"))


def test_opening_a_notification_marks_it_read_and_goes_to_it(alice, alice_client):
    (row,) = ping(alice)

    response = alice_client.post(reverse("core:notification_open", args=[row.pk]))

    assert response.status_code == 302 and response["Location"] == "/documents/1/"
    row.refresh_from_db()
    assert row.read_at is not None
    assert notification_unread_count(alice) == 0


def test_someone_elses_notification_is_a_404(alice, eve_client):
    (row,) = ping(alice)

    response = eve_client.post(reverse("core:notification_open", args=[row.pk]))

    assert response.status_code == 404
    row.refresh_from_db()
    assert row.read_at is None


def test_mark_all_read(alice, alice_client, bob):
    ping(alice, bob)
    ping(alice)

    alice_client.post(reverse("core:notifications_read"))

    assert notification_unread_count(alice) == 0
    assert notification_unread_count(bob) == 1


def test_a_bad_email_choice_is_refused(alice, alice_client):
    response = alice_client.post(reverse("core:notifications"), {"email": "hourly"})

    assert response.status_code == 422
    assert not Notification.objects.exists()


def test_the_page_speaks_vietnamese(alice, alice_client):
    alice_client.post(reverse("set_language"), {"language": "vi", "next": "/"})

    html = alice_client.get(reverse("core:notifications")).content.decode()

    assert "Thông báo của tôi" in html


def test_email_goes_out_after_commit_through_the_outbox(alice, email_on):
    alice.email = "alice@example.invalid"
    alice.save()
    with pytest.raises(RuntimeError), transaction.atomic():
        ping(alice, title="Never happened")
        raise RuntimeError("rolled back")
    ping(alice)
    assert mail.outbox == []  # nothing is sent inside the transaction

    outbox_deliver()

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["alice@example.invalid"]
    assert "Reply to the Provincial Committee" in mail.outbox[0].subject
    assert "/documents/1/" in mail.outbox[0].body
    outbox_deliver()
    assert len(mail.outbox) == 1


def test_many_notices_write_each_person_once_per_notice_and_email_who_wants_it(
    alice, bob, email_on
):
    """notify_many: the rows of many notices in one insert, as `notify` would write each."""
    alice.email, bob.email = "alice@example.invalid", "bob@example.invalid"
    alice.save()
    bob.save()
    notification_preference_set(user=bob, email=EmailFrequency.DAILY)
    notices = [
        Notice(recipients=[alice, bob, alice], kind="documents.arrived", title="Nghị quyết 1",
               url="/documents/1/", organization_id=7, target=alice),
        Notice(recipients=[alice], kind="documents.urgent", title="Hỏa tốc " + "x" * 400,
               url="/documents/2/", urgent=True),
    ]  # fmt: skip

    assert notify_many(notices) == 3

    rows = Notification.objects.order_by("id")
    assert [(r.recipient_id, r.kind, r.url, r.urgent, r.organization_id) for r in rows] == [
        (alice.pk, "documents.arrived", "/documents/1/", False, 7),
        (bob.pk, "documents.arrived", "/documents/1/", False, 7),
        (alice.pk, "documents.urgent", "/documents/2/", True, None),
    ]
    assert rows[0].title == "Nghị quyết 1" and len(rows[2].title) == 300
    assert (rows[0].target_type, rows[0].target_id) == ("accounts.user", str(alice.pk))
    assert all(r.created_at is not None and r.read_at is None for r in rows)
    # Alice wants email right away (twice); Bob chose the daily digest
    outbox_deliver()
    assert sorted(m.subject.split(":")[-1].strip()[:12] for m in mail.outbox) == sorted(
        ["Nghị quyết 1", "Hỏa tốc xxxx"]
    )
    assert {tuple(m.to) for m in mail.outbox} == {("alice@example.invalid",)}


def test_a_kind_s_sentence_names_what_the_sender_put_in_each_notice(alice, email_on):
    """The sender's values (which organization's register) are stored with each row and the
    kind's sentence is filled with them when shown, in the reader's language: under the
    bell and in the email."""
    alice.email, alice.preferred_language = "alice@example.invalid", "vi"
    alice.save()
    notices = [
        Notice(recipients=[alice], kind="documents.arrived", title="Nghị quyết 1",
               params={"organization": organization})
        for organization in ("Đảng bộ Sở Tài chính", "Chi bộ Phòng Ngân sách")
    ]  # fmt: skip
    notify_many(notices)
    (single,) = notify(
        recipients=[alice], kind="documents.arrived", title="Nghị quyết 2",
        params={"organization": "Đảng bộ Sở Y tế"},
    )  # fmt: skip
    rows = Notification.objects.order_by("id")
    with translation.override("vi"):
        assert [notification_kind_label(r.kind, r.params) for r in rows] == [
            "Đã đến sổ văn bản đến của Đảng bộ Sở Tài chính",
            "Đã đến sổ văn bản đến của Chi bộ Phòng Ngân sách",
            "Đã đến sổ văn bản đến của Đảng bộ Sở Y tế",
        ]
        # Without values (rows sent before), the kind's plain name
        assert notification_kind_label("documents.arrived") == "Đã đến sổ văn bản đến của đơn vị"
    with translation.override("en"):
        assert notification_kind_label(single.kind, single.params) == (
            "Arrived in the incoming register of Đảng bộ Sở Y tế"
        )
    outbox_deliver()
    subjects = sorted(m.subject for m in mail.outbox)
    assert subjects[0] == (
        "[partydesk] Đã đến sổ văn bản đến của Chi bộ Phòng Ngân sách: Nghị quyết 1"
    )


def test_no_email_when_the_installation_has_none(alice):
    alice.email = "alice@example.invalid"
    alice.save()

    ping(alice)

    assert not OutboxMessage.objects.exists()


def test_a_daily_digest_collects_the_day_in_one_email(alice, bob, email_on, alice_client):
    alice.email, bob.email = "alice@example.invalid", "bob@example.invalid"
    alice.save()
    bob.save()
    alice_client.post(reverse("core:notifications"), {"email": EmailFrequency.DAILY})
    notification_preference_set(user=bob, email=EmailFrequency.OFF)
    ping(alice, bob, title="First")
    ping(alice, bob, title="Second")
    outbox_deliver()
    assert mail.outbox == []  # neither wants one email per notification

    call_command("notifications_digest")
    outbox_deliver()

    assert len(mail.outbox) == 1
    digest = mail.outbox[0]
    assert digest.to == ["alice@example.invalid"]
    assert "First" in digest.body and "Second" in digest.body
    assert notifications_digest() == 0  # nothing left to send
