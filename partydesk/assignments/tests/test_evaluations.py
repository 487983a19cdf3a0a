"""The year's evaluation procedure: proposed from the record, self-assessed by the person,
proposed by the advisory body, decided by the head with a reason for any change, and the
20 % quota on "excellent"."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from partydesk.accounts.tests.factories import verified_client
from partydesk.assignments.models import Evaluation, EvaluationState, Klass
from partydesk.assignments.services.assignments import assignment_complete
from partydesk.assignments.services.evaluations import (
    evaluation_advise,
    evaluation_decide,
    evaluation_self_assess,
    evaluations_propose,
)
from partydesk.assignments.services.review import assignment_accept
from partydesk.assignments.tests.factories import act, give
from partydesk.core.errors import Conflict, InvalidInput, InvalidTransition, NotAllowed
from partydesk.core.models import AuditEvent, Notification
from partydesk.documents.tests.factories import make_staff


def _year_of_work(office) -> int:  # type: ignore[no-untyped-def]
    """Two assignments done on time, one marked exceeding: 50 + 30 + 10 = 90 points."""
    today = timezone.localdate()
    for quality in ("exceeded", "met"):
        work = give(
            office.secretary,
            lead_user=office.specialist,
            start_date=today - dt.timedelta(days=2),
            deadline=today,
        )
        assignment_complete(actor=act(office.specialist), assignment=work, report="Xong")
        assignment_accept(actor=act(office.secretary), assignment=work, quality=quality)
    return today.year


def test_proposed_self_assessed_and_decided_with_a_reason(office_a):
    year = _year_of_work(office_a)
    boss, person = act(office_a.secretary), act(office_a.specialist)
    with pytest.raises(NotAllowed):
        evaluations_propose(actor=person, year=year)
    assert evaluations_propose(actor=boss, year=year) == 1
    assert evaluations_propose(actor=boss, year=year) == 0  # nothing changed
    e = Evaluation.objects.get(person=office_a.specialist, year=year)
    assert (e.proposed_score, e.proposed_class) == (Decimal(90), Klass.EXCELLENT)
    assert e.record["exceeding"] == 1
    assert Notification.objects.filter(recipient=office_a.specialist, url__contains=str(e.pk))
    with pytest.raises(InvalidTransition, match="advisory body's proposal"):
        evaluation_decide(actor=boss, evaluation=e, score=Decimal(90), klass="good", reason="")
    with pytest.raises(NotAllowed):
        evaluation_self_assess(actor=boss, evaluation=e, klass="good", text="x", form_kind="2B")
    with pytest.raises(InvalidInput, match="Write the self-assessment"):
        evaluation_self_assess(actor=person, evaluation=e, klass="good", text=" ", form_kind="2B")
    evaluation_self_assess(
        actor=person, evaluation=e, klass="good", text="Hoàn thành tốt", form_kind="2B"
    )
    office = act(office_a.chief)
    with pytest.raises(NotAllowed):  # a head of a department is not the advisory body
        evaluation_advise(
            actor=act(office_a.head), evaluation=e, score=Decimal(90), klass="good", reason=""
        )
    with pytest.raises(InvalidInput, match="say why"):
        evaluation_advise(actor=office, evaluation=e, score=Decimal(88), klass="good", reason="")
    evaluation_advise(actor=office, evaluation=e, score=Decimal(90), klass="excellent", reason="")
    with pytest.raises(InvalidTransition, match="past the self-assessment"):
        evaluation_self_assess(actor=person, evaluation=e, klass="good", text="x", form_kind="2B")
    evaluation_advise(
        actor=office, evaluation=e, score=Decimal(86), klass="good", reason="Chưa có sáng kiến"
    )
    with pytest.raises(NotAllowed, match="someone else"):
        evaluation_decide(actor=office, evaluation=e, score=Decimal(86), klass="good", reason="")
    with pytest.raises(InvalidInput, match="say why"):
        evaluation_decide(actor=boss, evaluation=e, score=Decimal(85), klass="good", reason="")
    with pytest.raises(InvalidInput, match="do not reach"):
        evaluation_decide(
            actor=boss, evaluation=e, score=Decimal(85), klass="excellent", reason="Vượt"
        )
    evaluation_decide(
        actor=boss, evaluation=e, score=Decimal(85), klass="good", reason="Chưa có sáng kiến"
    )
    e.refresh_from_db()
    assert e.state == EvaluationState.DECIDED and e.decided_by == office_a.secretary
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "assignments.evaluation.proposed",
        "assignments.evaluation.advised",
        "assignments.evaluation.decided",
    } <= actions
    with pytest.raises(InvalidTransition, match="past the self-assessment"):
        evaluation_self_assess(actor=person, evaluation=e, klass="good", text="x", form_kind="2B")


def _assessed(office, n: int, year: int, boss) -> list[Evaluation]:  # type: ignore[no-untyped-def]
    found = []
    for i in range(n):
        user = make_staff(f"q{i}_staff", office.organization, "specialist")
        e = Evaluation.objects.create(
            organization=office.organization,
            person=user,
            year=year,
            proposed_score=Decimal(92),
            proposed_class=Klass.EXCELLENT,
        )
        evaluation_self_assess(
            actor=act(user), evaluation=e, klass="excellent", text="Tự đánh giá", form_kind="2B"
        )
        evaluation_advise(
            actor=act(office.chief), evaluation=e, score=Decimal(92), klass="excellent", reason=""
        )
        found.append(e)
    return found


def test_the_quota_refuses_one_excellent_too_many(office_a):
    year = timezone.localdate().year
    boss = act(office_a.secretary)
    people = _assessed(office_a, 7, year, boss)
    for e in people[:5]:
        evaluation_decide(actor=boss, evaluation=e, score=Decimal(80), klass="good", reason="Tốt")
    evaluation_decide(
        actor=boss, evaluation=people[5], score=Decimal(92), klass="excellent", reason=""
    )
    with pytest.raises(Conflict, match="quota is full"):
        evaluation_decide(
            actor=boss, evaluation=people[6], score=Decimal(92), klass="excellent", reason=""
        )
    assert Evaluation.objects.get(pk=people[6].pk).state == EvaluationState.ADVISED


def test_pages_list_export_and_keep_the_typed_reason(office_a, office_b):
    year = _year_of_work(office_a)
    evaluations_propose(actor=act(office_a.secretary), year=year)
    e = Evaluation.objects.get(person=office_a.specialist)
    own = verified_client(office_a.specialist)
    page = own.get(reverse("assignments:evaluation", args=[e.pk]))
    assert page.status_code == 200 and reverse("assignments:evaluation_self", args=[e.pk]) in (
        page.content.decode()
    )
    bad = own.post(
        reverse("assignments:evaluation_self", args=[e.pk]),
        {"form_kind": "2B", "klass": "good", "text": ""},
    )
    assert bad.status_code == 400
    own.post(
        reverse("assignments:evaluation_self", args=[e.pk]),
        {"form_kind": "2B", "klass": "good", "text": "Hoàn thành"},
    )
    evaluation_advise(
        actor=act(office_a.chief), evaluation=e, score=Decimal(90), klass="excellent", reason=""
    )
    head = verified_client(office_a.secretary)
    listing = head.get(reverse("assignments:evaluations"), {"year": str(year)})
    assert list(listing.context["rows"]) == [e]
    assert reverse("assignments:evaluation", args=[e.pk]) in listing.content.decode()
    sheet = head.get(reverse("assignments:evaluations"), {"year": str(year), "format": "xlsx"})
    assert (
        sheet["Content-Type"].startswith("application/vnd.openxml") and sheet.content[:2] == b"PK"
    )
    refused = head.post(
        reverse("assignments:evaluation_decide", args=[e.pk]),
        {"score": "70", "klass": "good", "reason": ""},
    )
    assert refused.status_code == 400 and "say why" in refused.content.decode()
    stranger = verified_client(office_b.secretary)
    assert stranger.get(reverse("assignments:evaluation", args=[e.pk])).status_code == 404


def test_people_are_listed_in_vietnamese_alphabetical_order(office_a):
    """Đỗ before Trần (đ comes after d, long before t), whatever the user names or the code
    points say: the year's record, the evaluations page and its workbook alike."""
    import io

    from openpyxl import load_workbook

    from partydesk.organizations.tests.factories import make_person

    today = timezone.localdate()
    for user, name in ((office_a.clerk, "Trần Văn Bình"), (office_a.specialist, "Đỗ Thị Hoa")):
        user.person = make_person(office_a.organization, name)
        user.save(update_fields=["person"])
        give(office_a.secretary, lead_user=user, start_date=today, deadline=today)
    head = verified_client(office_a.secretary)
    year = {"year": str(today.year)}
    records = head.get(reverse("assignments:records"), year)
    assert [p.user.person.full_name for p in records.context["people"]] == [
        "Đỗ Thị Hoa",
        "Trần Văn Bình",
    ]
    evaluations_propose(actor=act(office_a.secretary), year=today.year)
    listing = head.get(reverse("assignments:evaluations"), year)
    assert [e.subject for e in listing.context["rows"]] == ["Đỗ Thị Hoa", "Trần Văn Bình"]
    sheet = head.get(reverse("assignments:evaluations"), {**year, "format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(sheet.content)).worksheets[0].iter_rows(values_only=True))
    assert [row[0] for row in rows[1:]] == ["Đỗ Thị Hoa", "Trần Văn Bình"]
