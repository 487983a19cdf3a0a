"""An evaluation's form as PDF (2A, 2B, 2C or the collective's 01) and its signatures: the
person (a collective's head) signs once they have self-assessed, the deciding body once the
class is decided, each with their personal certificate through the signatures app. The
signed file is kept with the step it was signed at; a later step lays the form out anew,
and signing that adds to the file kept for the same step, so both signatures sit on one
form."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from partydesk.assignments.models import DECIDED_STATES, Evaluation, EvaluationState, Klass
from partydesk.assignments.permissions import ASSIGN, is_own, speaks_for
from partydesk.assignments.services.evaluation_common import lock, say
from partydesk.assignments.services.form_pdf import SELF_BOX, FormLayout, render_form
from partydesk.core.errors import Conflict, NotAllowed
from partydesk.core.http import Acting
from partydesk.core.services.files import file_read, file_store
from partydesk.documents.services.render import place_date_line
from partydesk.organizations.selectors.people import person_positions
from partydesk.signatures.services import pdf_sign_personal

PDF = "application/pdf"


def _class(value: str) -> str:
    return str(Klass(value).label) if value else ""


def _number(value: Any) -> str:
    """A score or share as Vietnamese writes it, "80,50" (the page's way), never "80.50"."""
    with translation.override("vi"):
        return formats.number_format(Decimal(str(value)), decimal_pos=2, use_l10n=True)


def _post(evaluation: Evaluation) -> tuple[str, str]:
    """The person's current post and the unit it is in (empty when none is recorded)."""
    person = getattr(evaluation.person, "person", None)
    if person is None:
        return "", ""
    today = timezone.localdate()
    for position in person_positions(person):
        if position.starts_on <= today and (position.ends_on is None or position.ends_on >= today):
            return str(position.label), position.organization.name
    return "", ""


def _facts(evaluation: Evaluation) -> tuple[tuple[str, str], ...]:
    if evaluation.unit is not None:
        return (
            ("Tập thể", evaluation.unit.name),
            ("Trực thuộc", evaluation.organization.name),
        )
    post, unit = _post(evaluation)
    return (
        ("Họ và tên", evaluation.subject),
        ("Chức vụ", post or "—"),
        ("Đơn vị công tác", unit or evaluation.organization.name),
    )


def _record(evaluation: Evaluation) -> tuple[tuple[str, str], ...]:
    r = evaluation.record
    due = sum(int(r.get(k, 0)) for k in ("on_time", "late", "overdue"))
    lines = [
        ("Nhiệm vụ đến hạn", str(due)),
        ("Hoàn thành đúng hạn, trước hạn", str(r.get("on_time", 0))),
        ("Hoàn thành trễ hạn", str(r.get("late", 0))),
        ("Quá hạn, chưa hoàn thành", str(r.get("overdue", 0))),
        ("Vượt yêu cầu", str(r.get("exceeding", 0))),
        ("Chưa đạt yêu cầu", str(r.get("below", 0))),
    ]
    if evaluation.unit_id is not None:
        lines.append(("Tỷ lệ chậm tiến độ", f"{_number(r.get('behind', 0))}%"))
    lines.append(
        (
            "Hệ thống đề xuất",
            f"{_number(evaluation.proposed_score)} điểm, {_class(evaluation.proposed_class)}",
        )
    )
    return tuple(lines)


def _scored(score: Any, klass: str, reason_label: str, reason: str) -> tuple[tuple[str, str], ...]:
    lines = [("Điểm", _number(score)), ("Xếp loại", _class(klass))]
    if reason:
        lines.append((reason_label, reason))
    return tuple(lines)


def form_layout(evaluation: Evaluation, *, show_decision: bool) -> FormLayout:
    """The form's words (always Vietnamese: it is the official form)."""
    e = evaluation
    with translation.override("vi"):
        parent = e.organization.parent
        advised = (
            _scored(e.advised_score, e.advised_class, "Ý kiến thẩm định", e.advised_reason)
            if e.advised_at
            else ()
        )
        decided = (
            _scored(e.decided_score, e.decided_class, "Lý do điều chỉnh", e.decided_reason)
            if e.decided_at and show_decision
            else ()
        )
        speaker = e.self_by if e.unit_id is not None else e.person
        return FormLayout(
            form_kind=e.form_kind,
            superior=parent.name if parent is not None else "",
            agency=e.organization.name,
            period=f"NĂM {e.year}",
            place_date=place_date_line(e.organization.place_name, timezone.localdate()),
            facts=_facts(e),
            record=_record(e),
            self_class=_class(e.self_class),
            self_text=e.self_text,
            advised=advised,
            decided=decided,
            self_title=f"TM. {e.unit.name}" if e.unit is not None else "NGƯỜI TỰ KIỂM ĐIỂM",
            self_name=speaker.display_name if speaker is not None else "",
        )


def evaluation_form_pdf(evaluation: Evaluation, *, show_decision: bool) -> bytes:
    """The form as it stands: the signed one when it was signed at the present step (not
    to the person while the decision is not yet published), else laid out now."""
    hidden = not show_decision and evaluation.state == EvaluationState.DECIDED
    if (
        evaluation.signed_pdf is not None
        and evaluation.signed_state == evaluation.state
        and not hidden
    ):
        return file_read(evaluation.signed_pdf)
    return render_form(form_layout(evaluation, show_decision=show_decision))


def signer_role(actor: Acting, evaluation: Evaluation) -> str:
    """ "self" (the person, a collective's head, once self-assessed), "decided" (the deciding
    body, once the class is decided), or "" (nobody else signs)."""
    if speaks_for(actor, evaluation):
        waiting = (EvaluationState.PROPOSED, EvaluationState.DECIDED)  # the result unseen
        return "" if evaluation.state in waiting else "self"
    if (
        evaluation.state in DECIDED_STATES
        and not is_own(actor, evaluation)
        and actor.can(ASSIGN, on=evaluation.organization)
    ):
        return "decided"
    return ""


def evaluation_form_sign(*, actor: Acting, evaluation: Evaluation) -> Evaluation:
    """Sign the form with the actor's personal certificate (the cryptography outside any
    transaction), then keep the signed file with the step it was signed at."""
    role = signer_role(actor, evaluation)
    user: Any = actor.user
    if not role or user is None:
        raise NotAllowed(
            _("The person evaluated signs once self-assessed; the deciding body once decided.")
        )
    before = evaluation_form_pdf(evaluation, show_decision=True)
    reason = (
        _("Self-assessment %(year)s") if role == "self" else _("Evaluation decided %(year)s")
    ) % {"year": evaluation.year}
    signed = pdf_sign_personal(
        actor=user,
        pdf=before,
        reason=reason,
        location=evaluation.organization.place_name,
        box=SELF_BOX if role == "self" else None,
    )
    stored = file_store(data=signed, content_type=PDF)
    with transaction.atomic():
        current = lock(evaluation)
        if current.state != evaluation.state or current.signed_pdf_id != evaluation.signed_pdf_id:
            raise Conflict(_("The evaluation changed while you signed: sign it again."))
        current.signed_pdf, current.signed_state = stored, current.state
        current.save(update_fields=["signed_pdf", "signed_state", "updated_at"])
        say(current, "signed", user, role=role, sha256=stored.sha256, state=current.state)
    return current


def form_filename(evaluation: Evaluation) -> str:
    return f"evaluation-{evaluation.year}-{evaluation.form_kind}-{evaluation.pk}.pdf"
