"""Conclusions: recorded and corrected by those who run the meeting, made assignments
through the assignments app (with their lead, deadline and a link back to the meeting),
seen in the assignee's queue; other organizations get a 404, others a 403."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from partydesk.accounts.selectors import actor_for
from partydesk.accounts.tests.factories import make_user
from partydesk.assignments.models import Assignment, Priority, SourceKind, State
from partydesk.assignments.selectors.assignments import Filters, assignment_list_for
from partydesk.conftest import logged_in
from partydesk.core.errors import InvalidInput, NotAllowed
from partydesk.core.models import AuditEvent
from partydesk.meetings.models import Conclusion
from partydesk.meetings.services.agenda import agenda_item_add
from partydesk.meetings.services.conclusions import Owners, conclusion_add, conclusion_assign
from partydesk.meetings.tests.conftest import schedule

pytestmark = pytest.mark.django_db

FIRST = "Giao Ban Tổ chức rà soát quy hoạch cán bộ, báo cáo trong quý I."
SECOND = "Chi bộ Phòng Ngân sách xây dựng kế hoạch học tập Nghị quyết."


@pytest.fixture
def secretary(tree):  # type: ignore[no-untyped-def]
    return make_user("thuky", organization=tree.committee_a, role="secretary", two_factor=True)


@pytest.fixture
def meeting(tree, secretary, bob):  # type: ignore[no-untyped-def]
    return schedule(tree.committee_a, secretary=secretary, members=[bob], days=-1)


def _in_ten_days() -> str:
    return (timezone.localdate() + dt.timedelta(days=10)).isoformat()


def test_conclusions_are_recorded_in_order_listed_and_corrected(meeting, secretary):
    client = logged_in(secretary)
    item = agenda_item_add(actor=actor_for(secretary), meeting=meeting, title="Công tác cán bộ")
    add = reverse("meetings:conclusion_add", args=[meeting.pk])
    assert client.post(add, {"text": FIRST, "item": item.pk}).status_code == 302
    assert client.post(add, {"text": SECOND}).status_code == 302
    first, second = Conclusion.objects.filter(meeting=meeting)
    assert (first.position, first.item, second.position) == (1, item, 2)
    assert first.created_by == secretary
    page = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert page.index("rà soát quy hoạch") < page.index("kế hoạch học tập")
    assert reverse("meetings:conclusion_assign", args=[meeting.pk, first.pk]) in page
    assert "Make an assignment" in page
    detail = reverse("meetings:detail", args=[meeting.pk])
    vi = client.get(detail, HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Giao việc từ kết luận này" in vi and "Ghi kết luận" in vi
    edit = reverse("meetings:conclusion_edit", args=[meeting.pk, second.pk])
    assert client.get(edit).status_code == 200
    assert client.post(edit, {"text": SECOND + " Hoàn thành trong tháng 3."}).status_code == 302
    second.refresh_from_db()
    assert second.text.endswith("tháng 3.")
    actions = list(
        AuditEvent.objects.filter(action__startswith="meetings.conclusion").values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == [
        "meetings.conclusion.edited",
        "meetings.conclusion.recorded",
        "meetings.conclusion.recorded",
    ]


def test_two_conclusions_become_assignments_seen_in_the_assignee_queue(
    tree, meeting, secretary, bob
):
    client = logged_in(secretary)
    actor = actor_for(secretary)
    first = conclusion_add(actor=actor, meeting=meeting, text=FIRST)
    second = conclusion_add(actor=actor, meeting=meeting, text=SECOND)
    deadline = _in_ten_days()
    response = client.post(
        reverse("meetings:conclusion_assign", args=[meeting.pk, first.pk]),
        {
            f"c{first.pk}-lead_user": bob.pk,
            f"c{first.pk}-co_units": [tree.cell_a1.pk],
            f"c{first.pk}-deadline": deadline,
            f"c{first.pk}-priority": Priority.HIGH,
        },
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#conclusion-{first.pk}")
    response = client.post(
        reverse("meetings:conclusion_assign", args=[meeting.pk, second.pk]),
        {
            f"c{second.pk}-lead_unit": tree.cell_a1.pk,
            f"c{second.pk}-deadline": deadline,
            f"c{second.pk}-priority": Priority.NORMAL,
        },
    )
    assert response.status_code == 302
    one = Assignment.objects.get(source_id=first.pk)
    two = Assignment.objects.get(source_id=second.pk)
    assert one.source_kind == two.source_kind == SourceKind.MEETING
    assert (one.lead_user, one.lead_unit, str(one.deadline)) == (bob, None, deadline)
    assert list(one.co_units.all()) == [tree.cell_a1] and one.priority == Priority.HIGH
    assert (two.lead_unit, two.lead_user) == (tree.cell_a1, None)
    assert (one.organization, one.assigner, one.state) == (tree.committee_a, secretary, State.OPEN)
    assert one.title == FIRST and meeting.title in one.source_label
    # The meeting page shows each conclusion's assignment and its state.
    page = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert reverse("assignments:detail", args=[one.pk]) in page
    assert reverse("assignments:detail", args=[two.pk]) in page
    # The assignment page links back to the meeting, at the conclusion.
    back = reverse("meetings:detail", args=[meeting.pk]) + f"#conclusion-{first.pk}"
    assert back in logged_in(bob).get(reverse("assignments:detail", args=[one.pk])).content.decode()
    # The assignee finds it in their queue, on the page and through the selector.
    assert one in assignment_list_for(actor_for(bob), Filters(view="mine"))
    assert "rà soát quy hoạch" in logged_in(bob).get(reverse("assignments:mine")).content.decode()
    audited = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"meetings.conclusion.assigned", "assignments.assignment.created"} <= audited
    assert AuditEvent.objects.filter(action="meetings.conclusion.assigned").count() == 2


def test_another_organization_gets_404_on_every_conclusion_route(meeting, secretary, organizer_b):
    found = conclusion_add(actor=actor_for(secretary), meeting=meeting, text=FIRST)
    client = logged_in(organizer_b)
    assert (
        client.post(
            reverse("meetings:conclusion_add", args=[meeting.pk]), {"text": "x"}
        ).status_code
        == 404
    )
    edit = reverse("meetings:conclusion_edit", args=[meeting.pk, found.pk])
    assert client.get(edit).status_code == 404
    assert client.post(edit, {"text": "x"}).status_code == 404
    assign = reverse("meetings:conclusion_assign", args=[meeting.pk, found.pk])
    assert client.post(assign, {}).status_code == 404
    assert Conclusion.objects.get().text == FIRST and not Assignment.objects.exists()


def test_a_participant_who_does_not_run_the_meeting_gets_403(meeting, secretary, bob):
    found = conclusion_add(actor=actor_for(secretary), meeting=meeting, text=FIRST)
    client = logged_in(bob)
    page = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "rà soát quy hoạch" in page  # he reads the conclusions
    assert reverse("meetings:conclusion_add", args=[meeting.pk]) not in page
    assert reverse("meetings:conclusion_assign", args=[meeting.pk, found.pk]) not in page
    assert (
        client.post(
            reverse("meetings:conclusion_add", args=[meeting.pk]), {"text": "x"}
        ).status_code
        == 403
    )
    edit = reverse("meetings:conclusion_edit", args=[meeting.pk, found.pk])
    assert client.get(edit).status_code == 403
    assign = reverse("meetings:conclusion_assign", args=[meeting.pk, found.pk])
    response = client.post(
        assign, {f"c{found.pk}-lead_user": bob.pk, f"c{found.pk}-deadline": _in_ten_days()}
    )
    assert response.status_code == 403
    assert Conclusion.objects.count() == 1 and not Assignment.objects.exists()
    with pytest.raises(NotAllowed):
        conclusion_add(actor=actor_for(bob), meeting=meeting, text=SECOND)


def test_an_empty_text_or_a_past_deadline_is_refused_and_what_was_typed_stays(
    meeting, secretary, bob
):
    client = logged_in(secretary)
    client.cookies.load({"django_language": "en"})
    page = client.post(reverse("meetings:conclusion_add", args=[meeting.pk]), {"text": "   "})
    assert page.status_code == 400 and "Write the conclusion." in page.content.decode()
    assert not Conclusion.objects.exists()
    found = conclusion_add(actor=actor_for(secretary), meeting=meeting, text=FIRST)
    yesterday = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    page = client.post(
        reverse("meetings:conclusion_assign", args=[meeting.pk, found.pk]),
        {
            f"c{found.pk}-lead_user": bob.pk,
            f"c{found.pk}-deadline": yesterday,
            f"c{found.pk}-priority": Priority.URGENT,
        },
    )
    body = page.content.decode()
    assert page.status_code == 400 and "is in the past" in body
    assert f'value="{yesterday}"' in body  # the date typed is still there
    assert f'<option value="{bob.pk}" selected>' in body
    assert not Assignment.objects.exists()
    with pytest.raises(InvalidInput):
        conclusion_assign(
            actor=actor_for(secretary),
            conclusion=found,
            owners=Owners(deadline=None, lead_user=bob),
        )


def test_a_cancelled_meeting_takes_no_conclusions(meeting, secretary):
    meeting.cancelled_at = timezone.now()
    meeting.save()
    with pytest.raises(NotAllowed):
        conclusion_add(actor=actor_for(secretary), meeting=meeting, text=FIRST)


def test_a_chair_whose_role_gives_no_work_is_told_so(tree, secretary, alice, bob):
    meeting = schedule(tree.committee_a, chair=alice, secretary=secretary, members=[bob])
    found = conclusion_add(actor=actor_for(alice), meeting=meeting, text=FIRST)
    client = logged_in(alice)
    client.cookies.load({"django_language": "en"})
    page = client.post(
        reverse("meetings:conclusion_assign", args=[meeting.pk, found.pk]),
        {
            f"c{found.pk}-lead_user": bob.pk,
            f"c{found.pk}-deadline": _in_ten_days(),
            f"c{found.pk}-priority": Priority.NORMAL,
        },
    )
    assert page.status_code == 400 and "does not allow giving work" in page.content.decode()
    assert not Assignment.objects.exists()
