"""Domain errors, declared once. Each carries a translated message a person can act on."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """A business rule refused the action; the message says why and what to do."""

    default_message = _("The action could not be completed.")

    def __init__(self, message: object = None, *, field: str | None = None) -> None:
        self.message = message if message is not None else self.default_message
        self.field = field
        super().__init__(str(self.message))


class NotAllowed(DomainError):
    default_message = _("You are not allowed to do this.")


class NotFound(DomainError):
    """The object does not exist for this user; views and the API answer 404."""

    default_message = _("Not found.")


class InvalidTransition(DomainError):
    default_message = _("This step is not possible in the current status.")


class InvalidInput(DomainError):
    default_message = _("Some of the information is not valid.")


class Conflict(DomainError):
    default_message = _("Someone else changed this at the same time; reload and try again.")
