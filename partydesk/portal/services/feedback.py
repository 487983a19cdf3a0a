"""Reader feedback (ADR 0022, "Reader feedback"): a reader sends a message on an article, it
waits for the editors of the article's desk, who publish it (with an answer) or reject it."""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass

import nh3
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partydesk.accounts.models import User
from partydesk.accounts.selectors import users_with
from partydesk.core.audit import audit_log
from partydesk.core.errors import InvalidInput, NotAllowed
from partydesk.core.http import Acting
from partydesk.core.services.notifications import notification_kind_register, notify
from partydesk.organizations.models import Organization
from partydesk.portal.models import MESSAGE_MAX, FeedbackStatus, NewsPage, ReaderFeedback
from partydesk.portal.permissions import MODERATE_CAPABILITIES, can_moderate_feedback
from partydesk.portal.selectors import page_owner_organization
from partydesk.portal.services.page_cache import page_cache_clear

FEEDBACK_KIND = "portal.feedback"
notification_kind_register(FEEDBACK_KIND, gettext_lazy("Reader feedback to moderate"))

_BLANK_LINES = re.compile(r"\n{3,}")
_KEEP = {"\n", "\t"}


def plain_text(raw: str, *, limit: int = MESSAGE_MAX) -> str:
    """What a reader typed, as plain text: tags dropped (a script or style with its content),
    entities decoded and cleaned again (so an escaped tag does not come back as a tag),
    control characters removed, NFC, at most one blank line in a row, `limit` characters."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    for _round in range(3):
        cleaned = html.unescape(nh3.clean(text, tags=set()))
        if cleaned == text:
            break
        text = cleaned
    text = unicodedata.normalize("NFC", text)
    text = "".join(ch for ch in text if ch in _KEEP or unicodedata.category(ch)[0] != "C")
    return _BLANK_LINES.sub("\n\n", text).strip()[:limit]


@dataclass(frozen=True)
class FeedbackFields:
    """A reader's message as the form parsed it."""

    name: str
    message: str
    email: str = ""
    phone: str = ""


def _moderators(organization: Organization) -> list[User]:
    people: dict[int, User] = {}
    for capability in MODERATE_CAPABILITIES:
        for user in users_with(capability=capability, organization=organization):
            people.setdefault(user.pk, user)
    return list(people.values())


@transaction.atomic
def feedback_submit(*, page: NewsPage, fields: FeedbackFields) -> ReaderFeedback:
    """Store a reader's message on a live article, pending, and tell the article's desk."""
    name = plain_text(fields.name, limit=100)
    message = plain_text(fields.message)
    if not name:
        raise InvalidInput(_("Write your name."), field="name")
    if not message:
        raise InvalidInput(_("Write your message."), field="message")
    organization = page_owner_organization(page)
    if organization is None:
        raise NotAllowed(_("This page does not take feedback."))
    feedback = ReaderFeedback.objects.create(
        page=page,
        organization=organization,
        name=name,
        email=fields.email.strip(),
        phone=plain_text(fields.phone, limit=20),
        message=message,
    )
    audit_log(
        actor=None,
        action="portal.feedback.received",
        target=feedback,
        organization_id=organization.pk,
        details={"page": page.pk},
    )
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Reader feedback on “%(title)s”") % {"title": page.title}
    notify(
        recipients=_moderators(organization),
        kind=FEEDBACK_KIND,
        title=title,
        body=message[:300],
        # The office's address even when the reader wrote on the portal's own host.
        url=reverse("portal_feedback_moderate", args=[feedback.pk], urlconf=settings.ROOT_URLCONF),
        organization_id=organization.pk,
        target=feedback,
    )
    return feedback


@transaction.atomic
def feedback_moderate(
    *, actor: Acting, feedback: ReaderFeedback, decision: str, answer: str = ""
) -> ReaderFeedback:
    """Publish (with an optional answer from the desk) or reject a reader's message. A
    published message can be rejected later, and its answer changed."""
    feedback = (
        ReaderFeedback.objects.select_for_update()
        .select_related("organization")
        .get(pk=feedback.pk)
    )
    if not can_moderate_feedback(actor, feedback.organization):
        raise NotAllowed(_("Only the editors of this page's desk moderate its feedback."))
    if decision not in (FeedbackStatus.APPROVED, FeedbackStatus.REJECTED):
        raise InvalidInput(_("Choose to publish or to reject the message."))
    feedback.status = decision
    feedback.answer = plain_text(answer)
    feedback.moderated_at = timezone.now()
    feedback.moderated_by = actor.user
    feedback.save(update_fields=["status", "answer", "moderated_at", "moderated_by"])
    audit_log(
        actor=actor.user,
        action=f"portal.feedback.{decision}",
        target=feedback,
        organization_id=feedback.organization_id,
        details={"page": feedback.page_id, "answered": bool(feedback.answer)},
    )
    page_cache_clear()  # the article shows its published feedback
    return feedback
