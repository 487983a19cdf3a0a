"""Safer defaults on the outgoing pages: no pre-selected review decision, a draft that does
not claim to be released, and a drafter who takes a draft back before anyone reviewed it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from partydesk.accounts.tests.factories import verified_client
from partydesk.core.errors import InvalidTransition
from partydesk.documents.forms.outgoing import ReviewForm
from partydesk.documents.models import DocumentEvent, ReviewStep, Status
from partydesk.documents.services.outgoing import (
    outgoing_submit,
    outgoing_withdraw,
    review_decide,
)
from partydesk.documents.tests.test_outgoing import draft


def test_the_review_form_has_no_decision_chosen_for_the_reviewer():
    html = str(ReviewForm()["decision"])
    assert "checked" not in html
    assert not ReviewForm({"comment": "Đạt."}).is_valid()


def test_a_draft_names_its_future_recipients_without_saying_it_was_released(tree, office_root):
    document = draft(office_root, release_to=[tree.committee_a])
    html = (
        verified_client(office_root.specialist)
        .get(reverse("documents:detail", args=[document.pk]))
        .content.decode()
    )
    assert "To be released to" in html
    assert "Released to" not in html


def test_the_drafter_withdraws_a_submitted_draft_before_the_first_review(office_root):
    # Given a draft sent for review that nobody has looked at yet
    document = draft(office_root)
    outgoing_submit(actor=office_root.specialist, document=document)
    client = verified_client(office_root.specialist)
    page = client.get(reverse("documents:detail", args=[document.pk])).content.decode()
    assert reverse("documents:withdraw", args=[document.pk]) in page
    # When the drafter withdraws it from its page
    response = client.post(reverse("documents:withdraw", args=[document.pk]))
    # Then it is a draft again, the waiting steps are gone, and the history says so
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.status == Status.DRAFT
    assert not ReviewStep.objects.filter(document=document).exists()
    assert DocumentEvent.objects.filter(document=document, action="withdrawn").exists()
    # And it can be sent again
    outgoing_submit(actor=office_root.specialist, document=document)


def test_a_draft_is_not_withdrawn_once_a_reviewer_decided(office_root):
    document = draft(office_root)
    outgoing_submit(actor=office_root.specialist, document=document)
    review_decide(actor=office_root.head, document=document, decision="approve", comment="")
    page = (
        verified_client(office_root.specialist)
        .get(reverse("documents:detail", args=[document.pk]))
        .content.decode()
    )
    assert reverse("documents:withdraw", args=[document.pk]) not in page
    with pytest.raises(InvalidTransition, match="already decided"):
        outgoing_withdraw(actor=office_root.specialist, document=document)
