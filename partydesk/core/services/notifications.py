"""Notifications: one row per person under the bell, and email when the installation has
it, right away (through the outbox, after commit) or in a daily digest, as each person
chose. Every module sends through `notify`; the bell counts unread rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from partydesk.core.audit import audit_log
from partydesk.core.models import (
    EmailFrequency,
    Notification,
    NotificationPreference,
    OutboxMessage,
)
from partydesk.core.rows import rows_insert
from partydesk.core.services.outbox import outbox_enqueue, outbox_handler

EMAIL_KIND = "core.notification_email"
DIGEST_KIND = "core.notification_digest"
DIGEST_WINDOW = dt.timedelta(days=7)
DIGEST_MAX_ITEMS = 50

_kind_labels: dict[str, str | Promise] = {}
_kind_sentences: dict[str, str | Promise] = {}


def notification_kind_register(
    kind: str, label: str | Promise, *, sentence: str | Promise | None = None
) -> None:
    """Name a kind of notification (e.g. "documents.review"), shown translated next to it.
    A `sentence` with %(name)s placeholders is shown instead for a notification sent with
    their values (`params`): "Arrived in the incoming register of %(organization)s"."""
    _kind_labels[kind] = label
    if sentence is not None:
        _kind_sentences[kind] = sentence


def notification_kind_label(kind: str, params: Mapping[str, Any] | None = None) -> str:
    """The translated name of a kind, or its sentence filled with a notification's `params`;
    an unregistered kind shows as itself."""
    sentence = _kind_sentences.get(kind)
    if params and sentence is not None:
        try:
            return str(sentence) % params
        except (KeyError, TypeError, ValueError):
            pass  # a translation that names another value: the plain name still says it
    return str(_kind_labels.get(kind, kind))


def _target_of(target: models.Model | None) -> tuple[str, str]:
    if target is None:
        return "", ""
    return target._meta.label_lower, str(target.pk)


def _email_frequencies(user_ids: list[int]) -> dict[int, str]:
    chosen = NotificationPreference.objects.filter(user_id__in=user_ids).values_list(
        "user_id", "email"
    )
    frequencies = {user_id: EmailFrequency.IMMEDIATE.value for user_id in user_ids}
    frequencies.update(dict(chosen))
    return frequencies


@transaction.atomic
def notify(
    *,
    recipients: Iterable[Any],
    kind: str,
    title: str,
    url: str = "",
    body: str = "",
    urgent: bool = False,
    organization_id: int | None = None,
    target: models.Model | None = None,
    email: bool = True,
    params: Mapping[str, Any] | None = None,
) -> list[Notification]:
    """One notification per person (each once, however often listed). Those who want email
    right away get it through the outbox, so it leaves only if this transaction commits;
    `email=False` when the calling app sends its own richer email (an invitation with its
    calendar file); `params` fill the kind's sentence (`notification_kind_register`)."""
    people = {person.pk: person for person in recipients if person is not None}
    if not people:
        return []
    target_type, target_id = _target_of(target)
    rows = Notification.objects.bulk_create(
        Notification(
            recipient_id=pk,
            kind=kind,
            title=title[:300],
            body=body,
            params=dict(params or {}),
            url=url,
            urgent=urgent,
            organization_id=organization_id,
            target_type=target_type,
            target_id=target_id,
        )
        for pk in people
    )
    if email:
        _email_soon([(row.pk, row.recipient_id) for row in rows], people)
    return rows


def _email_soon(rows: Sequence[tuple[int, int]], people: dict[int, Any]) -> None:
    """Queue the email of each (notification, recipient) whose person wants it right away
    (after commit)."""
    if not settings.PARTYDESK_EMAIL_ENABLED:
        return
    frequencies = _email_frequencies(list(people))
    for pk, recipient_id in rows:
        person = people[recipient_id]
        if frequencies[recipient_id] == EmailFrequency.IMMEDIATE and person.email:
            outbox_enqueue(
                kind=EMAIL_KIND,
                payload={"notification": pk},
                idempotency_key=f"{EMAIL_KIND}:{pk}",
            )


@dataclass(frozen=True)
class Notice:
    """One notification of `notify_many`: what `notify` takes, for its own people."""

    recipients: Sequence[Any]
    kind: str
    title: str
    url: str = ""
    urgent: bool = False
    organization_id: int | None = None
    target: models.Model | None = None
    params: Mapping[str, Any] = field(default_factory=dict)


@transaction.atomic
def notify_many(notices: Sequence[Notice]) -> int:
    """`notify` for many targets at once (a release registered at thousands of
    recipients): every row in multi-row inserts of the columns that differ (core.rows_insert:
    no model instance per row), each person once per notice; how many rows were written."""
    rows: list[tuple[Any, ...]] = []
    people: dict[int, Any] = {}
    for notice in notices:
        target_type, target_id = _target_of(notice.target)
        for pk, person in {p.pk: p for p in notice.recipients if p is not None}.items():
            people[pk] = person
            rows.append(
                (
                    pk,
                    notice.kind,
                    notice.title[:300],
                    notice.url,
                    notice.urgent,
                    notice.organization_id,
                    target_type,
                    target_id,
                    dict(notice.params),
                )
            )
    written = rows_insert(
        Notification(created_at=timezone.now()),
        varying=[
            "recipient_id",
            "kind",
            "title",
            "url",
            "urgent",
            "organization_id",
            "target_type",
            "target_id",
            "params",
        ],
        rows=rows,
        returning=["pk", "recipient_id"] if settings.PARTYDESK_EMAIL_ENABLED else [],
    )
    _email_soon([(pk, recipient_id) for pk, recipient_id in written], people)
    return len(rows)


def notification_read(*, user: Any, notification: Notification) -> None:
    """Mark one of the person's notifications read (someone else's: nothing happens)."""
    Notification.objects.filter(
        pk=notification.pk, recipient_id=user.pk, read_at__isnull=True
    ).update(read_at=timezone.now())


def notifications_read_all(*, user: Any) -> int:
    """Mark every unread notification of the person read; how many there were."""
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def notifications_read_about(*, user: Any, target: models.Model) -> None:
    """The person opened the thing: their notifications about it are read."""
    target_type, target_id = _target_of(target)
    Notification.objects.filter(
        recipient_id=user.pk, target_type=target_type, target_id=target_id, read_at__isnull=True
    ).update(read_at=timezone.now())


@transaction.atomic
def notification_preference_set(*, user: Any, email: str) -> NotificationPreference:
    """Choose how notifications reach the person by email."""
    if email not in EmailFrequency.values:
        raise ValueError(f"unknown email frequency {email!r}")
    preference, _created = NotificationPreference.objects.update_or_create(
        user_id=user.pk, defaults={"email": email}
    )
    audit_log(
        actor=user,
        action="core.notification_preference.changed",
        target=preference,
        details={"email": email},
    )
    return preference


def _absolute(url: str) -> str:
    return f"{settings.SITE_URL}{url}" if url.startswith("/") else url


def _line(notification: Notification) -> str:
    label = notification_kind_label(notification.kind, notification.params)
    link = _absolute(notification.url)
    return f"{label}: {notification.title}" + (f"\n{link}" if link else "")


@outbox_handler(EMAIL_KIND)
def _send_one(message: OutboxMessage) -> None:
    notification = (
        Notification.objects.select_related("recipient")
        .filter(pk=message.payload["notification"])
        .first()
    )
    if notification is None or notification.read_at or notification.emailed_at:
        return  # gone, already seen under the bell, or already sent
    person = notification.recipient
    with translation.override(getattr(person, "preferred_language", "") or settings.LANGUAGE_CODE):
        label = notification_kind_label(notification.kind, notification.params)
        subject = f"[partydesk] {label}: {notification.title}"
        text = "\n\n".join(part for part in [_line(notification), notification.body] if part)
    send_mail(subject[:200], text, None, [person.email])
    Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())


@outbox_handler(DIGEST_KIND)
def _send_digest(message: OutboxMessage) -> None:
    rows = list(
        Notification.objects.select_related("recipient")
        .filter(pk__in=message.payload["notifications"])
        .order_by("-urgent", "-created_at")
    )
    if not rows:
        return
    person = rows[0].recipient
    with translation.override(getattr(person, "preferred_language", "") or settings.LANGUAGE_CODE):
        subject = _("[partydesk] %(count)s new notifications") % {"count": len(rows)}
        text = "\n\n".join(_line(row) for row in rows)
    send_mail(subject, text, None, [person.email])


@transaction.atomic
def notifications_digest(*, now: dt.datetime | None = None) -> int:
    """Queue one digest email for every person who chose a daily digest and has unread,
    unsent notifications from the last week; how many digests were queued. Run once a day."""
    if not settings.PARTYDESK_EMAIL_ENABLED:
        return 0
    now = now or timezone.now()
    daily = NotificationPreference.objects.filter(email=EmailFrequency.DAILY).exclude(
        user__email=""
    )
    pending = (
        Notification.objects.filter(
            recipient_id__in=daily.values("user_id"),
            read_at__isnull=True,
            emailed_at__isnull=True,
            created_at__gte=now - DIGEST_WINDOW,
            created_at__lte=now,
        )
        .order_by("recipient_id", "-urgent", "-created_at")
        .values_list("recipient_id", "pk")
    )
    per_person: dict[int, list[int]] = {}
    for recipient_id, pk in pending:
        per_person.setdefault(recipient_id, []).append(pk)
    for recipient_id, ids in per_person.items():
        outbox_enqueue(
            kind=DIGEST_KIND,
            payload={"notifications": ids[:DIGEST_MAX_ITEMS]},
            idempotency_key=f"{DIGEST_KIND}:{recipient_id}:{now:%Y%m%d%H%M%S}",
        )
        Notification.objects.filter(pk__in=ids).update(emailed_at=now)
    return len(per_person)
