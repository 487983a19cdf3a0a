"""API routes for assignments and evaluations (/api/v1, ADR 0013): lists and one object,
scoped exactly like the pages (the same selectors: another organization's is a 404), and
the same services for giving work, reporting progress, accepting or returning it, and the
evaluation's self-assessment and decision; a refused rule is a JSON 400/403, a malformed
value a 422."""

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from partydesk.accounts.actor import actor_of
from partydesk.accounts.selectors.users import user_get_for
from partydesk.assignments.models import Assignment, Evaluation, Priority
from partydesk.assignments.permissions import VIEW
from partydesk.assignments.selectors.assignments import (
    Filters,
    assignment_get_for,
    assignment_list_for,
)
from partydesk.assignments.selectors.evaluations import (
    evaluation_get_for,
    result_hidden,
    visible_evaluations,
)
from partydesk.assignments.services.appeals import evaluation_answer, evaluation_appeal
from partydesk.assignments.services.assignments import MAX_WORKING_DAYS, Spec, assignment_create
from partydesk.assignments.services.evaluations import (
    evaluation_advise,
    evaluation_decide,
    evaluation_self_assess,
    evaluations_propose,
)
from partydesk.assignments.services.progress import progress_report
from partydesk.assignments.services.review import assignment_accept, assignment_return
from partydesk.core.api import Id, Paginated, Text, Year
from partydesk.organizations.selectors import organization_get_for

router = Router(tags=["assignments"])

ViewIn = Literal["mine", "by_me", "unit"]
StateIn = Literal["", "active", "overdue", "open", "in_progress", "done", "cancelled"]
Percent = Annotated[int, Field(ge=0, le=100)]
Day = Annotated[dt.date, Field(ge=dt.date(1990, 1, 1), le=dt.date(2100, 12, 31))]


class AssignmentOut(Schema):
    id: int
    organization_id: int
    parent_id: int | None
    title: str
    content: str
    source_kind: str
    source_label: str
    role: str
    lead_unit_id: int | None
    lead_user_id: int | None
    lead: str
    assigner_id: int | None
    start_date: dt.date
    deadline: dt.date | None
    original_deadline: dt.date | None
    priority: int
    state: str
    progress: int
    overdue: bool
    quality: str
    completed_at: dt.datetime | None
    accepted_at: dt.datetime | None

    @staticmethod
    def resolve_lead(obj: Any) -> str:
        return str(obj.lead_label)

    @staticmethod
    def resolve_overdue(obj: Any) -> bool:
        return bool(obj.is_overdue(dt.date.today()))


class AssignmentIn(Schema):
    title: Annotated[str, Field(min_length=1, max_length=300, pattern=r"^[^\x00]*$")]
    content: Annotated[str, Field(max_length=10_000, pattern=r"^[^\x00]*$")] = ""
    lead_unit_id: Id | None = None
    lead_user_id: Id | None = None
    start_date: Day | None = None
    deadline: Day | None = None
    working_days: Annotated[int, Field(ge=1, le=MAX_WORKING_DAYS)] | None = None
    priority: Annotated[int, Field(ge=Priority.LOW, le=Priority.URGENT)] = Priority.NORMAL
    expected_products: Annotated[str, Field(max_length=5_000, pattern=r"^[^\x00]*$")] = ""


class ProgressIn(Schema):
    percent: Percent
    text: Annotated[str, Field(min_length=1, max_length=5_000, pattern=r"^[^\x00]*$")]


class ReviewIn(Schema):
    verdict: Literal["accept", "return"]
    quality: Literal["", "exceeded", "met", "below"] = ""
    note: Annotated[str, Field(max_length=2_000, pattern=r"^[^\x00]*$")] = ""


@router.get("/assignments", response=list[AssignmentOut])
@paginate(Paginated)
def assignment_list(
    request: HttpRequest,
    view: ViewIn = "mine",
    q: Text = "",
    state: StateIn = "",
    priority: Annotated[int, Field(ge=Priority.LOW, le=Priority.URGENT)] | None = None,
    due_before: Day | None = None,
):
    actor = actor_of(request)
    actor.require_scope()
    if view == "unit":
        actor.require(VIEW)
    filters = Filters(
        view=view, query=q.strip(), state=state, priority=priority, due_before=due_before
    )
    return assignment_list_for(actor, filters)


@router.post("/assignments", response={201: AssignmentOut})
def assignment_give(request: HttpRequest, payload: AssignmentIn):
    """Give work in the token's acting organization to one of its units or people."""
    actor = actor_of(request)
    scope = actor.require_scope()
    spec = Spec(
        title=payload.title,
        content=payload.content,
        lead_unit=organization_get_for(scope, payload.lead_unit_id)
        if payload.lead_unit_id
        else None,
        lead_user=user_get_for(scope, payload.lead_user_id) if payload.lead_user_id else None,
        start_date=payload.start_date,
        deadline=payload.deadline,
        working_days=payload.working_days,
        priority=payload.priority,
        expected_products=payload.expected_products,
    )
    return Status(201, assignment_create(actor=actor, organization=scope, spec=spec))


@router.get("/assignments/{assignment_id}", response=AssignmentOut)
def assignment_detail(request: HttpRequest, assignment_id: Id):
    return assignment_get_for(actor_of(request), assignment_id)


@router.post("/assignments/{assignment_id}/progress", response=AssignmentOut)
def assignment_progress(request: HttpRequest, assignment_id: Id, payload: ProgressIn):
    """The lead reports how far the work is (the first report starts it)."""
    actor = actor_of(request)
    assignment = assignment_get_for(actor, assignment_id)
    progress_report(actor=actor, assignment=assignment, percent=payload.percent, text=payload.text)
    return _fresh(assignment)


@router.post("/assignments/{assignment_id}/review", response=AssignmentOut)
def assignment_review(request: HttpRequest, assignment_id: Id, payload: ReviewIn):
    """The assigner accepts the completion report with a quality mark, or returns it."""
    actor = actor_of(request)
    assignment = assignment_get_for(actor, assignment_id)
    if payload.verdict == "accept":
        assignment_accept(
            actor=actor, assignment=assignment, quality=payload.quality, note=payload.note
        )
    else:
        assignment_return(actor=actor, assignment=assignment, note=payload.note)
    return _fresh(assignment)


def _fresh(assignment: Assignment) -> Assignment:
    return Assignment.objects.select_related("lead_unit", "lead_user").get(pk=assignment.pk)


class EvaluationOut(Schema):
    id: int
    organization_id: int
    person_id: int | None  # a person's evaluation
    unit_id: int | None  # a collective's (form 01), self-assessed by its head
    year: int
    form_kind: str
    state: str
    proposed_score: Decimal
    proposed_class: str
    record: dict[str, int | str]
    self_class: str
    self_text: str
    self_by_id: int | None
    advised_score: Decimal | None
    advised_class: str
    advised_reason: str
    advised_by_id: int | None
    decided_score: Decimal | None
    decided_class: str
    decided_reason: str
    decided_by_id: int | None
    published_at: dt.datetime | None
    appeal_until: dt.date | None
    appeal_reason: str
    appeal_outcome: str
    appeal_answer: str

    # The person learns the decision when the results are published (as on the page).
    @staticmethod
    def resolve_decided_score(obj: Evaluation, context: dict[str, Any]) -> Decimal | None:
        return None if _hidden(obj, context) else obj.decided_score

    @staticmethod
    def resolve_decided_class(obj: Evaluation, context: dict[str, Any]) -> str:
        return "" if _hidden(obj, context) else obj.decided_class

    @staticmethod
    def resolve_decided_reason(obj: Evaluation, context: dict[str, Any]) -> str:
        return "" if _hidden(obj, context) else obj.decided_reason


def _hidden(obj: Evaluation, context: dict[str, Any]) -> bool:
    return result_hidden(actor_of(context["request"]), obj)


KlassIn = Literal["excellent", "good", "completed", "not_completed"]


class SelfIn(Schema):
    """A person's form (2A, 2B, 2C); a collective's is always 01, so none is given."""

    form_kind: Literal["2A", "2B", "2C"] | None = None
    klass: KlassIn
    text: Annotated[str, Field(min_length=1, max_length=10_000, pattern=r"^[^\x00]*$")]


class DecideIn(Schema):
    score: Annotated[Decimal, Field(ge=0, le=100, max_digits=5, decimal_places=2)]
    klass: KlassIn
    reason: Annotated[str, Field(max_length=2_000, pattern=r"^[^\x00]*$")] = ""


@router.get("/evaluations", response=list[EvaluationOut])
@paginate(Paginated)
def evaluation_list(request: HttpRequest, year: Year):
    """The year's evaluations the token's user sees (their own; all, for those who follow
    the organization's work)."""
    return visible_evaluations(actor_of(request)).filter(year=year).order_by("id")


class ProposeIn(Schema):
    year: Year


class ProposedOut(Schema):
    changed: int


@router.post("/evaluations/propose", response=ProposedOut)
def evaluation_propose(request: HttpRequest, payload: ProposeIn):
    """Propose the year's evaluations from the record in the token's acting organization:
    its people, and its units as collectives (form 01)."""
    return {"changed": evaluations_propose(actor=actor_of(request), year=payload.year)}


@router.get("/evaluations/{evaluation_id}", response=EvaluationOut)
def evaluation_detail(request: HttpRequest, evaluation_id: Id):
    return evaluation_get_for(actor_of(request), evaluation_id)


@router.post("/evaluations/{evaluation_id}/self", response=EvaluationOut)
def evaluation_self(request: HttpRequest, evaluation_id: Id, payload: SelfIn):
    actor = actor_of(request)
    found = evaluation_get_for(actor, evaluation_id)
    return evaluation_self_assess(
        actor=actor,
        evaluation=found,
        klass=payload.klass,
        text=payload.text,
        form_kind=payload.form_kind or "",
    )


@router.post("/evaluations/{evaluation_id}/advise", response=EvaluationOut)
def evaluation_advice(request: HttpRequest, evaluation_id: Id, payload: DecideIn):
    """The advisory body's appraisal and proposal (a reason when it differs from the
    system's proposal)."""
    return _scored(request, evaluation_id, payload, evaluation_advise)


@router.post("/evaluations/{evaluation_id}/decide", response=EvaluationOut)
def evaluation_decision(request: HttpRequest, evaluation_id: Id, payload: DecideIn):
    """The competent body's decision on the advisory body's proposal; "excellent" beyond
    the quota is a 400 that says so."""
    return _scored(request, evaluation_id, payload, evaluation_decide)


def _scored(
    request: HttpRequest, evaluation_id: int, payload: DecideIn, step: Callable[..., Evaluation]
) -> Evaluation:
    actor = actor_of(request)
    found = evaluation_get_for(actor, evaluation_id)
    return step(
        actor=actor,
        evaluation=found,
        score=payload.score,
        klass=payload.klass,
        reason=payload.reason,
    )


class AppealIn(Schema):
    reason: Annotated[str, Field(min_length=1, max_length=5_000, pattern=r"^[^\x00]*$")]


class AnswerIn(Schema):
    """The answer's text is `reason`; a score and class change the decision, none keeps it."""

    reason: Annotated[str, Field(min_length=1, max_length=5_000, pattern=r"^[^\x00]*$")]
    score: Annotated[Decimal, Field(ge=0, le=100, max_digits=5, decimal_places=2)] | None = None
    klass: KlassIn | None = None


@router.post("/evaluations/{evaluation_id}/appeal", response=EvaluationOut)
def evaluation_appeal_post(request: HttpRequest, evaluation_id: Id, payload: AppealIn):
    """The person appeals their published class, once, in time."""
    actor = actor_of(request)
    found = evaluation_get_for(actor, evaluation_id)
    return evaluation_appeal(actor=actor, evaluation=found, reason=payload.reason)


@router.post("/evaluations/{evaluation_id}/answer", response=EvaluationOut)
def evaluation_answer_post(request: HttpRequest, evaluation_id: Id, payload: AnswerIn):
    """The deciding body answers the appeal: the decision stands, or is changed."""
    actor = actor_of(request)
    found = evaluation_get_for(actor, evaluation_id)
    return evaluation_answer(
        actor=actor,
        evaluation=found,
        answer=payload.reason,
        score=payload.score,
        klass=payload.klass or "",
    )
