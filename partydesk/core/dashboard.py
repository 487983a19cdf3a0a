"""Today's dashboard is assembled from panels that each app registers in AppConfig.ready().

The core cannot import domain apps, so they plug in here instead: a provider takes the
request and returns panels ("what needs me now": overdue items, reviews due, ...).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest


@dataclass(frozen=True)
class Panel:
    """One card on the dashboard. `count` feeds the notification badge in the top bar."""

    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    count: int = 0
    order: int = 100
    urgent: bool = False


PanelProvider = Callable[[HttpRequest], list[Panel]]
_providers: list[PanelProvider] = []


def register(provider: PanelProvider) -> PanelProvider:
    """Add a panel provider (idempotent, so a reloaded app does not register twice)."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def panels_for(request: HttpRequest) -> list[Panel]:
    """Every registered panel for this request, urgent first, then by order."""
    panels = [panel for provider in _providers for panel in provider(request)]
    return sorted(panels, key=lambda p: (not p.urgent, p.order))
