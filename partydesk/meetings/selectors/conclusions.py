"""A meeting's conclusions in order, each with the assignments made from it that the reader
may see (assignments' own rule, one query for all of them)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.http import Http404
from django.urls import reverse

from partydesk.assignments.selectors.assignments import assignments_of_sources
from partydesk.assignments.sources import MEETING_CONCLUSION
from partydesk.core.http import Acting
from partydesk.meetings.models import Conclusion, Meeting


@dataclass
class ShownConclusion:
    conclusion: Conclusion
    assignments: list[Any] = field(default_factory=list)


def conclusions_for(actor: Acting, meeting: Meeting) -> list[ShownConclusion]:
    """Two queries whatever the number of conclusions."""
    rows = list(Conclusion.objects.filter(meeting=meeting).select_related("item"))
    made = assignments_of_sources(actor, MEETING_CONCLUSION, [c.pk for c in rows])
    return [ShownConclusion(c, made.get(c.pk, [])) for c in rows]


def conclusion_get(meeting: Meeting, pk: int) -> Conclusion:
    """One conclusion of a meeting the reader already sees, else 404."""
    found = Conclusion.objects.filter(meeting=meeting, pk=pk).select_related("meeting").first()
    if found is None:
        raise Http404("conclusion not found")
    return found


def conclusion_url(pk: int) -> str | None:
    """The meeting page at the conclusion (the link back from an assignment; the meeting
    page applies its own access rule)."""
    meeting_id = Conclusion.objects.filter(pk=pk).values_list("meeting_id", flat=True).first()
    if meeting_id is None:
        return None
    return reverse("meetings:detail", args=[meeting_id]) + f"#conclusion-{pk}"
