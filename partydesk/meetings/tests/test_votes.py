"""Open votes: named electronic votes replaced while open, shows of hands, the majority rule
per vote, live results on the meeting page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from partydesk.conftest import logged_in
from partydesk.core.errors import InvalidInput, NotAllowed
from partydesk.core.http import SYSTEM
from partydesk.meetings.models import Cast
from partydesk.meetings.selectors.votes import vote_result
from partydesk.meetings.services.agenda import agenda_item_add
from partydesk.meetings.services.attendance import check_in_online
from partydesk.meetings.services.votes import vote_cast, vote_close, vote_hands_record, vote_open
from partydesk.meetings.tests.test_attendance import now_meeting
from partydesk.meetings.tests.test_meetings import As

pytestmark = pytest.mark.django_db


def test_a_named_vote_counts_each_member_once_and_applies_the_rule(tree, alice, bob, eve):
    meeting = now_meeting(tree, members=[alice, bob], guests=[eve])
    item = agenda_item_add(actor=SYSTEM, meeting=meeting, title="Thông qua Nghị quyết")
    vote = vote_open(actor=SYSTEM, item=item, question="Thông qua dự thảo?", method="electronic")
    vote_cast(actor=As(alice), vote=vote, choice="against")
    vote_cast(actor=As(alice), vote=vote, choice="for")  # voting again replaces
    assert Cast.objects.filter(vote=vote).count() == 1
    with pytest.raises(NotAllowed):
        vote_cast(actor=As(eve), vote=vote, choice="for")  # a guest does not vote
    with pytest.raises(InvalidInput):
        vote_cast(actor=As(bob), vote=vote, choice="maybe")
    result = vote_result(vote)
    # More than half of the two members counted: two are needed.
    assert (result.for_, result.base, result.needed, result.passed) == (1, 2, 2, False)
    vote_cast(actor=As(bob), vote=vote, choice="for")
    vote_close(actor=SYSTEM, vote=vote)
    assert vote_result(vote).passed
    with pytest.raises(NotAllowed):
        vote_cast(actor=As(bob), vote=vote, choice="against")


def test_a_show_of_hands_is_recorded_by_the_secretary(tree, alice, bob):
    meeting = now_meeting(tree, secretary=alice, members=[bob])
    item = agenda_item_add(actor=SYSTEM, meeting=meeting, title="Bầu Ban kiểm phiếu")
    vote = vote_open(actor=SYSTEM, item=item, question="Nhất trí?", method="hands", base="cast")
    with pytest.raises(NotAllowed):
        vote_hands_record(actor=As(bob), vote=vote, for_=2, against=0, abstain=0)
    vote_hands_record(actor=As(alice), vote=vote, for_=2, against=1, abstain=0)
    result = vote_result(vote)
    assert (result.for_, result.against, result.base, result.needed, result.passed) == (
        2,
        1,
        3,
        2,
        True,
    )


def test_members_vote_from_the_meeting_page_and_see_live_results(tree, alice, bob, eve):
    meeting = now_meeting(tree, chair=alice, members=[bob])
    item = agenda_item_add(actor=SYSTEM, meeting=meeting, title="Biểu quyết")
    chair = logged_in(alice)
    chair.post(
        reverse("meetings:vote_open", args=[meeting.pk, item.pk]),
        {"question": "Đồng ý kế hoạch?", "method": "electronic"},
    )
    vote = item.votes.get()
    check_in_online(actor=As(bob), meeting=meeting)
    member = logged_in(bob)
    member.post(reverse("meetings:vote_cast", args=[meeting.pk, vote.pk]), {"choice": "for"})
    live = member.get(reverse("meetings:vote_result", args=[meeting.pk, vote.pk]))
    assert "every 3s" in live.content.decode()
    assert vote_result(vote).for_ == 1
    page = member.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "Đồng ý kế hoạch?" in page
    foreign = logged_in(eve)
    assert (
        foreign.get(reverse("meetings:vote_result", args=[meeting.pk, vote.pk])).status_code == 404
    )
    for name, args in (
        ("vote_open", [meeting.pk, item.pk]),
        ("vote_cast", [meeting.pk, vote.pk]),
        ("vote_hands", [meeting.pk, vote.pk]),
        ("vote_close", [meeting.pk, vote.pk]),
    ):
        assert foreign.post(reverse(f"meetings:{name}", args=args)).status_code == 404
