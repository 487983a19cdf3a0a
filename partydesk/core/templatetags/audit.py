"""`{{ event|audit_sentence }}`: the event as a readable sentence (core.audit_sentences)."""

from __future__ import annotations

from typing import Any

from django import template

from partydesk.core.audit_sentences import sentence_for

register = template.Library()


@register.filter
def audit_sentence(event: Any) -> str:
    return sentence_for(event)
