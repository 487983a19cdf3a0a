"""Drawing questions from the bank: the part exams and contests share.

`pool_build` reads the current versions of every question under some categories in one
query; `pool_draw` is pure (a seeded random generator over that pool), so a caller can
compute the pool once and draw for each taker without touching the database.
`questions_draw` does both for callers that draw once (contests)."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.db.models import Count
from django.utils.translation import gettext as _

from partydesk.core.errors import InvalidInput
from partydesk.learning.models import Category, Question
from partydesk.learning.selectors.bank import category_subtree_ids


@dataclass(frozen=True)
class PoolItem:
    """A question's current version as a draw needs it."""

    version_id: int
    difficulty: int
    options: int
    shuffle: bool

    def dump(self) -> list[int | bool]:
        return [self.version_id, self.difficulty, self.options, self.shuffle]

    @classmethod
    def load(cls, row: Sequence[int | bool]) -> PoolItem:
        return cls(int(row[0]), int(row[1]), int(row[2]), bool(row[3]))


def pool_build(categories: Sequence[Category]) -> list[PoolItem]:
    """Every question filed under these categories (and their subcategories), at its
    current version, with its number of options. The caller has checked that it may see
    the categories."""
    ids = sorted({pk for category in categories for pk in category_subtree_ids(category)})
    rows = (
        Question.objects.filter(category__in=ids, current__isnull=False)
        .annotate(options=Count("current__choices"))
        .values_list("current_id", "difficulty", "options", "current__shuffle")
        .order_by("pk")
    )
    return [PoolItem(v, d, n, s) for v, d, n, s in rows]


def pool_draw(
    pool: Sequence[PoolItem],
    *,
    count: int,
    mix: Mapping[int, int] | None = None,
    seed: int | str,
) -> list[PoolItem]:
    """`count` distinct questions drawn at random (the same seed gives the same draw);
    with a `mix` ({difficulty: how many}), that many of each difficulty and the rest from
    any. Refused when the pool cannot supply them."""
    rng = random.Random(str(seed))
    mix = {int(k): int(v) for k, v in (mix or {}).items() if int(v) > 0}
    if sum(mix.values()) > count:
        raise InvalidInput(_("The difficulty mix asks for more questions than the exam has."))
    chosen: list[PoolItem] = []
    for difficulty, wanted in sorted(mix.items()):
        candidates = [item for item in pool if item.difficulty == difficulty]
        if len(candidates) < wanted:
            raise InvalidInput(
                _("The bank has %(have)s question(s) of that difficulty; %(want)s are asked for.")
                % {"have": len(candidates), "want": wanted}
            )
        chosen.extend(rng.sample(candidates, wanted))
    taken = {item.version_id for item in chosen}
    rest = [item for item in pool if item.version_id not in taken]
    if len(rest) < count - len(chosen):
        raise InvalidInput(
            _("The chosen categories hold %(have)s question(s); the exam needs %(want)s.")
            % {"have": len(pool), "want": count}
        )
    chosen.extend(rng.sample(rest, count - len(chosen)))
    rng.shuffle(chosen)
    return chosen


def option_order(item: PoolItem, rng: random.Random, *, shuffle: bool) -> list[int]:
    """The positions of a question's options in the order a taker sees them."""
    order = list(range(item.options))
    if shuffle and item.shuffle:
        rng.shuffle(order)
    return order


def questions_draw(
    *,
    categories: Sequence[Category],
    count: int,
    mix: Mapping[int, int] | None = None,
    seed: int | str,
) -> list[int]:
    """Version ids of `count` questions drawn from the categories (contests' entry point)."""
    return [
        item.version_id
        for item in pool_draw(pool_build(categories), count=count, mix=mix, seed=seed)
    ]
