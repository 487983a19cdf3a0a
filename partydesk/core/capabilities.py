"""Capabilities are declared in code, by the app whose rules check them.

Each app lists them on its AppConfig:

    capabilities = {
        "documents.register": Capability(_("Register incoming documents"), roles=("clerk",)),
    }

`roles` names the default roles that get the capability when they are first set up; roles
themselves are data (accounts creates and updates them, administrators edit them). Start-up
checks that every role in the database only names declared capabilities (accounts.E001).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import Promise


@dataclass(frozen=True)
class Capability:
    """Something a role may allow, with its label for the role editor."""

    label: str | Promise
    roles: tuple[str, ...] = ()


@dataclass(frozen=True)
class Declared:
    code: str
    app_label: str
    capability: Capability

    @property
    def label(self) -> str | Promise:
        return self.capability.label


def declared() -> dict[str, Declared]:
    """Every capability the installed apps declare, by code. Two apps declaring the same
    code is a programming error."""
    found: dict[str, Declared] = {}
    for config in apps.get_app_configs():
        for code, capability in getattr(config, "capabilities", {}).items():
            if code in found:
                raise ImproperlyConfigured(
                    f"capability {code} is declared by {found[code].app_label} and {config.label}"
                )
            found[code] = Declared(code, config.label, capability)
    return found


def defaults_for(role: str) -> list[str]:
    """The capabilities the apps give a default role, in declaration order."""
    return [code for code, item in declared().items() if role in item.capability.roles]
