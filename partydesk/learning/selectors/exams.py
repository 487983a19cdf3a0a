"""Reads of exams and attempts: an organizer's (their organization's exams; another's is a
404), a taker's (exams they may sit, their own attempts only)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_backends, get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from partydesk.learning.models import Answer, Attempt, AttemptStatus, Choice, Exam, QuestionVersion
from partydesk.learning.selectors.courses import paths_above
from partydesk.organizations.models import Organization


@dataclass
class DrawnQuestion:
    """One question of an attempt as the taker sees it: the version, its options in the
    order drawn (each with its stored position), and the saved answer."""

    slot: int
    version: QuestionVersion
    options: list[Choice]
    answer: Answer | None = None
    chosen: set[int] = field(default_factory=set)


def exam_list_for(scope: Organization) -> QuerySet[Exam]:
    return (
        Exam.objects.filter(organization=scope)
        .select_related("course_class")
        .annotate(attempt_count=Count("attempts"))
    )


def exam_get_for(scope: Organization, pk: int) -> Exam:
    """An exam of the scope, else 404."""
    found = Exam.objects.filter(organization=scope, pk=pk).select_related("course_class").first()
    if found is None:
        raise Http404("exam not found")
    return found


def _learner_paths(user: Any) -> list[str]:
    if not getattr(user, "person_id", None):
        return []
    if _loaded(user, "person") and _loaded(user.person, "organization"):  # `taker_get`'s
        return paths_above(user.person.organization.path)
    path = Organization.objects.filter(people__user=user).values_list("path", flat=True).first()
    return paths_above(path) if path else []


def _loaded(instance: Any, relation: str) -> bool:
    return bool(instance._meta.get_field(relation).is_cached(instance))


def taker_get(user_id: int) -> Any | None:
    """The account a start token names, with its person and their organization (what the
    start's rules and its audit label read), as Django's authentication would give it for
    a session: none if it is gone or may not log in (inactive)."""
    users = get_user_model()._default_manager.select_related("person__organization")
    found = next(iter(users.filter(pk=user_id)), None)  # by its key: no ORDER BY to build
    backends = [b for b in get_backends() if isinstance(b, ModelBackend)]
    if found is None or not all(b.user_can_authenticate(found) for b in backends):
        return None
    return found


def _takeable(user: Any) -> Q:
    person_id = getattr(user, "person_id", None)
    if person_id is None:
        return Q(pk__in=[])
    return Q(course_class__enrolments__person_id=person_id) | Q(
        course_class__isnull=True, organization__path__in=_learner_paths(user)
    )


def exams_of_learner(user: Any) -> list[Exam]:
    """The exams the user may sit (their classes', and standalone ones of the
    organizations above them), newest first, with their own attempts."""
    mine = Attempt.objects.filter(user=user).order_by("number")
    return list(
        Exam.objects.filter(_takeable(user))
        .distinct()
        .prefetch_related(Prefetch("attempts", queryset=mine, to_attr="mine"))
        .order_by("-opens_at", "pk")
    )


def exam_get_for_taker(user: Any, pk: int) -> Exam:
    """An exam the user may sit, else 404; its pool (the bank's draw list, fixed when the
    exam was set) is left to `services.exams.exam_pool`, which keeps it per process."""
    exams = Exam.objects.filter(_takeable(user), pk=pk).defer("pool").distinct()
    found = next(iter(exams), None)  # by its key: no ORDER BY to build
    if found is None:
        raise Http404("exam not found")
    return found


def attempt_get_for_taker(user: Any, pk: int) -> Attempt:
    """One of the user's own attempts, else 404. The exam's pool (the whole bank's draw
    list, read only to start) is left out: the page and every autosave come here."""
    found = (
        Attempt.objects.filter(user=user, pk=pk).select_related("exam").defer("exam__pool").first()
    )
    if found is None:
        raise Http404("attempt not found")
    return found


def attempt_get_for(scope: Organization, pk: int) -> Attempt:
    """An attempt at one of the scope's exams, else 404."""
    found = (
        Attempt.objects.filter(exam__organization=scope, pk=pk)
        .select_related("exam", "user__person")
        .first()
    )
    if found is None:
        raise Http404("attempt not found")
    return found


def draw_questions(
    draw: Sequence[Sequence[Any]], chosen: Mapping[int, Iterable[int]] | None = None
) -> list[DrawnQuestion]:
    """A draw's questions in its order ([[version id, [option positions shown]], ...], as
    learning's and contests' attempts keep it), each with the options chosen so far: two
    queries (versions, their choices) whatever the number of questions."""
    ids = [row[0] for row in draw]
    choices = Prefetch("choices", queryset=Choice.objects.order_by("position"))
    versions = {
        v.pk: v for v in QuestionVersion.objects.filter(pk__in=ids).prefetch_related(choices)
    }
    chosen = chosen or {}
    drawn = []
    for slot, (version_id, order) in enumerate(draw):
        version = versions[version_id]
        by_position = {c.position: c for c in version.choices.all()}
        options = [by_position[p] for p in order if p in by_position]
        drawn.append(DrawnQuestion(slot, version, options, chosen=set(chosen.get(slot, ()))))
    return drawn


def attempt_saved(attempt: Attempt) -> dict[int, Answer]:
    """The attempt's saved answers by slot, one query (the choices and the text only)."""
    rows = Answer.objects.filter(attempt=attempt).only("slot", "chosen", "text")
    return {a.slot: a for a in rows}


def attempt_questions(attempt: Attempt, *, with_answers: bool = False) -> list[DrawnQuestion]:
    """The attempt's questions in its draw's order, three queries with the saved answers."""
    saved = {a.slot: a for a in Answer.objects.filter(attempt=attempt)} if with_answers else {}
    drawn = draw_questions(attempt.draw, {slot: a.chosen for slot, a in saved.items()})
    for question in drawn:
        question.answer = saved.get(question.slot)
    return drawn


def remaining_seconds(attempt: Attempt) -> int:
    """Seconds left by the server's clock (0 when up)."""
    if attempt.status != AttemptStatus.IN_PROGRESS:
        return 0
    return max(0, int((attempt.deadline - timezone.now()).total_seconds()))


RESULT_SORTS = {
    "name": ("user__person__sort_key", "user__username", "number"),
    "-name": ("-user__person__sort_key", "-user__username", "-number"),
    "score": ("percent", "user__username"),
    "-score": ("-percent", "user__username"),
    "submitted": ("submitted_at", "pk"),
    "-submitted": ("-submitted_at", "pk"),
}


def exam_results(exam: Exam, sort: str = "name") -> QuerySet[Attempt]:
    """Every attempt at the exam, for the organizer's table."""
    order = RESULT_SORTS.get(sort, RESULT_SORTS["name"])
    return Attempt.objects.filter(exam=exam).select_related("user__person").order_by(*order)


def essays_to_mark(exam: Exam) -> list[tuple[Attempt, DrawnQuestion]]:
    """Essay answers of submitted attempts still without a mark."""
    rows = []
    for attempt in Attempt.objects.filter(exam=exam, status=AttemptStatus.SUBMITTED).select_related(
        "user__person"
    ):
        for question in attempt_questions(attempt, with_answers=True):
            if (
                question.version.kind == "essay"
                and question.answer
                and question.answer.score is None
            ):
                rows.append((attempt, question))
    return rows


def answer_get_for(exam: Exam, pk: int) -> Answer:
    """An answer of an attempt at this exam, else 404."""
    found = Answer.objects.filter(attempt__exam=exam, pk=pk).first()
    if found is None:
        raise Http404("answer not found")
    return found


def exam_live(exam: Exam) -> QuerySet[Attempt]:
    """The attempts in progress now, each with how many answers it has saved."""
    return (
        Attempt.objects.filter(exam=exam, status=AttemptStatus.IN_PROGRESS)
        .select_related("user__person")
        .annotate(answered=Count("answers"))
        .order_by("deadline", "pk")
    )
