"""The assignments API: lists and one assignment scoped like the pages, giving work,
progress and review through the same services; bad input is a JSON 4xx, never a 500."""

from __future__ import annotations

import datetime as dt

from django.test import Client
from django.utils import timezone

from partydesk.accounts.services.tokens import api_token_create
from partydesk.assignments.models import Assignment, Quality, State
from partydesk.assignments.services.assignments import assignment_complete
from partydesk.assignments.tests.factories import act, give


def _client(user):  # type: ignore[no-untyped-def]
    _token, key = api_token_create(user=user, name="script")
    return Client(headers={"Authorization": f"Bearer {key}"})


def test_give_report_and_review_through_the_api(office_a, office_b):
    boss, lead = _client(office_a.secretary), _client(office_a.specialist)
    today = timezone.localdate()
    made = boss.post(
        "/api/v1/assignments",
        {
            "title": "Tổng hợp báo cáo quý",
            "lead_user_id": office_a.specialist.pk,
            "start_date": today.isoformat(),
            "deadline": (today + dt.timedelta(days=5)).isoformat(),
        },
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    pk = made.json()["id"]
    mine = lead.get("/api/v1/assignments").json()
    assert [row["id"] for row in mine["items"]] == [pk]
    over = lead.post(
        f"/api/v1/assignments/{pk}/progress",
        {"percent": 120, "text": "x"},
        content_type="application/json",
    )
    assert over.status_code == 422 and "detail" in over.json()
    ok = lead.post(
        f"/api/v1/assignments/{pk}/progress",
        {"percent": 40, "text": "Đã khảo sát"},
        content_type="application/json",
    )
    assert ok.status_code == 200 and ok.json()["state"] == State.IN_PROGRESS
    early = boss.post(
        f"/api/v1/assignments/{pk}/review",
        {"verdict": "accept", "quality": "met"},
        content_type="application/json",
    )
    assert early.status_code == 400 and "reported done" in early.json()["detail"]
    assignment_complete(
        actor=act(office_a.specialist), assignment=Assignment.objects.get(pk=pk), report="Xong"
    )
    not_lead = lead.post(
        f"/api/v1/assignments/{pk}/review",
        {"verdict": "accept", "quality": "met"},
        content_type="application/json",
    )
    assert not_lead.status_code == 403
    accepted = boss.post(
        f"/api/v1/assignments/{pk}/review",
        {"verdict": "accept", "quality": "exceeded"},
        content_type="application/json",
    )
    assert accepted.status_code == 200 and accepted.json()["quality"] == Quality.EXCEEDED
    stranger = _client(office_b.secretary)
    assert stranger.get(f"/api/v1/assignments/{pk}").status_code == 404


def test_bad_input_is_a_clear_4xx(office_a, office_b):
    boss = _client(office_a.secretary)
    today = timezone.localdate()
    before = boss.post(
        "/api/v1/assignments",
        {
            "title": "Sai hạn",
            "lead_user_id": office_a.specialist.pk,
            "start_date": today.isoformat(),
            "deadline": (today - dt.timedelta(days=1)).isoformat(),
        },
        content_type="application/json",
    )
    assert before.status_code == 400 and "before the start" in before.json()["detail"]
    foreign = boss.post(
        "/api/v1/assignments",
        {"title": "Người ngoài", "lead_user_id": office_b.specialist.pk},
        content_type="application/json",
    )
    assert foreign.status_code == 404 and "detail" in foreign.json()
    garbage = boss.post("/api/v1/assignments", "{not json", content_type="application/json")
    assert 400 <= garbage.status_code < 500
    work = give(office_a.secretary, lead_user=office_a.specialist)
    assert boss.get("/api/v1/assignments?state=nonsense").status_code == 422
    assert boss.get(f"/api/v1/assignments/{work.pk}").json()["title"] == work.title
    closed = _client(office_a.specialist)
    assignment_complete(actor=act(office_a.specialist), assignment=work, report="Xong")
    late = closed.post(
        f"/api/v1/assignments/{work.pk}/progress",
        {"percent": 100, "text": "Thêm"},
        content_type="application/json",
    )
    assert late.status_code == 400 and "closed" in late.json()["detail"]


def test_evaluations_through_the_api_and_the_quota_as_a_400(office_a, office_b):
    from decimal import Decimal

    from partydesk.assignments.models import Evaluation

    year = timezone.localdate().year
    e = Evaluation.objects.create(
        organization=office_a.organization,
        person=office_a.specialist,
        year=year,
        proposed_score=Decimal(92),
        proposed_class="excellent",
    )
    person, boss = _client(office_a.specialist), _client(office_a.secretary)
    assert [
        row["id"] for row in person.get(f"/api/v1/evaluations?year={year}").json()["items"]
    ] == [e.pk]
    assert person.get("/api/v1/evaluations?year=99999").status_code == 422
    self_url, decide_url = f"/api/v1/evaluations/{e.pk}/self", f"/api/v1/evaluations/{e.pk}/decide"
    body = {"form_kind": "2B", "klass": "excellent", "text": "Vượt kế hoạch"}
    assert boss.post(self_url, body, content_type="application/json").status_code == 403
    done = person.post(self_url, body, content_type="application/json")
    assert done.status_code == 200 and done.json()["state"] == "self_assessed"
    bad = boss.post(decide_url, {"score": "120", "klass": "good"}, content_type="application/json")
    assert bad.status_code == 422
    early = boss.post(
        decide_url, {"score": "92", "klass": "excellent"}, content_type="application/json"
    )
    assert early.status_code == 400 and "advisory" in early.json()["detail"]
    advised = _client(office_a.chief).post(
        f"/api/v1/evaluations/{e.pk}/advise",
        {"score": "92", "klass": "excellent"},
        content_type="application/json",
    )
    assert advised.status_code == 200 and advised.json()["state"] == "advised"
    full = boss.post(
        decide_url, {"score": "92", "klass": "excellent"}, content_type="application/json"
    )
    assert full.status_code == 400 and "quota is full" in full.json()["detail"]
    good = boss.post(
        decide_url,
        {"score": "85", "klass": "good", "reason": "Chưa có sáng kiến"},
        content_type="application/json",
    )
    assert good.status_code == 200 and good.json()["decided_class"] == "good"
    # The person learns it when the results are published.
    assert person.get(f"/api/v1/evaluations/{e.pk}").json()["decided_class"] == ""
    assert _client(office_b.secretary).get(f"/api/v1/evaluations/{e.pk}").status_code == 404
