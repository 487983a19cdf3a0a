"""The hot path of taking a round: saving answers (docs/decisions/0026, Scale).

One call saves a batch of answers of one attempt in one short transaction (one statement
on PostgreSQL, the production database; the ORM elsewhere): the attempt's
row is updated first (its per-minute save counter, the rate limit, under the deadline and
not-submitted condition), which locks it against a concurrent hand-in, so an answer that is
acknowledged is one the hand-in will count, and one that comes after it is refused. Each
answer is one row per slot (a unique constraint), written again in place, and carries the
taker's own sequence number for the slot: a retry overtaken by a newer answer is
acknowledged without overwriting it. Nothing is ever counted twice and nothing acknowledged
is lost.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core import signing
from django.db import connection, transaction
from django.db.models import Case, F, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from partydesk.accounts.errors import RateLimited
from partydesk.contests.models import Answer, Attempt
from partydesk.core.errors import Conflict, InvalidInput

GRACE = dt.timedelta(seconds=5)  # a request sent just before the deadline still counts
TOKEN_SALT = "partydesk.contests.answers"  # noqa: S105 (a salt, not a secret)
TOKEN_MAX_AGE = 2 * 86_400  # longer than any attempt: the deadline is what refuses


@dataclass(frozen=True)
class Save:
    """One answer: the slot, the options chosen (positions in the question as stored) and
    the taker's counter for that slot (None from the page's form: always the latest)."""

    slot: int
    chosen: tuple[int, ...]
    seq: int | None = None


def attempt_token(attempt: Attempt) -> str:
    """The signed token the lean answer endpoint accepts for this attempt (and only it)."""
    return signing.TimestampSigner(salt=TOKEN_SALT).sign(str(attempt.pk))


def attempt_id_from_token(token: str) -> int | None:
    """The attempt a token was issued for, or None for a forged, altered or old one."""
    try:
        value = signing.TimestampSigner(salt=TOKEN_SALT).unsign(token, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:
        return None
    return int(value) if value.isdigit() else None


def _checked(draw: list[list[object]], saves: Sequence[Save]) -> None:
    for save in saves:
        if not 0 <= save.slot < len(draw):
            raise InvalidInput(_("There is no such question in this attempt."))
        offered = draw[save.slot][1]
        if not isinstance(offered, list) or any(p not in offered for p in save.chosen):
            raise InvalidInput(_("This answer does not fit the question."))


# PostgreSQL: the whole save in one statement, in autocommit (one round trip, one commit).
# `a` counts the save on the attempt's row (locking it against a hand-in; a hand-in that
# committed first makes the row fail the WHERE, re-checked after the wait), `v` is the
# batch, `ok` its answers that fit the draw; either all are written or none.
SAVE_SQL = """
WITH a AS (
    UPDATE contests_attempt
    SET saves = CASE WHEN saves_minute = %(minute)s THEN saves + 1 ELSE 1 END,
        saves_minute = %(minute)s
    WHERE id = %(attempt)s AND submitted_at IS NULL AND deadline >= %(since)s
    RETURNING id, draw, saves
), v AS (
    SELECT * FROM unnest(%(slots)s::integer[], %(chosen)s::jsonb[], %(seqs)s::integer[])
        AS v(slot, chosen, seq)
), ok AS (
    SELECT a.id, v.slot, v.chosen,
           COALESCE(v.seq, (SELECT old.seq + 1 FROM contests_answer old
                            WHERE old.attempt_id = a.id AND old.slot = v.slot), 0) AS seq
    FROM a, v
    WHERE a.saves <= %(limit)s AND v.slot BETWEEN 0 AND jsonb_array_length(a.draw) - 1
      AND (a.draw -> v.slot -> 1) @> v.chosen
), written AS (
    INSERT INTO contests_answer (attempt_id, slot, chosen, saved_at, seq)
    SELECT id, slot, chosen, %(now)s, seq FROM ok
    WHERE (SELECT count(*) FROM ok) = (SELECT count(*) FROM v)
    ON CONFLICT (attempt_id, slot) DO UPDATE
    SET chosen = EXCLUDED.chosen, saved_at = EXCLUDED.saved_at, seq = EXCLUDED.seq
    WHERE contests_answer.seq < EXCLUDED.seq
    RETURNING 1
)
SELECT (SELECT saves FROM a), (SELECT count(*) FROM ok),
       (SELECT count(*) FROM v, a WHERE v.slot BETWEEN 0 AND jsonb_array_length(a.draw) - 1),
       (SELECT count(*) FROM written)
"""


def _latest(saves: Sequence[Save]) -> dict[int, Save]:
    """Within a batch, the last word on a slot: the highest number (or the form's)."""
    latest: dict[int, Save] = {}
    for save in saves:
        held = latest.get(save.slot)
        if held is None or save.seq is None or (held.seq is not None and save.seq >= held.seq):
            latest[save.slot] = save
    return latest


def _retry_after(now: dt.datetime) -> RateLimited:
    return RateLimited(retry_after=max(1, 60 - int(now.timestamp()) % 60))


def _save_postgresql(
    attempt_id: int, latest: dict[int, Save], limit: int, now: dt.datetime, minute: int
) -> None:
    params: dict[str, Any] = {
        "attempt": attempt_id,
        "minute": minute,
        "since": now - GRACE,
        "limit": limit,
        "now": now,
        "slots": list(latest),
        "chosen": [json.dumps(sorted(set(s.chosen))) for s in latest.values()],
        "seqs": [s.seq for s in latest.values()],
    }
    with connection.cursor() as cursor:
        cursor.execute(SAVE_SQL, params)
        used, fitting, in_range, _written = cursor.fetchone()
    if used is None:
        raise Conflict(_("Time is up: this answer was not saved."))
    if used > limit:
        raise _retry_after(now)
    if in_range < len(latest):
        raise InvalidInput(_("There is no such question in this attempt."))
    if fitting < len(latest):
        raise InvalidInput(_("This answer does not fit the question."))


def _save_portable(
    attempt_id: int, latest: dict[int, Save], limit: int, now: dt.datetime, minute: int
) -> None:
    """The same rules through the ORM (SQLite, the tests' other database)."""
    with transaction.atomic():
        counted = Attempt.objects.filter(
            pk=attempt_id, submitted_at=None, deadline__gte=now - GRACE
        ).update(
            saves=Case(When(saves_minute=minute, then=F("saves") + 1), default=Value(1)),
            saves_minute=minute,
        )
        if not counted:
            raise Conflict(_("Time is up: this answer was not saved."))
        draw, used = Attempt.objects.filter(pk=attempt_id).values_list("draw", "saves").get()
        if used > limit:
            raise _retry_after(now)
        _checked(json.loads(draw) if isinstance(draw, str) else draw, list(latest.values()))
        stored = dict(
            Answer.objects.filter(attempt_id=attempt_id, slot__in=latest).values_list("slot", "seq")
        )
        rows = [
            Answer(
                attempt_id=attempt_id,
                slot=slot,
                chosen=sorted(set(save.chosen)),
                saved_at=now,
                seq=stored.get(slot, -1) + 1 if save.seq is None else save.seq,
            )
            for slot, save in latest.items()
            if save.seq is None or slot not in stored or save.seq > stored[slot]
        ]
        if rows:
            Answer.objects.bulk_create(
                rows,
                update_conflicts=True,
                unique_fields=["attempt", "slot"],
                update_fields=["chosen", "saved_at", "seq"],
            )


def answers_save(
    *,
    attempt_id: int,
    saves: Sequence[Save],
    limit: int,
    now: dt.datetime | None = None,
) -> list[tuple[int, int | None]]:
    """Save a batch of answers; the (slot, seq) pairs acknowledged (all of them, or an
    error for the whole batch: Conflict once the attempt is handed in or its time is up,
    RateLimited past `limit` saves a minute, InvalidInput for a slot or option the attempt
    does not have). A save whose number is below the stored one is acknowledged without
    changing it; a save without a number (the page's form) is the latest."""
    now = now or timezone.now()
    minute = int(now.timestamp() // 60)
    latest = _latest(saves)
    if connection.vendor == "postgresql":
        _save_postgresql(attempt_id, latest, limit, now, minute)
    else:
        _save_portable(attempt_id, latest, limit, now, minute)
    return [(save.slot, save.seq) for save in saves]
