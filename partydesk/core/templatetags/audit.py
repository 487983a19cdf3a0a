"""`{{ event|audit_sentence }}`: the event as a readable sentence (core.audit_sentences);
`{{ event|audit_details }}`: its details as (label, value) rows (core.audit_details)."""

from __future__ import annotations

from typing import Any

from django import template

from partydesk.core.audit_details import detail_rows
from partydesk.core.audit_sentences import sentence_for

register = template.Library()


@register.filter
def audit_sentence(event: Any) -> str:
    return sentence_for(event)


@register.filter
def audit_details(event: Any) -> list[tuple[str, str]]:
    return detail_rows(getattr(event, "details", None))
