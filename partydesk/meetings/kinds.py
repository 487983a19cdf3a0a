"""The default meeting kinds (domain rules §5 and §8), installed by a migration and edited
afterwards as data. Names are English msgids so that each reader sees them in their
language; an organization's own kinds are stored as typed."""

from __future__ import annotations

from typing import NamedTuple

from django.utils.translation import gettext_noop


class KindDefault(NamedTuple):
    code: str
    name: str
    quorum: tuple[int, int]
    strict: bool
    needs_quorum: bool
    days_ahead: int
    confidential: bool


# Committees decide with at least two thirds of their members present (working rules of
# Party committees); cells and conferences are valid with more than half of the official
# members counted (§8: official members less those temporarily away or exempted and absent).
DEFAULT_KINDS = (
    KindDefault(
        "standing_committee",
        gettext_noop("Standing committee meeting"),
        (2, 3),
        False,
        True,
        2,
        True,
    ),
    KindDefault("committee", gettext_noop("Committee meeting"), (2, 3), False, True, 3, True),
    KindDefault("cell_monthly", gettext_noop("Monthly cell meeting"), (1, 2), True, True, 2, False),
    KindDefault("conference", gettext_noop("Conference"), (1, 2), True, True, 5, False),
    KindDefault("class", gettext_noop("Class"), (1, 2), True, False, 3, False),
)
