"""API routes for assignments (/api/v1, ADR 0013): lists and one assignment, scoped exactly
like the pages (the same selectors: another organization's work is a 404), and the same
services for giving work, reporting progress and accepting or returning it; a refused rule
is a JSON 400/403, a malformed value a 422."""

import datetime as dt
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from partydesk.accounts.actor import actor_of
from partydesk.accounts.selectors.users import user_get_for
from partydesk.assignments.models import Assignment, Priority
from partydesk.assignments.permissions import VIEW
from partydesk.assignments.selectors.assignments import (
    Filters,
    assignment_get_for,
    assignment_list_for,
)
from partydesk.assignments.services.assignments import MAX_WORKING_DAYS, Spec, assignment_create
from partydesk.assignments.services.progress import progress_report
from partydesk.assignments.services.review import assignment_accept, assignment_return
from partydesk.core.api import Id, Paginated, Text
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
    return 201, assignment_create(actor=actor, organization=scope, spec=spec)


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
