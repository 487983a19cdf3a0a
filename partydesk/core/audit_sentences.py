"""Readable sentences for audit events: each app registers one per dotted action it writes.

The audit viewer shows "Nguyễn Văn A đã duyệt văn bản 12-CV/ĐUK" and keeps the dotted name
(`documents.document.approved`) as a detail. The core imports no domain app, so the apps fill
this registry in their AppConfig.ready(); an action nobody registered shows its dotted name."""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _

_sentences: dict[str, str | Promise] = {}


def register(action: str, sentence: str | Promise) -> None:
    """`sentence` is a lazily translated text with %(actor)s and %(target)s."""
    _sentences[action] = sentence


def sentence_for(event: Any) -> str:
    """The event as a sentence in the current language, or "" when none is registered."""
    template = _sentences.get(event.action)
    if template is None:
        return ""
    return str(template) % {
        "actor": event.actor_label if event.actor_label not in ("", "system") else _("The system"),
        "target": event.target_label or "—",
    }
