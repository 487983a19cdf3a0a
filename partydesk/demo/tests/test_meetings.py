"""The demo step: a conference with twelve connected sites and an agenda, ready for invitations;
a confidential standing-committee meeting; a past cell meeting with its attendance and two
conclusions made assignments through the services."""

from __future__ import annotations

import datetime as dt
import re
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone

from partydesk.accounts.models import User
from partydesk.assignments.models import Assignment
from partydesk.conftest import logged_in
from partydesk.core.text import vn_sort_key
from partydesk.demo.seed import seed_demo
from partydesk.demo.steps import CORE_STEPS
from partydesk.documents.models import Document
from partydesk.documents.selectors.cosigners import co_signers_of
from partydesk.documents.services.render import place_date_line
from partydesk.meetings.models import Election, Meeting, Minutes
from partydesk.meetings.report_pdf import election_report_pdf

pytestmark = pytest.mark.django_db


def test_the_demo_holds_a_conference_with_connected_sites():
    seed_demo(
        scale=0.05, log=lambda _line: None, steps=[*CORE_STEPS, "partydesk.demo.meetings.seed"]
    )
    conference = Meeting.objects.get(kind__code="conference")
    assert conference.invited_at is None and conference.items.count() == 3
    assert conference.sites.filter(is_main=True).count() == 1
    assert 1 < conference.sites.count() <= 13
    assert Meeting.objects.get(kind__code="standing_committee", closed_at=None).confidential
    past = Meeting.objects.get(kind__code="cell_monthly")
    assert past.participants.filter(checked_in_at__isnull=False).count() == 1
    first, second = past.conclusions.all()
    made = Assignment.objects.filter(source_kind="meeting").order_by("source_id")
    assert [a.source_id for a in made] == [first.pk, second.pk]
    assert made[0].lead_user is not None and made[1].lead_unit == past.organization
    assert all(a.deadline and a.assigner for a in made)
    closed = Meeting.objects.get(minutes__isnull=False)
    minutes = Minutes.objects.get(meeting=closed)
    assert minutes.document_id is not None and minutes.filed_at is not None
    document = Document.objects.get(pk=minutes.document_id)
    assert (document.signer, document.status) == (closed.chair, "draft")
    assert [c.user for c in co_signers_of(document)] == [closed.secretary]


def test_the_demo_holds_one_finished_election():
    ctx = seed_demo(
        scale=0.05, log=lambda _line: None, steps=[*CORE_STEPS, "partydesk.demo.elections.seed"]
    )
    election = Election.objects.select_related("meeting").get()
    assert election.state == "counted" and election.candidates.count() == 11
    result = election.result
    assert result is not None and result["invalid"] == 1 and result["valid"] >= 10
    assert len(result["elected"]) == 9 and result["outcome"] == "complete", result
    # The seed's summary counts the election's meeting among the meetings.
    assert ctx.counts["meetings"] == Meeting.objects.count() == 1


def test_the_demo_election_names_its_candidates_as_people_and_is_counted_on_its_day():
    ctx = seed_demo(
        scale=0.05, log=lambda _line: None, steps=[*CORE_STEPS, "partydesk.demo.elections.seed"]
    )
    election = Election.objects.select_related("meeting__organization").get()
    meeting = election.meeting
    names = list(election.candidates.values_list("name", flat=True))
    people = {u.person.full_name for u in User.objects.select_related("person") if u.person}
    assert set(names) <= people
    assert names == sorted(names, key=vn_sort_key)  # the ballot's alphabetical order
    # The board counted at the meeting a month ago, not on the day the demo was seeded.
    assert election.closed_at is not None and election.counted_at is not None
    assert meeting.starts_at <= election.closed_at <= election.counted_at <= meeting.ends_at
    day = timezone.localdate(meeting.starts_at)
    assert day == ctx.today - dt.timedelta(days=30)

    text = subprocess.run(
        ["pdftotext", "-", "-"],
        input=election_report_pdf(election),
        capture_output=True,
        check=True,
    ).stdout.decode()
    # The board's report names each candidate by name only, no login, and is dated that day.
    logins = set(User.objects.values_list("username", flat=True))
    assert all(name in text for name in names)
    assert not logins & set(re.findall(r"\(([^()]*)\)", text)), text
    assert place_date_line(meeting.organization.place_name, day) in " ".join(text.split())


def test_the_demo_closes_its_past_meetings_when_they_ended():
    ctx = seed_demo(
        scale=0.05,
        log=lambda _line: None,
        steps=[*CORE_STEPS, "partydesk.demo.meetings.seed", "partydesk.demo.elections.seed"],
    )
    now = timezone.now()
    past = Meeting.objects.filter(ends_at__lt=now)
    assert past.count() == 3  # the cell's, the standing committee's and the election's
    assert [(m.title, m.closed_at) for m in past] == [(m.title, m.ends_at) for m in past]
    assert not Meeting.objects.filter(ends_at__gte=now, closed_at__isnull=False).exists()

    # Its organizer (the chair) opens the election's meeting a month on: a closed meeting,
    # no answer to give, no invitations to send, nothing to close.
    meeting = Election.objects.get().meeting
    page = logged_in(ctx.users["bithu"]).get(reverse("meetings:detail", args=[meeting.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    for name in ("meetings:close", "meetings:answer", "meetings:invite", "meetings:check_in"):
        assert reverse(name, args=[meeting.pk]) not in html, name
