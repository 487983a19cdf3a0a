"""Exams: setting one (its pool precomputed from the bank), starting an attempt (the draw
fixed in one cheap transaction), saving answers against the server's clock, submitting and
marking. Takers act for themselves; organizers need `learning.exams.manage`."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping, Sequence
from decimal import Decimal

from django.core.signals import setting_changed
from django.db import IntegrityError, transaction
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _

from partydesk.core.audit import audit_log
from partydesk.core.errors import Conflict, InvalidInput, NotAllowed
from partydesk.core.http import SYSTEM, Acting
from partydesk.learning.models import Answer, Attempt, AttemptStatus, Category, CourseClass, Exam
from partydesk.learning.permissions import EXAMS_MANAGE
from partydesk.learning.selectors.bank import categories_for
from partydesk.learning.selectors.exams import attempt_questions
from partydesk.learning.services.certificates import certificate_issue_for_pass
from partydesk.learning.services.draw import PoolItem, option_order, pool_build, pool_draw
from partydesk.learning.services.marking import HUNDRED, ZERO, mark
from partydesk.organizations.models import Organization

# Answers sent in the last seconds reach the server a little after the taker pressed:
# they are accepted up to this long past the deadline, and nothing later.
GRACE = dt.timedelta(seconds=3)
MAX_TEXT = 20_000
MAX_POOLS = 256
_pools: dict[tuple[int, dt.datetime], list[PoolItem]] = {}


def exams_check_manage(actor: Acting, organization: Organization) -> None:
    if not actor.can(EXAMS_MANAGE, on=organization):
        raise NotAllowed(_("Only those who manage exams may do this."))


@transaction.atomic
def exam_create(
    *,
    actor: Acting,
    organization: Organization,
    title: str,
    categories: Sequence[Category],
    question_count: int,
    time_limit_minutes: int,
    opens_at: dt.datetime,
    closes_at: dt.datetime,
    mix: Mapping[int, int] | None = None,
    attempts_allowed: int = 1,
    pass_mark: Decimal = Decimal(50),
    shuffle: bool = True,
    course_class: CourseClass | None = None,
) -> Exam:
    """An exam whose blueprint the bank can supply; the pool of current versions is
    computed now, so a synchronized start reads no bank table."""
    exams_check_manage(actor, organization)
    title = " ".join(title.split())
    if not title or len(title) > 255:
        raise InvalidInput(_("Write 1 to 255 characters."), field="title")
    if course_class is not None and course_class.organization_id != organization.pk:
        raise NotAllowed(_("An exam is set for one of the organization's own classes."))
    visible = {c.pk for c in categories_for(organization)}
    if not categories or any(c.pk not in visible for c in categories):
        raise InvalidInput(
            _("Choose categories of the bank this organization sees."), field="categories"
        )
    if closes_at <= opens_at:
        raise InvalidInput(_("The exam closes after it opens."), field="closes_at")
    if not 1 <= question_count <= 500 or not 1 <= time_limit_minutes <= 600:
        raise InvalidInput(
            _("From 1 to 500 questions and 1 to 600 minutes."), field="question_count"
        )
    if not Decimal(0) <= pass_mark <= HUNDRED or attempts_allowed < 1:
        raise InvalidInput(
            _("A pass mark from 0 to 100% and at least one attempt."), field="pass_mark"
        )
    clean_mix = {str(k): int(v) for k, v in (mix or {}).items() if v}
    pool = pool_build(categories)
    pool_draw(pool, count=question_count, mix={int(k): v for k, v in clean_mix.items()}, seed=0)
    exam = Exam.objects.create(
        organization=organization,
        course_class=course_class,
        title=title,
        question_count=question_count,
        mix=clean_mix,
        time_limit_minutes=time_limit_minutes,
        opens_at=opens_at,
        closes_at=closes_at,
        attempts_allowed=attempts_allowed,
        pass_mark=pass_mark,
        shuffle=shuffle,
        pool=[item.dump() for item in pool],
    )
    exam.categories.set(categories)
    audit_log(
        actor=actor.user,
        action="learning.exam.created",
        target=exam,
        organization_id=organization.pk,
        details={"questions": question_count, "pool": len(pool)},
    )
    return exam


def exam_pool(exam: Exam) -> list[PoolItem]:
    """The exam's pool, read and loaded once per process: it is fixed when the exam is set
    (`exam_create` is its only writer), and the key holds the exam's creation time, so an
    id used again (SQLite may) is another exam."""
    key = (exam.pk, exam.created_at)
    pool = _pools.get(key)
    if pool is None:
        rows = (
            Exam.objects.filter(pk=exam.pk).values_list("pool", flat=True).get()
            if "pool" in exam.get_deferred_fields()
            else exam.pool
        )
        pool = [PoolItem.load(row) for row in rows]
        if len(_pools) >= MAX_POOLS:
            _pools.clear()
        _pools[key] = pool
    return pool


@receiver(setting_changed)
def _forget_pools(*, setting: str, **_kwargs: object) -> None:
    """Caches reconfigured (each test does, its ids starting again): forget the pools."""
    if setting == "CACHES":
        _pools.clear()


def _draw_for(exam: Exam, user_id: int, number: int) -> list[list[object]]:
    seed = f"{exam.pk}:{user_id}:{number}"
    rng = random.Random(seed)
    pool = exam_pool(exam)
    mix = {int(k): int(v) for k, v in exam.mix.items()}
    items = pool_draw(pool, count=exam.question_count, mix=mix, seed=seed)
    if not exam.shuffle:
        items.sort(key=lambda item: item.version_id)
    return [[item.version_id, option_order(item, rng, shuffle=exam.shuffle)] for item in items]


def attempt_start(*, actor: Acting, exam: Exam, now: dt.datetime | None = None) -> Attempt:
    """The taker's open attempt, or a new one with its own draw fixed now. The exam comes
    from `exam_get_for_taker` (who may take it is checked there). A constant number of
    queries whatever the exam's size: the draw is computed from the exam's stored pool."""
    now = now or timezone.now()
    user = actor.user
    if not exam.opens_at <= now < exam.closes_at:
        raise Conflict(_("The exam is not open now."))
    earlier = list(Attempt.objects.filter(exam=exam, user=user).order_by("number"))
    for attempt in earlier:
        if attempt.status == AttemptStatus.IN_PROGRESS:
            return attempt
    if len(earlier) >= exam.attempts_allowed:
        raise Conflict(_("You have used every attempt this exam allows."))
    number = len(earlier) + 1
    draw = _draw_for(exam, user.pk, number)
    deadline = min(now + dt.timedelta(minutes=exam.time_limit_minutes), exam.closes_at)
    try:
        with transaction.atomic():
            attempt = Attempt.objects.create(
                exam=exam, user=user, number=number, draw=draw, started_at=now, deadline=deadline
            )
            audit_log(
                actor=user,
                action="learning.attempt.started",
                target=attempt,
                organization_id=exam.organization_id,
            )
    except IntegrityError:
        # The same taker pressed twice at once: the other request's attempt is the one.
        return Attempt.objects.get(exam=exam, user=user, status=AttemptStatus.IN_PROGRESS)
    return attempt


def answer_save(
    *,
    actor: Acting,
    attempt: Attempt,
    slot: int,
    chosen: Sequence[int] = (),
    text: str = "",
    now: dt.datetime | None = None,
) -> Answer:
    """Save (or save again: the same request twice leaves one row) the answer in a slot.
    Refused once the attempt is submitted or its deadline has passed."""
    now = now or timezone.now()
    if attempt.user_id != actor.user.pk:
        raise NotAllowed(_("This is not your attempt."))
    if attempt.status != AttemptStatus.IN_PROGRESS or now > attempt.deadline + GRACE:
        raise Conflict(_("Time is up: this answer was not saved."))
    if not 0 <= slot < len(attempt.draw):
        raise InvalidInput(_("There is no such question in this attempt."))
    offered = set(attempt.draw[slot][1])
    picked = sorted({int(p) for p in chosen})
    if any(p not in offered for p in picked) or len(text) > MAX_TEXT:
        raise InvalidInput(_("This answer does not fit the question."))
    row = Answer(attempt=attempt, slot=slot, chosen=picked, text=text, saved_at=now)
    Answer.objects.bulk_create(
        [row],
        update_conflicts=True,
        unique_fields=["attempt", "slot"],
        update_fields=["chosen", "text", "saved_at"],
    )
    return row


def _total(attempt: Attempt, answers: Sequence[Answer], pending: bool) -> None:
    score = sum((a.score or ZERO for a in answers), ZERO)
    attempt.score = score
    if pending:
        attempt.status, attempt.percent, attempt.passed = AttemptStatus.SUBMITTED, None, None
        return
    count = len(attempt.draw) or 1
    attempt.percent = (score * HUNDRED / count).quantize(Decimal("0.01"))
    attempt.passed = attempt.percent >= attempt.exam.pass_mark
    attempt.status = AttemptStatus.MARKED


@transaction.atomic
def attempt_submit(*, actor: Acting, attempt: Attempt, now: dt.datetime | None = None) -> Attempt:
    """Hand in the attempt with what was saved and mark what can be marked automatically.
    The taker submits their own; at expiry anyone reading it (or the organizer) does."""
    now = now or timezone.now()
    locked = Attempt.objects.select_for_update().select_related("exam").get(pk=attempt.pk)
    if locked.status != AttemptStatus.IN_PROGRESS:
        return locked
    own = locked.user_id == getattr(actor.user, "pk", None)
    if (
        not own
        and now <= locked.deadline
        and not actor.can(EXAMS_MANAGE, on=locked.exam.organization)
    ):
        raise NotAllowed(_("This is not your attempt."))
    questions = attempt_questions(locked)
    saved = {a.slot: a for a in Answer.objects.filter(attempt=locked)}
    answers, pending = [], False
    for slot, question in enumerate(questions):
        answer = saved.get(slot) or Answer(attempt=locked, slot=slot, saved_at=now)
        options = [(c.text, c.weight) for c in question.version.choices.all()]
        answer.score = mark(question.version.kind, options, answer.chosen, answer.text)
        pending = pending or answer.score is None
        answers.append(answer)
    Answer.objects.bulk_create([a for a in answers if a.pk is None])
    Answer.objects.bulk_update([a for a in answers if a.pk is not None], ["score"])
    locked.submitted_at = min(now, locked.deadline)
    _total(locked, answers, pending)
    locked.save(update_fields=["status", "submitted_at", "score", "percent", "passed"])
    certificate_issue_for_pass(locked)
    audit_log(
        actor=actor.user,
        action="learning.attempt.submitted",
        target=locked,
        organization_id=locked.exam.organization_id,
        details={"expired": now > locked.deadline, "score": str(locked.score)},
    )
    return locked


def attempts_expire(*, exam: Exam, now: dt.datetime | None = None) -> int:
    """Submit every attempt of the exam whose time is up (with what was saved)."""
    now = now or timezone.now()
    late = Attempt.objects.filter(
        exam=exam, status=AttemptStatus.IN_PROGRESS, deadline__lt=now - GRACE
    )
    for attempt in late:
        attempt_submit(actor=SYSTEM, attempt=attempt, now=now)
    return len(late)


@transaction.atomic
def answer_mark(*, actor: Acting, answer: Answer, percent: Decimal, comment: str = "") -> Answer:
    """An essay's mark by hand (percent of the question); when none is left to mark, the
    attempt gets its total and pass or fail."""
    attempt = Attempt.objects.select_for_update().select_related("exam").get(pk=answer.attempt_id)
    exams_check_manage(actor, attempt.exam.organization)
    if attempt.status == AttemptStatus.IN_PROGRESS:
        raise Conflict(_("The attempt is still in progress."))
    if not Decimal(0) <= percent <= HUNDRED:
        raise InvalidInput(_("A mark from 0 to 100%."), field="percent")
    answer.score = (percent / HUNDRED).quantize(Decimal("0.0001"))
    answer.marked_by = actor.user
    answer.comment = comment.strip()
    answer.save(update_fields=["score", "marked_by", "comment"])
    answers = list(Answer.objects.filter(attempt=attempt))
    _total(attempt, answers, any(a.score is None for a in answers))
    attempt.save(update_fields=["status", "score", "percent", "passed"])
    certificate_issue_for_pass(attempt)
    audit_log(
        actor=actor.user,
        action="learning.answer.marked",
        target=attempt,
        organization_id=attempt.exam.organization_id,
        details={"slot": answer.slot, "percent": str(percent)},
    )
    return answer
