"""The side menu: each app registers its entries in AppConfig.ready(); the core draws them.

An entry shows only when the actor's roles open its page (`capabilities`: any one of them
on the acting organization; none means every signed-in user), so a menu never leads to a
403. `current` names the views under which the entry is marked as the page one is on
("app:url_name", or "app:*" for any view of the app; an exact name wins over a wildcard).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.functional import Promise

from partydesk.core.http import Acting


@dataclass(frozen=True)
class Section:
    """A heading of the side menu ("Work", "Administration", ...)."""

    key: str
    label: str | Promise
    order: int = 100


@dataclass(frozen=True)
class MenuEntry:
    """One link of the side menu."""

    label: str | Promise
    url_name: str
    section: str
    icon: str
    order: int = 100
    capabilities: tuple[str, ...] = ()
    scoped: bool = True
    current: tuple[str, ...] = ()
    # For a page whose right to open is known only once every app is ready (a page that
    # gathers what other apps register): asked instead of `capabilities`.
    shown_when: Callable[[Acting], bool] | None = None

    def visible_to(self, actor: Acting) -> bool:
        if self.scoped and actor.scope is None:
            return False
        if self.shown_when is not None:
            return self.shown_when(actor)
        return not self.capabilities or any(actor.can(code) for code in self.capabilities)

    def marks(self) -> tuple[str, ...]:
        return self.current or (self.url_name,)


@dataclass(frozen=True)
class ShownEntry:
    """An entry as drawn for one request."""

    entry: MenuEntry
    url: str
    is_current: bool = False

    @property
    def label(self) -> str | Promise:
        return self.entry.label

    @property
    def icon(self) -> str:
        return self.entry.icon


@dataclass(frozen=True)
class ShownSection:
    section: Section
    entries: list[ShownEntry] = field(default_factory=list)

    @property
    def label(self) -> str | Promise:
        return self.section.label


_sections: dict[str, Section] = {}
_entries: dict[str, MenuEntry] = {}


def register_section(section: Section) -> Section:
    """Add a heading (idempotent: registering the same key again replaces it)."""
    _sections[section.key] = section
    return section


def register(*entries: MenuEntry) -> None:
    """Add menu entries, keyed by URL name (so a reloaded app does not add them twice)."""
    for entry in entries:
        _entries[entry.url_name] = entry


def entries() -> list[MenuEntry]:
    """Every registered entry, in menu order."""
    order = {key: (s.order, key) for key, s in _sections.items()}
    return sorted(
        _entries.values(),
        key=lambda e: (order.get(e.section, (1000, e.section)), e.order, e.url_name),
    )


def _current(all_entries: Iterable[MenuEntry], view_name: str) -> MenuEntry | None:
    """The entry to mark for the view being shown: an exact name first, then `app:*`."""
    app = view_name.split(":", 1)[0]
    wildcard = None
    for entry in all_entries:
        marks = entry.marks()
        if view_name in marks:
            return entry
        if wildcard is None and f"{app}:*" in marks:
            wildcard = entry
    return wildcard


def menu_for(actor: Acting, view_name: str = "") -> list[ShownSection]:
    """The sections and entries this actor may open, the current one marked; empty
    sections are left out."""
    visible = [entry for entry in entries() if entry.visible_to(actor)]
    current = _current(visible, view_name) if view_name else None
    shown: dict[str, ShownSection] = {}
    for entry in visible:
        url = reverse(entry.url_name)
        section = _sections.get(entry.section) or Section(entry.section, entry.section)
        shown.setdefault(entry.section, ShownSection(section)).entries.append(
            ShownEntry(entry, url, is_current=entry is current)
        )
    return list(shown.values())
