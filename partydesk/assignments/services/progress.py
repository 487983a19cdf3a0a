"""Working on an assignment: progress reports with files, and deadline extensions that the
assigner approves (the history keeps the deadline first given)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partydesk.accounts.models import User
from partydesk.assignments.models import (
    Assignment,
    ExtensionRequest,
    ExtensionState,
    ProgressReport,
    ReportFile,
    State,
)
from partydesk.assignments.permissions import can_decide_extension, can_work_on
from partydesk.assignments.services.assignments import lock, move
from partydesk.assignments.services.common import UPDATED, lead_people, record, tell
from partydesk.core.errors import Conflict, InvalidInput, NotAllowed
from partydesk.core.http import Acting
from partydesk.documents.services.files import PreparedFile, file_store


def _check_open_and_lead(actor: Acting, assignment: Assignment) -> None:
    if not can_work_on(actor, assignment):
        if assignment.is_closed:
            raise InvalidInput(
                _("This assignment is closed: it takes no more reports or requests.")
            )
        raise NotAllowed(_("Only the lead of this assignment reports on it."))


@transaction.atomic
def progress_report(
    *,
    actor: Acting,
    assignment: Assignment,
    percent: int,
    text: str,
    files: Sequence[PreparedFile] = (),
) -> ProgressReport:
    """The lead says how far the work is (0-100 %), what was done, with files (prepared,
    checked and parsed before this transaction)."""
    assignment = lock(assignment)
    _check_open_and_lead(actor, assignment)
    if not 0 <= percent <= 100:
        raise InvalidInput(_("Progress is a percentage from 0 to 100."), field="percent")
    text = text.strip()
    if not text:
        raise InvalidInput(_("Say what was done."), field="text")
    user: User | None = actor.user
    report = ProgressReport.objects.create(
        assignment=assignment,
        author=user,
        percent=percent,
        text=text,
    )
    ReportFile.objects.bulk_create(
        ReportFile(report=report, file=file_store(f), name=f.name[:255]) for f in files
    )
    assignment.progress = percent
    assignment.save(update_fields=["progress", "updated_at"])
    record(
        assignment,
        "progress",
        actor=user,
        note=text,
        details={"percent": percent, "files": [f.name for f in files]},
    )
    if assignment.state == State.OPEN:
        move(assignment, State.IN_PROGRESS, actor=user, action="started")
    return report


@transaction.atomic
def extension_request(
    *, actor: Acting, assignment: Assignment, deadline: dt.date, reason: str
) -> ExtensionRequest:
    """The lead asks the assigner for a later deadline, with a reason."""
    assignment = lock(assignment)
    _check_open_and_lead(actor, assignment)
    if assignment.deadline is None:
        raise InvalidInput(_("This assignment has no deadline to extend."), field="deadline")
    if deadline <= assignment.deadline:
        raise InvalidInput(
            _("Ask for a date after the current deadline (%(day)s).")
            % {"day": assignment.deadline.strftime("%d/%m/%Y")},
            field="deadline",
        )
    if not reason.strip():
        raise InvalidInput(_("Say why more time is needed."), field="reason")
    if assignment.extensions.filter(state=ExtensionState.PENDING).exists():
        raise Conflict(_("An extension is already waiting for the assigner's answer."))
    user: User | None = actor.user
    request = ExtensionRequest.objects.create(
        assignment=assignment,
        requested_by=user,
        current_deadline=assignment.deadline,
        requested_deadline=deadline,
        reason=reason.strip(),
    )
    record(
        assignment,
        "extension_requested",
        actor=user,
        note=request.reason,
        details={"from": assignment.deadline.isoformat(), "to": deadline.isoformat()},
    )
    title = _("Extension asked for: %(title)s") % {"title": assignment.title}
    tell([assignment.assigner], assignment, kind=UPDATED, title=title, skip=user)
    return request


@transaction.atomic
def extension_decide(
    *, actor: Acting, request: ExtensionRequest, approve: bool, note: str = ""
) -> ExtensionRequest:
    """The assigner approves (the deadline moves; the first one stays on record) or
    refuses an extension."""
    request = ExtensionRequest.objects.select_for_update().get(pk=request.pk)
    assignment = lock(request.assignment)
    if not can_decide_extension(actor, assignment):
        raise NotAllowed(_("Only the assigner answers a request for more time."))
    if request.state != ExtensionState.PENDING:
        raise InvalidInput(_("This request was already answered."))
    if assignment.is_closed:
        raise InvalidInput(_("This assignment is closed: it takes no more reports or requests."))
    user: User | None = actor.user
    request.state = ExtensionState.APPROVED if approve else ExtensionState.REFUSED
    request.decided_by = user
    request.decided_at = timezone.now()
    request.decision_note = note.strip()
    request.save(update_fields=["state", "decided_by", "decided_at", "decision_note"])
    details = {
        "from": request.current_deadline.isoformat(),
        "to": request.requested_deadline.isoformat(),
    }
    if approve:
        if assignment.original_deadline is None:
            assignment.original_deadline = assignment.deadline
        assignment.deadline = request.requested_deadline
        assignment.save(update_fields=["deadline", "original_deadline", "updated_at"])
        record(assignment, "extension_approved", actor=user, note=note, details=details)
        title = _("More time granted: %(title)s") % {"title": assignment.title}
    else:
        record(assignment, "extension_refused", actor=user, note=note, details=details)
        title = _("More time refused: %(title)s") % {"title": assignment.title}
    people = [request.requested_by, *lead_people(assignment)]
    tell(people, assignment, kind=UPDATED, title=title, skip=user)
    return request
