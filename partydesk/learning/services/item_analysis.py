"""Refresh the item analysis of an organization's bank: read the marked attempts of every
exam that draws from its categories, exam by exam and in chunks, add them up per version
(`item_stats`), then replace the organization's statistics in one short transaction. Run by
the `item_analysis_refresh` job or command, never inside a page request."""

from __future__ import annotations

from collections.abc import Iterator

from django.db import transaction
from django.utils import timezone

from partydesk.learning import formats
from partydesk.learning.models import (
    Answer,
    Attempt,
    AttemptStatus,
    Choice,
    Exam,
    ItemStatistic,
    Question,
    QuestionVersion,
)
from partydesk.learning.services.item_stats import Response, Sitting, Sums, exam_add, figures
from partydesk.organizations.models import Organization

CHUNK = 2000
CHOICE_KINDS = {formats.SINGLE, formats.MULTIPLE, formats.TRUE_FALSE}


def _sittings(exam_id: int) -> Iterator[Sitting]:
    """The exam's marked attempts with their answers, reading answers in chunks ordered by
    attempt so memory holds one exam's figures, not its rows."""
    draws = dict(
        Attempt.objects.filter(exam_id=exam_id, status=AttemptStatus.MARKED).values_list(
            "pk", "draw"
        )
    )
    answers = (
        Answer.objects.filter(attempt__exam_id=exam_id, attempt__status=AttemptStatus.MARKED)
        .order_by("attempt_id", "slot")
        .values_list("attempt_id", "slot", "chosen", "text", "score")
    )
    current: int | None = None
    rows: dict[int, Response] = {}
    seen: set[int] = set()

    def sitting(attempt_id: int) -> Sitting:
        draw = draws[attempt_id]
        responses = tuple(
            rows.get(slot, Response(version_id=int(row[0]), points=0.0, blank=True))
            for slot, row in enumerate(draw)
        )
        return Sitting(attempt_id, responses)

    for attempt_id, slot, chosen, text, score in answers.iterator(chunk_size=CHUNK):
        draw = draws.get(attempt_id)
        if draw is None or slot >= len(draw):  # marked after the draws were read: next time
            continue
        if attempt_id != current:
            if current is not None:
                yield sitting(current)
            current, rows = attempt_id, {}
            seen.add(attempt_id)
        rows[slot] = Response(
            version_id=int(draw[slot][0]),
            points=float(score or 0),
            chosen=tuple(int(p) for p in chosen or ()),
            blank=not chosen and not (text or "").strip(),
        )
    if current is not None:
        yield sitting(current)
    rows = {}
    for attempt_id in draws.keys() - seen:  # no answer row at all: every slot blank
        yield sitting(attempt_id)


def item_analysis_refresh(*, organization: Organization) -> int:
    """Recompute the statistics of the organization's own questions from every marked
    attempt at an exam drawing from its categories (its own exams and those of the
    organizations below that use its shared categories); how many versions have figures."""
    wanted = set(
        QuestionVersion.objects.filter(question__organization=organization).values_list(
            "pk", flat=True
        )
    )
    exam_ids = list(
        Exam.objects.filter(categories__organization=organization)
        .distinct()
        .values_list("pk", flat=True)
    )
    sums: dict[int, Sums] = {}
    for exam_id in exam_ids:
        exam_add(sums, list(_sittings(exam_id)), wanted)
    versions = {
        v.pk: v for v in QuestionVersion.objects.filter(pk__in=list(sums)).only("kind", "question")
    }
    weights: dict[int, list[float]] = {}
    for version_id, weight in (
        Choice.objects.filter(version_id__in=list(sums))
        .order_by("version_id", "position")
        .values_list("version_id", "weight")
    ):
        weights.setdefault(version_id, []).append(float(weight))
    now = timezone.now()
    rows = []
    for version_id, row in sums.items():
        version = versions[version_id]
        result = figures(row, weights.get(version_id, []), choice_type=version.kind in CHOICE_KINDS)
        rows.append(
            ItemStatistic(
                organization=organization,
                question_id=version.question_id,
                version_id=version_id,
                takers=result.takers,
                facility=result.facility,
                discrimination=result.discrimination,
                upper_lower=result.upper_lower,
                option_counts=result.option_counts,
                blank=result.blank,
                flags="," + "".join(f"{code}," for code in result.flags),
                computed_at=now,
            )
        )
    with transaction.atomic():
        ItemStatistic.objects.filter(organization=organization).delete()
        ItemStatistic.objects.bulk_create(rows, batch_size=500)
    return len(rows)


def bank_owners() -> list[Organization]:
    """The organizations that have questions of their own (whose figures can be computed)."""
    owners = Question.objects.values("organization_id")
    return list(Organization.objects.filter(pk__in=owners).order_by("path"))
