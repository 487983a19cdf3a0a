"""The evaluation's workflow table walked end to end: self-assessed, proposed by the
advisory body, decided, published to the people concerned, appealed once within the time
allowed, and answered (the decision stands or is changed, and the outcome is kept)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from partydesk.accounts.tests.factories import verified_client
from partydesk.assignments.models import AppealOutcome, Evaluation, EvaluationState, Klass
from partydesk.assignments.services.appeals import (
    evaluation_answer,
    evaluation_appeal,
    evaluations_publish,
)
from partydesk.assignments.services.evaluations import (
    evaluation_advise,
    evaluation_decide,
    evaluation_self_assess,
)
from partydesk.assignments.tests.factories import act
from partydesk.assignments.transitions import EVALUATION_TRANSITIONS, check_evaluation_step
from partydesk.core.calendar import add_working_days
from partydesk.core.errors import InvalidInput, InvalidTransition, NotAllowed
from partydesk.core.models import AuditEvent, Notification


def _decided(office, klass: str = Klass.GOOD) -> Evaluation:  # type: ignore[no-untyped-def]
    e = Evaluation.objects.create(
        organization=office.organization,
        person=office.specialist,
        year=timezone.localdate().year,
        proposed_score=Decimal(80),
        proposed_class=Klass.GOOD,
    )
    evaluation_self_assess(
        actor=act(office.specialist),
        evaluation=e,
        klass=klass,
        text="Tự nhận xét riêng",
        form_kind="2B",
    )
    evaluation_advise(
        actor=act(office.chief), evaluation=e, score=Decimal(80), klass=klass, reason="Thẩm định"
    )
    return evaluation_decide(
        actor=act(office.secretary), evaluation=e, score=Decimal(80), klass=klass, reason=""
    )


def test_the_table_says_what_each_step_waits_for():
    reachable: set[str] = {EvaluationState.PROPOSED}
    frontier: list[str] = [EvaluationState.PROPOSED]
    while frontier:
        for target in EVALUATION_TRANSITIONS[frontier.pop()]:
            if target not in reachable:
                reachable.add(target)
                frontier.append(target)
    assert reachable == set(EvaluationState.values)  # every state is reached from the first
    with pytest.raises(InvalidTransition, match="advisory body's proposal"):
        check_evaluation_step(EvaluationState.SELF_ASSESSED, EvaluationState.DECIDED)
    with pytest.raises(InvalidTransition, match="once"):
        check_evaluation_step(EvaluationState.ANSWERED, EvaluationState.APPEALED)


def test_published_appealed_and_the_decision_stands(office_a):
    e = _decided(office_a)
    person = act(office_a.specialist)
    with pytest.raises(InvalidTransition):
        evaluation_appeal(actor=person, evaluation=e, reason="Chưa công bố")
    with pytest.raises(NotAllowed):
        evaluations_publish(actor=person, year=e.year)
    assert evaluations_publish(actor=act(office_a.secretary), year=e.year) == 1
    with pytest.raises(InvalidInput, match="No decided evaluation"):
        evaluations_publish(actor=act(office_a.secretary), year=e.year)
    e.refresh_from_db()
    assert e.state == EvaluationState.PUBLISHED
    assert e.appeal_until == add_working_days(timezone.localdate(), 10)
    told = Notification.objects.get(recipient=office_a.specialist, title__contains="published")
    assert "appeal until" in told.title
    with pytest.raises(NotAllowed):
        evaluation_appeal(actor=act(office_a.head), evaluation=e, reason="x")
    with pytest.raises(InvalidInput, match="Say why"):
        evaluation_appeal(actor=person, evaluation=e, reason="  ")
    evaluation_appeal(actor=person, evaluation=e, reason="Tôi có sáng kiến được công nhận")
    assert Notification.objects.filter(recipient=office_a.secretary, title__contains="appealed")
    with pytest.raises(InvalidInput, match="answer"):
        evaluation_answer(actor=act(office_a.secretary), evaluation=e, answer=" ")
    with pytest.raises(NotAllowed):
        evaluation_answer(actor=person, evaluation=e, answer="x")
    evaluation_answer(
        actor=act(office_a.secretary),
        evaluation=e,
        answer="Sáng kiến chưa được công nhận cấp tỉnh",
        score=Decimal(80),
        klass=Klass.GOOD,
    )
    e.refresh_from_db()
    assert (e.state, e.appeal_outcome, e.decided_class) == (
        EvaluationState.ANSWERED,
        AppealOutcome.UPHELD,
        Klass.GOOD,
    )
    with pytest.raises(InvalidTransition):  # one appeal
        evaluation_appeal(actor=person, evaluation=e, reason="Lần nữa")
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "assignments.evaluation.published",
        "assignments.evaluation.appealed",
        "assignments.evaluation.answered",
    } <= actions


def test_an_appeal_can_change_the_class_within_the_band_and_records_it(office_a):
    e = _decided(office_a, klass=Klass.COMPLETED)
    evaluations_publish(actor=act(office_a.secretary), year=e.year)
    evaluation_appeal(actor=act(office_a.specialist), evaluation=e, reason="Điểm 80 là tốt")
    boss = act(office_a.secretary)
    with pytest.raises(InvalidInput, match="do not reach"):
        evaluation_answer(
            actor=boss, evaluation=e, answer="Xét lại", score=Decimal(80), klass=Klass.EXCELLENT
        )
    evaluation_answer(
        actor=boss, evaluation=e, answer="Đồng ý xếp loại tốt", score=Decimal(80), klass="good"
    )
    e.refresh_from_db()
    assert (e.appeal_outcome, e.decided_class) == (AppealOutcome.CHANGED, Klass.GOOD)
    answered = AuditEvent.objects.get(action="assignments.evaluation.answered")
    assert answered.details["before_class"] == Klass.COMPLETED


def test_an_appeal_after_the_deadline_is_refused(office_a):
    e = _decided(office_a)
    evaluations_publish(actor=act(office_a.secretary), year=e.year)
    Evaluation.objects.filter(pk=e.pk).update(
        appeal_until=timezone.localdate() - dt.timedelta(days=1)
    )
    with pytest.raises(InvalidInput, match="time to appeal ended"):
        evaluation_appeal(actor=act(office_a.specialist), evaluation=e, reason="Muộn")


def test_the_pages_publish_show_the_group_and_take_the_appeal(office_a, office_b):
    e = _decided(office_a)
    own = verified_client(office_a.specialist)
    hidden = own.get(reverse("assignments:evaluation", args=[e.pk]))
    assert hidden.context["result_hidden"]
    assert reverse("assignments:evaluation_appeal", args=[e.pk]) not in hidden.content.decode()
    head = verified_client(office_a.secretary)
    listing = head.get(reverse("assignments:evaluations"))
    assert listing.context["to_publish"] == 1
    head.post(reverse("assignments:evaluations_publish"), {"year": str(e.year)})
    # Colleagues acting for the agency see the published result, not the self-assessment.
    colleague = verified_client(office_a.clerk)
    board = colleague.get(reverse("assignments:evaluations"))
    assert list(board.context["published"]) == [e]
    assert "Tự nhận xét riêng" not in board.content.decode()
    assert colleague.get(reverse("assignments:evaluation", args=[e.pk])).status_code == 404
    bad = own.post(reverse("assignments:evaluation_appeal", args=[e.pk]), {"reason": ""})
    assert bad.status_code == 400
    own.post(reverse("assignments:evaluation_appeal", args=[e.pk]), {"reason": "Xin xét lại"})
    page = head.get(reverse("assignments:evaluation", args=[e.pk]))
    assert page.context["can_answer"]
    head.post(
        reverse("assignments:evaluation_answer", args=[e.pk]),
        {"answer": "Giữ nguyên", "score": "80", "klass": "good"},
    )
    assert Evaluation.objects.get(pk=e.pk).appeal_outcome == AppealOutcome.UPHELD
    stranger = verified_client(office_b.secretary)
    for name in ("evaluation_appeal", "evaluation_answer", "evaluation_advise"):
        assert stranger.post(reverse(f"assignments:{name}", args=[e.pk]), {}).status_code == 404


def test_the_advisory_body_proposes_on_the_page_and_the_head_then_decides(office_a):
    e = Evaluation.objects.create(
        organization=office_a.organization,
        person=office_a.specialist,
        year=timezone.localdate().year,
        proposed_score=Decimal(80),
        proposed_class=Klass.GOOD,
    )
    evaluation_self_assess(
        actor=act(office_a.specialist), evaluation=e, klass="good", text="Tốt", form_kind="2B"
    )
    head = verified_client(office_a.secretary)
    assert not head.get(reverse("assignments:evaluation", args=[e.pk])).context["can_decide"]
    office = verified_client(office_a.chief)
    page = office.get(reverse("assignments:evaluation", args=[e.pk]))
    assert reverse("assignments:evaluation_advise", args=[e.pk]) in page.content.decode()
    url = reverse("assignments:evaluation_advise", args=[e.pk])
    refused = office.post(url, {"score": "75", "klass": "good", "reason": ""})
    assert refused.status_code == 400 and refused.context["advise_form"].errors["reason"]
    office.post(url, {"score": "75", "klass": "good", "reason": "Còn chậm một việc"})
    e.refresh_from_db()
    assert (e.state, e.advised_score, e.advised_by) == (
        EvaluationState.ADVISED,
        Decimal(75),
        office_a.chief,
    )
    assert head.get(reverse("assignments:evaluation", args=[e.pk])).context["can_decide"]
    assert Notification.objects.filter(
        recipient=office_a.secretary, title__contains="please decide"
    )
