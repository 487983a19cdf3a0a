"""The two official courses (candidates, new members) as data: `data/official_courses.json`
holds their titles, audiences, descriptions and topics, so a change of programme is an edit
of data, not of code. An organization adds the ones it does not have yet."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from django.db import transaction

from partydesk.core.http import Acting
from partydesk.learning.models import Course
from partydesk.learning.services.courses import course_create, courses_check_manage
from partydesk.organizations.models import Organization

DATA = Path(__file__).resolve().parent.parent / "data" / "official_courses.json"


@cache
def official_courses() -> list[dict[str, Any]]:
    """The official courses as shipped (read once)."""
    courses: list[dict[str, Any]] = json.loads(DATA.read_text("utf-8"))["courses"]
    return courses


@transaction.atomic
def official_courses_add(*, actor: Acting, organization: Organization) -> list[Course]:
    """Create the official courses the organization does not have yet (matched by title);
    the ones created, each with its topics and an audit event."""
    courses_check_manage(actor, organization)
    existing = set(Course.objects.filter(organization=organization).values_list("title", flat=True))
    return [
        course_create(
            actor=actor,
            organization=organization,
            title=row["title"],
            audience=row["audience"],
            description=row["description"],
            topics=row["topics"],
        )
        for row in official_courses()
        if row["title"] not in existing
    ]
