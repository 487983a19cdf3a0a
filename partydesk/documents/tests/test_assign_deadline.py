"""An assignment whose deadline falls after the date the incoming document itself must be
answered by is saved, with a warning, and the form says that date next to the deadline."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from partydesk.accounts.tests.factories import verified_client
from partydesk.core.calendar import add_working_days
from partydesk.documents.keeper import assignments_of
from partydesk.documents.models import Status
from partydesk.documents.tests.test_views import register

WORDS = {
    "en": {
        "hint": "The document must be answered by {due}, 3 working days from today",
        "warning": "is later than the date the document itself must be answered by ({due})",
    },
    "vi": {
        "hint": "Văn bản phải được trả lời chậm nhất ngày {due} (còn 3 ngày làm việc",
        "warning": "muộn hơn hạn trả lời của chính văn bản ({due})",
    },
}


@pytest.mark.parametrize("language", ["en", "vi"])
def test_a_deadline_past_the_documents_reply_deadline_is_saved_with_a_warning(
    language, office_a, alice
):
    # Given a letter that must be answered within three working days
    due = add_working_days(timezone.localdate(), 3)
    document = register(office_a, due_date=due)
    words = {k: v.format(due=due.strftime("%d/%m/%Y")) for k, v in WORDS[language].items()}
    client = verified_client(office_a.secretary)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    # When the secretary opens it, the deadline field names the document's own deadline
    page = client.get(reverse("documents:detail", args=[document.pk])).content.decode()
    assert words["hint"] in page
    # And when she gives the lead ten working days
    response = client.post(
        reverse("documents:assign", args=[document.pk]),
        {"lead": f"u:{alice.pk}", "working_days": "10"},
        follow=True,
    )
    # Then the assignment is saved, and she is warned that it ends after the reply is due
    document.refresh_from_db()
    assert document.status == Status.ASSIGNED
    (lead,) = assignments_of(document)
    assert lead.deadline is not None and lead.deadline > due
    warnings = [str(m) for m in response.context["messages"] if m.level_tag == "warning"]
    assert len(warnings) == 1 and words["warning"] in warnings[0], warnings
    assert lead.deadline.strftime("%d/%m/%Y") in warnings[0]


def test_a_deadline_within_the_reply_deadline_brings_no_warning(office_a, alice):
    document = register(office_a, due_date=add_working_days(timezone.localdate(), 10))
    response = verified_client(office_a.secretary).post(
        reverse("documents:assign", args=[document.pk]),
        {"lead": f"u:{alice.pk}", "working_days": "10"},
        follow=True,
    )
    assert [m.level_tag for m in response.context["messages"]] == ["success"]


def test_a_document_without_a_reply_deadline_has_no_note_and_no_warning(office_a, alice):
    document = register(office_a)
    client = verified_client(office_a.secretary)
    page = client.get(reverse("documents:detail", args=[document.pk])).content.decode()
    assert "must be answered by" not in page
    response = client.post(
        reverse("documents:assign", args=[document.pk]),
        {"lead": f"u:{alice.pk}", "working_days": "60"},
        follow=True,
    )
    assert [m.level_tag for m in response.context["messages"]] == ["success"]


def test_the_note_counts_one_working_day_in_the_singular(office_a):
    due = add_working_days(timezone.localdate(), 1)
    document = register(office_a, due_date=due)
    page = verified_client(office_a.secretary).get(reverse("documents:detail", args=[document.pk]))
    assert (
        f"answered by {due.strftime('%d/%m/%Y')}, 1 working day from today" in page.content.decode()
    )
