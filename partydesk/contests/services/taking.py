"""Taking a round: start (or resume) an attempt with its draw fixed, save answers as one
goes, submit once. The server's clock decides: the deadline is set at start (the time
limit, never past the round's close) and answers after it are refused; a second
submission of the same attempt is answered with the stored result."""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable, Sequence
from contextlib import nullcontext

from django.conf import settings
from django.core.signals import setting_changed
from django.db import IntegrityError, connection, transaction
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _

from partydesk.accounts.services.throttle import throttle_hit
from partydesk.contests.models import Answer, Attempt, Registration, Round
from partydesk.contests.services.answering import GRACE, Save, answers_save
from partydesk.core.errors import Conflict, InvalidInput, NotAllowed
from partydesk.learning.selectors.bank import category_get_for, versions_for_marking
from partydesk.learning.services.draw import PoolItem, option_order, pool_build, pool_draw
from partydesk.learning.services.marking import mark

FULL = 1
POOL_SECONDS = 60.0
MAX_POOLS = 256
_pools: dict[tuple[int, int, tuple[int, ...]], tuple[float, list[PoolItem]]] = {}


def round_pool(round_: Round) -> list[PoolItem]:
    """The questions the round draws from (its categories checked against the organizer),
    built once a minute per process rather than per start: at a round's opening every
    start would otherwise read the whole pool. A question added to the bank is drawn
    from within the minute; an attempt keeps the versions it was given."""
    key = (round_.pk, round_.contest.organization_id, tuple(round_.category_ids))
    now = time.monotonic()
    cached = _pools.get(key)
    if cached is not None and now - cached[0] < POOL_SECONDS:
        return cached[1]
    organizer = round_.contest.organization
    categories = [category_get_for(organizer, pk) for pk in round_.category_ids]
    pool = pool_build(categories)
    if len(_pools) >= MAX_POOLS:
        _pools.clear()
    _pools[key] = (now, pool)
    return pool


@receiver(setting_changed)
def _forget_pools(*, setting: str, **_kwargs: object) -> None:
    """Caches reconfigured (each test does): forget the pools too."""
    if setting == "CACHES":
        _pools.clear()


def _draw(round_: Round, seed: str) -> list[list[object]]:
    items = pool_draw(round_pool(round_), count=round_.question_count, seed=seed)
    rng = random.Random(seed)
    return [[item.version_id, option_order(item, rng, shuffle=True)] for item in items]


def taker_limit(registration_id: int) -> None:
    """Count a repeated start against the person's limit a minute (RateLimited past it):
    the `on_repeat` of `attempt_start` on every path that starts an attempt."""
    throttle_hit(
        "contests.taker",
        str(registration_id),
        limit=settings.PARTYDESK_CONTESTS_TAKER_RATE_PER_MINUTE,
    )


def attempt_start(
    *,
    registration: Registration,
    round_: Round,
    practice: bool = False,
    now: dt.datetime | None = None,
    on_repeat: Callable[[], None] | None = None,
    earlier: Sequence[Attempt] | None = None,
) -> Attempt:
    """The person's attempt in progress (resumed with the time left), or a new one: ranked
    only while the round is open and within its attempts; practice at any time.

    `on_repeat` (the caller's rate limit, which raises when over it) is called only when
    the person already has an attempt of this kind in the round: a first start is once
    per round by the unique attempt number, so the opening spike pays no limit's round
    trips, while resuming and further attempts (practice has no cap) are limited.
    `earlier`: the person's attempts of this kind in the round when the caller has read
    them already (`round_start_read`); else they are read here."""
    now = now or timezone.now()
    if registration.contest_id != round_.contest_id or registration.disqualified_reason:
        raise NotAllowed(_("This registration cannot take this round."))
    if not practice and not round_.opens_at <= now < round_.closes_at:
        raise Conflict(_("The round is not open now."))
    if earlier is None:
        earlier = list(
            Attempt.objects.filter(round=round_, registration=registration, practice=practice)
        )
    if earlier and on_repeat is not None:
        on_repeat()
    for attempt in earlier:
        if attempt.submitted_at is None and now <= attempt.deadline + GRACE:
            return attempt
    for attempt in earlier:
        if attempt.submitted_at is None:  # time ran out while away: hand in what was saved
            attempt_submit(attempt=attempt, now=now)
    if not practice and len(earlier) >= round_.attempts_allowed:
        raise Conflict(_("You have used every attempt this round allows."))
    number = len(earlier) + 1
    seed = f"{round_.pk}:{registration.pk}:{int(practice)}:{number}"
    deadline = now + dt.timedelta(minutes=round_.time_limit_minutes)
    if not practice:
        deadline = min(deadline, round_.closes_at)
    draw = _draw(round_, seed)
    # One INSERT: in autocommit it is its own transaction (no BEGIN and COMMIT round trips);
    # inside a caller's transaction a savepoint keeps that one usable after a duplicate.
    guard = transaction.atomic() if connection.in_atomic_block else nullcontext()
    try:
        with guard:
            return Attempt.objects.create(
                round=round_,
                registration=registration,
                number=number,
                practice=practice,
                started_at=now,
                deadline=deadline,
                draw=draw,
            )
    except IntegrityError:  # pressed twice at once: the other request's attempt is the one
        return Attempt.objects.get(
            round=round_, registration=registration, practice=practice, number=number
        )


def answer_save(
    *, attempt: Attempt, slot: int, chosen: Sequence[int], now: dt.datetime | None = None
) -> None:
    """Save the answer in a slot from the page's form (again: one row per slot, so a retry
    never counts twice); refused once the attempt is submitted or the server's deadline has
    passed. The lean endpoint's batch save, with its rate limit per attempt."""
    answers_save(
        attempt_id=attempt.pk,
        saves=[Save(slot, tuple(int(p) for p in chosen))],
        limit=settings.PARTYDESK_CONTESTS_TAKER_RATE_PER_MINUTE,
        now=now,
    )


@transaction.atomic
def attempt_submit(
    *, attempt: Attempt, prediction: int | None = None, now: dt.datetime | None = None
) -> Attempt:
    """Hand the attempt in with what was saved and count the questions answered right.
    Once: a second submission returns the stored result. Past the deadline the attempt
    is handed in at the deadline, without a prediction sent late."""
    now = now or timezone.now()
    if prediction is not None and prediction < 0:
        raise InvalidInput(_("A prediction is a number of people."), field="prediction")
    locked = Attempt.objects.select_for_update().get(pk=attempt.pk)
    if locked.submitted_at is not None:
        return locked
    on_time = now <= locked.deadline + GRACE
    submitted = min(now, locked.deadline)
    versions = versions_for_marking(row[0] for row in locked.draw)
    saved = {a.slot: a.chosen for a in Answer.objects.filter(attempt=locked)}
    right = 0
    for slot, (version_id, _order) in enumerate(locked.draw):
        kind, options = versions[version_id]
        right += mark(kind, options, saved.get(slot, [])) == FULL
    locked.score = right
    locked.prediction = prediction if on_time else None
    locked.submitted_at = submitted
    locked.seconds = max(0, int((submitted - locked.started_at).total_seconds()))
    locked.submitted_us = int(submitted.timestamp() * 1_000_000)
    locked.save(update_fields=["score", "prediction", "submitted_at", "seconds", "submitted_us"])
    return locked
