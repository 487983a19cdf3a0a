"""Template helpers of the accounts app."""

from __future__ import annotations

from django import template
from django.utils.translation import get_language

from partydesk.accounts.models import Role

register = template.Library()


@register.filter
def role_label(role: Role) -> str:
    """The role's name in the current language (Vietnamese unless English is chosen)."""
    return role.label((get_language() or "vi")[:2])
