"""Today's dashboard is assembled from what each app registers in AppConfig.ready().

The core cannot import domain apps, so they plug in here instead:
- a panel provider takes the request and returns panels ("what needs me now": overdue
  items, reviews due, ...);
- a figure provider takes the request and those panels and returns headline figures, the
  tiles above the panels. The core's own (waiting, urgent, areas) are derived from the
  panels and cost no query; an app's figure should be as cheap.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Panel:
    """One card on the dashboard. `count` feeds the notification badge in the top bar;
    `urgent_count` says how many of them are urgent when not all are (a member's tasks,
    some overdue)."""

    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    count: int = 0
    order: int = 100
    urgent: bool = False
    urgent_count: int | None = None


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


@dataclass(frozen=True)
class Figure:
    """One headline figure. `tone` "warn" or "ok" colours the tile; `icon` names a sprite."""

    label: str | Promise
    value: int | str
    icon: str = "chart"
    order: int = 100
    tone: str = ""


FigureProvider = Callable[[HttpRequest, Sequence[Panel]], list[Figure]]
_figure_providers: list[FigureProvider] = []


def register_figures(provider: FigureProvider) -> FigureProvider:
    """Add a headline-figure provider (idempotent, like `register`)."""
    if provider not in _figure_providers:
        _figure_providers.append(provider)
    return provider


def figures_for(request: HttpRequest, panels: Sequence[Panel]) -> list[Figure]:
    """Every registered headline figure for this request, by order."""
    figures = [f for provider in _figure_providers for f in provider(request, panels)]
    return sorted(figures, key=lambda f: f.order)


def panel_figures(request: HttpRequest, panels: Sequence[Panel]) -> list[Figure]:
    """The core's figures, read off the panels: items waiting, urgent ones, areas with work."""
    if not panels:
        return []
    urgent = sum(
        panel.count if panel.urgent_count is None else panel.urgent_count
        for panel in panels
        if panel.urgent
    )
    return [
        Figure(_("Items waiting for me"), sum(p.count for p in panels), icon="task", order=10),
        Figure(
            _("Urgent or overdue"),
            urgent,
            icon="alert" if urgent else "check",
            order=20,
            tone="warn" if urgent else "ok",
        ),
        Figure(_("Areas with work"), sum(1 for p in panels if p.count), order=30),
    ]
