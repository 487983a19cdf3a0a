"""Collectives (departments, grassroots organizations) through the evaluation procedure:
proposed from the unit's own record under the collective rule (at most 20 % behind
schedule for "completed"), self-assessed on form 01 by the unit's head acting for it,
appraised, decided with a reason, published, appealed and answered, each step with its
actor; on the pages and through the API, in English and Vietnamese."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from partydesk.accounts.selectors import actor_for
from partydesk.accounts.services.tokens import api_token_create
from partydesk.accounts.tests.factories import verified_client
from partydesk.assignments.models import Assignment, Evaluation, EvaluationState, FormKind, State
from partydesk.assignments.services.appeals import (
    evaluation_answer,
    evaluation_appeal,
    evaluations_publish,
)
from partydesk.assignments.services.evaluations import (
    evaluation_advise,
    evaluation_decide,
    evaluation_self_assess,
    evaluations_propose,
)
from partydesk.assignments.tests.factories import act, give
from partydesk.core.errors import InvalidInput, NotAllowed
from partydesk.core.models import AuditEvent, Notification
from partydesk.documents.tests.factories import make_staff
from partydesk.organizations.models import OrganizationKind
from partydesk.organizations.tests.factories import make_org

Y = timezone.localdate().year - 1  # a closed year: nothing is "not yet due"


def _work(giver, deadline: dt.date, done_on: dt.date | None, **lead) -> None:  # type: ignore[no-untyped-def]
    work = give(giver, start_date=deadline - dt.timedelta(days=30), deadline=deadline, **lead)
    if done_on is not None:
        Assignment.objects.filter(pk=work.pk).update(
            state=State.DONE,
            completed_at=timezone.make_aware(dt.datetime.combine(done_on, dt.time(10))),
        )


@pytest.fixture
def unit(office_a, tree):  # type: ignore[no-untyped-def]
    """A department of committee A with its head, and a year of its work: ten due, seven
    on time, three late (30 % behind): 50 + 21 = 71 points, "good" by the band, but a
    collective behind by more than 20 % is not even "completed"."""
    department = make_org(
        "Ban Tuyên giáo Đảng ủy", parent=tree.committee_a, kind=OrganizationKind.DEPARTMENT
    )
    head = make_staff("tg_head", department, "department_head")
    due = dt.date(Y, 6, 10)
    for n in range(10):
        _work(
            office_a.secretary,
            due,
            due + dt.timedelta(days=5 if n < 3 else 0),
            lead_unit=department,
        )
    return SimpleNamespace(org=department, head=head)


def _head_acting(unit):  # type: ignore[no-untyped-def]
    actor = act(unit.head)
    assert actor.scope == unit.org
    return actor


def test_the_procedure_walked_by_a_collective(office_a, unit):
    boss, chief = act(office_a.secretary), act(office_a.chief)
    assert evaluations_propose(actor=boss, year=Y) == 1
    e = Evaluation.objects.get(unit=unit.org, year=Y)
    assert (e.person_id, e.form_kind, e.organization_id) == (
        None,
        FormKind.COLLECTIVE,
        office_a.organization.pk,
    )
    # 71 points: good by the band, but 30 % behind: the collective rule leaves "not completed"
    assert e.proposed_score == Decimal(71) and e.proposed_class == "not_completed"
    assert e.record["late"] == 3 and e.record["behind"] == "30.00"
    assert Notification.objects.filter(recipient=unit.head, url__contains=str(e.pk)).exists()
    assert not Notification.objects.filter(recipient=office_a.secretary, url__contains=str(e.pk))

    # Only the unit's head, acting for the unit, self-assesses; always on form 01
    with pytest.raises(NotAllowed, match="collective's head"):
        evaluation_self_assess(actor=boss, evaluation=e, klass="good", text="x", form_kind="2A")
    evaluation_self_assess(
        actor=_head_acting(unit),
        evaluation=e,
        klass="completed",
        text="Tập thể đã cố gắng",
        form_kind="2A",
    )
    e.refresh_from_db()
    assert (e.self_by, e.form_kind, e.state) == (unit.head, "01", EvaluationState.SELF_ASSESSED)

    # The advisory body: a change from the system's proposal keeps its reason
    with pytest.raises(InvalidInput, match="say why"):
        evaluation_advise(
            actor=chief, evaluation=e, score=Decimal(60), klass="completed", reason=""
        )
    evaluation_advise(
        actor=chief,
        evaluation=e,
        score=Decimal(60),
        klass="completed",
        reason="Chậm tiến độ có lý do khách quan",
    )
    # The head does not decide their own collective
    with pytest.raises(NotAllowed):
        evaluation_decide(
            actor=_head_acting(unit),
            evaluation=e,
            score=Decimal(60),
            klass="completed",
            reason="",
        )
    evaluation_decide(actor=boss, evaluation=e, score=Decimal(60), klass="completed", reason="")
    e.refresh_from_db()
    assert (e.advised_by, e.decided_by) == (office_a.chief, office_a.secretary)
    assert e.advised_reason == "Chậm tiến độ có lý do khách quan"

    assert evaluations_publish(actor=boss, year=Y) == 1
    e.refresh_from_db()
    with pytest.raises(NotAllowed):
        evaluation_appeal(actor=boss, evaluation=e, reason="Không phải tập thể")
    evaluation_appeal(actor=_head_acting(unit), evaluation=e, reason="Đề nghị xem xét lại")
    with pytest.raises(NotAllowed):
        evaluation_answer(actor=_head_acting(unit), evaluation=e, answer="Tự trả lời")
    e = evaluation_answer(actor=boss, evaluation=e, answer="Giữ nguyên")
    assert e.state == EvaluationState.ANSWERED and e.answered_by == office_a.secretary

    steps = AuditEvent.objects.filter(action__startswith="assignments.evaluation.").order_by("id")
    by_step = {a.action.rsplit(".", 1)[1]: a for a in steps}
    assert [by_step[s].actor for s in ("self_assessed", "advised", "decided", "answered")] == [
        unit.head,
        office_a.chief,
        office_a.secretary,
        office_a.secretary,
    ]
    assert by_step["advised"].details["reason"] == "Chậm tiến độ có lý do khách quan"
    assert by_step["decided"].details["collective"] == unit.org.pk


def test_the_pages_of_a_collective_in_both_languages(office_a, office_b, unit):
    record_page = verified_client(office_a.secretary).get(
        reverse("assignments:records"), {"year": str(Y)}
    )
    assert reverse("assignments:evaluations_propose") in record_page.content.decode()
    boss = verified_client(office_a.secretary)
    boss.post(reverse("assignments:evaluations_propose"), {"year": str(Y)})
    e = Evaluation.objects.get(unit=unit.org)
    html = boss.get(reverse("assignments:records"), {"year": str(Y)}).content.decode()
    assert reverse("assignments:evaluation", args=[e.pk]) in html
    listing = boss.get(reverse("assignments:evaluations"), {"year": str(Y)}).content.decode()
    assert "Ban Tuyên giáo Đảng ủy" in listing and "Collective" in listing

    head = verified_client(unit.head)
    page = head.get(reverse("assignments:evaluation", args=[e.pk]))
    body = page.content.decode()
    assert page.status_code == 200 and "Behind schedule" in body and "30%" in body
    assert "30.00%" not in body
    assert 'name="form_kind"' not in body  # a collective's form is always 01
    done = head.post(
        reverse("assignments:evaluation_self", args=[e.pk]),
        {"klass": "completed", "text": "Tập thể tự đánh giá"},
    )
    assert done.status_code == 302
    e.refresh_from_db()
    assert e.self_by == unit.head and e.form_kind == "01"
    head.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    vi = head.get(reverse("assignments:evaluation", args=[e.pk])).content.decode()
    assert "Chậm tiến độ" in vi and "Người tự đánh giá" in vi and "Mẫu 01" in vi
    assert "30%" in vi and "30,00" not in vi  # no zeros that say nothing
    # The agency's specialist and another organization see nothing of it
    assert (
        verified_client(office_a.specialist)
        .get(reverse("assignments:evaluation", args=[e.pk]))
        .status_code
        == 404
    )
    assert (
        verified_client(office_b.secretary)
        .get(reverse("assignments:evaluation", args=[e.pk]))
        .status_code
        == 404
    )


def _api(user):  # type: ignore[no-untyped-def]
    _token, key = api_token_create(user=user, name="script")
    return Client(headers={"Authorization": f"Bearer {key}"})


def test_the_api_proposes_and_the_head_self_assesses(office_a, office_b, unit):
    boss = _api(office_a.secretary)
    assert (
        _api(office_a.specialist)
        .post("/api/v1/evaluations/propose", {"year": Y}, content_type="application/json")
        .status_code
        == 403
    )
    made = boss.post("/api/v1/evaluations/propose", {"year": Y}, content_type="application/json")
    assert made.status_code == 200 and made.json() == {"changed": 1}
    e = Evaluation.objects.get(unit=unit.org)
    shown = boss.get(f"/api/v1/evaluations/{e.pk}").json()
    assert shown["unit_id"] == unit.org.pk and shown["person_id"] is None
    assert shown["record"]["behind"] == "30.00"
    head = _api(unit.head)
    assert actor_for(unit.head).scope == unit.org
    done = head.post(
        f"/api/v1/evaluations/{e.pk}/self",
        {"klass": "completed", "text": "Tự đánh giá của tập thể"},
        content_type="application/json",
    )
    assert done.status_code == 200 and done.json()["self_by_id"] == unit.head.pk
    assert _api(office_b.secretary).get(f"/api/v1/evaluations/{e.pk}").status_code == 404


def test_two_collectives_of_one_name_stay_apart_named_with_their_parents(office_a, tree):
    # given two cells both named "Chi bộ 1", under two different committees of the agency
    cells = []
    for committee in ("Đảng bộ bộ phận Phòng Kế hoạch", "Đảng bộ bộ phận Phòng Thanh tra"):
        parent = make_org(
            committee, parent=tree.committee_a, kind=OrganizationKind.PARTIAL_COMMITTEE
        )
        cells.append(make_org("Chi bộ 1", parent=parent, kind=OrganizationKind.SUBORDINATE_CELL))
    due = dt.date(Y, 6, 10)
    _work(office_a.secretary, due, due, lead_unit=cells[0])
    _work(office_a.secretary, due, due + dt.timedelta(days=9), lead_unit=cells[1])
    # when the year's evaluations are proposed
    assert evaluations_propose(actor=act(office_a.secretary), year=Y) == 2
    # then each cell has its own evaluation
    found = Evaluation.objects.filter(year=Y, unit__in=cells)
    assert sorted(found.values_list("unit_id", flat=True)) == sorted(c.pk for c in cells)
    # and the record, the list and the workbook name each with its committee
    client = verified_client(office_a.secretary)
    names = [
        "Chi bộ 1 (Đảng bộ bộ phận Phòng Kế hoạch)",
        "Chi bộ 1 (Đảng bộ bộ phận Phòng Thanh tra)",
    ]
    for url in (reverse("assignments:records"), reverse("assignments:evaluations")):
        page = client.get(url, {"year": str(Y)}).content.decode()
        assert all(name in page for name in names), url
    response = client.get(reverse("assignments:evaluations"), {"year": str(Y), "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert sorted(str(row[0]) for row in sheet.iter_rows(min_row=2, values_only=True)) == names


def test_the_share_behind_schedule_is_written_as_each_language_writes_it(office_a, tree):
    # given a department with one of its eight pieces of work late: 12.5 % behind
    department = make_org("Văn phòng Đảng ủy", parent=tree.committee_a, kind="department")
    due = dt.date(Y, 6, 10)
    for n in range(8):
        _work(
            office_a.secretary,
            due,
            due + dt.timedelta(days=3 if n == 0 else 0),
            lead_unit=department,
        )
    client = verified_client(office_a.secretary)
    # when the year's record is read, in English then in Vietnamese
    en = client.get(reverse("assignments:records"), {"year": Y}).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    vi = client.get(reverse("assignments:records"), {"year": Y}).content.decode()
    # then the share is 12.5% in English and 12,5% in Vietnamese, never 12.50%
    assert "12.5%" in en and "12.50" not in en
    assert "12,5%" in vi and "12,50" not in vi and "12.5" not in vi
