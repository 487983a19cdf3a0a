"""Errors of logins and accounts; each message tells the person what to do next."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partydesk.core.errors import DomainError


class InvalidCredentials(DomainError):
    default_message = gettext_lazy(
        "The username/email or password is not correct. Check them and try again."
    )


class InvalidCode(DomainError):
    default_message = gettext_lazy(
        "The code is not correct. Enter the 6-digit code your app shows now, "
        "or one of your recovery codes."
    )


class AccountLocked(DomainError):
    """Too many failed attempts: the account refuses logins until `until`."""

    def __init__(self, until: dt.datetime) -> None:
        self.until = until
        local = timezone.localtime(until)
        super().__init__(
            _(
                "This account is locked after too many failed attempts. "
                "Try again after %(time)s on %(date)s, or ask an administrator to unlock it."
            )
            % {"time": local.strftime("%H:%M"), "date": local.strftime("%d/%m/%Y")}
        )


class RateLimited(DomainError):
    """Too many attempts from one address or on one account in the current minute."""

    def __init__(self, retry_after: int) -> None:
        self.retry_after = retry_after
        super().__init__(
            _("Too many attempts. Wait %(seconds)s seconds, then try again.")
            % {"seconds": retry_after}
        )
