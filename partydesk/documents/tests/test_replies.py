"""An outgoing document that answers an incoming one: linked both ways, and its release
completes the incoming document's handling."""

from __future__ import annotations

import pytest
from django.urls import reverse

from partydesk.accounts.tests.factories import verified_client
from partydesk.core.errors import InvalidInput
from partydesk.documents.keeper import AssignmentStatus, assignments_of
from partydesk.documents.models import DocumentEvent, Status
from partydesk.documents.services.incoming import Assignee, incoming_assign
from partydesk.documents.services.outgoing import document_issue, document_release, document_sign
from partydesk.documents.tests.factories import make_office
from partydesk.documents.tests.test_outgoing import approve_all, draft
from partydesk.documents.tests.test_register_scope import _register


def test_a_reply_links_both_ways_and_its_release_completes_the_handling(tree, office_root, signing):
    # Given Công văn 77-CV/TU in the Bloc's register, assigned to the specialist to answer
    signing(people=[office_root.secretary], organizations=[office_root.organization])
    incoming = _register(office_root, "77-CV/TU", "Về việc báo cáo công tác tổ chức")
    incoming_assign(
        actor=office_root.secretary,
        document=incoming,
        lead=Assignee(user=office_root.specialist),
        working_days=5,
    )
    specialist = verified_client(office_root.specialist)

    # When the specialist opens it and starts a reply from its page
    page = specialist.get(reverse("documents:detail", args=[incoming.pk])).content.decode()
    assert f"?reply_to={incoming.pk}" in page
    form = specialist.get(reverse("documents:draft_new"), {"reply_to": incoming.pk})
    # Then the draft starts linked to it, in the customary words
    assert form.context["form"].initial["in_reply_to"] == incoming.pk
    assert form.context["form"].initial["body"].startswith("Thực hiện Tờ trình số 77-CV/TU")

    # When the reply is drafted, approved, signed, issued and released
    reply = draft(office_root, code="cong-van", subject="Về việc báo cáo", in_reply_to=incoming)
    reply = approve_all(office_root, reply)
    document_sign(actor=office_root.secretary, document=reply)
    document_issue(actor=office_root.clerk, document=reply)
    reply.refresh_from_db()
    incoming.refresh_from_db()
    assert incoming.status == Status.ASSIGNED  # issuing alone answers nothing
    document_release(actor=office_root.clerk, document=reply)

    # Then the incoming document's handling is completed by the reply, in its history
    incoming.refresh_from_db()
    assert incoming.status == Status.COMPLETED
    (lead,) = assignments_of(incoming)
    assert lead.status == AssignmentStatus.DONE and reply.symbol in lead.report
    assert DocumentEvent.objects.filter(document=incoming, action="answered").exists()

    # And each page names the other
    incoming_page = specialist.get(reverse("documents:detail", args=[incoming.pk])).content.decode()
    reply_page = specialist.get(reverse("documents:detail", args=[reply.pk])).content.decode()
    assert (
        "Answered by" in incoming_page
        and reverse("documents:detail", args=[reply.pk]) in incoming_page
    )
    assert (
        "In reply to" in reply_page
        and reverse("documents:detail", args=[incoming.pk]) in reply_page
    )


def test_a_reply_answers_only_the_issuers_own_incoming_register(tree, office_root):
    office_b = make_office(tree.committee_b, "b")
    theirs = _register(office_b, "77-CV/TU", "Của Sở Y tế")
    with pytest.raises(InvalidInput, match="incoming register"):
        draft(office_root, code="cong-van", in_reply_to=theirs)


def test_a_reply_and_its_signature_times_read_in_vietnamese_and_local_time(tree, office_root):
    # Given a reply to arrival no. 1, whose file carries a time-stamp authority's UTC time
    incoming = _register(office_root, "77-CV/TU", "Về việc báo cáo công tác tổ chức")
    reply = draft(office_root, code="cong-van", subject="Về việc báo cáo", in_reply_to=incoming)
    version = reply.versions.get()
    version.signature_report = {
        "signed": True,
        "all_valid": True,
        "summary": "",
        "signatures": [
            {"signer": "Phan Thị Xuân", "signing_time": "2026-12-08T10:15:58+07:00"},
            {"signer": "Demo TSA", "signing_time": "2026-12-08T03:16:05+00:00"},
        ],
    }
    version.save(update_fields=["signature_report"])

    # When the specialist reads its page in Vietnamese
    page = (
        verified_client(office_root.specialist)
        .get(reverse("documents:detail", args=[reply.pk]), HTTP_ACCEPT_LANGUAGE="vi")
        .content.decode()
    )

    # Then the arrival number is in Vietnamese, and both times are local, in one format
    assert "arrival no." not in page
    assert f"số đến {incoming.register_number}" in page
    assert "Phan Thị Xuân · 08/12/2026 10:15" in page
    assert "Demo TSA · 08/12/2026 10:16" in page
    assert "T03:16" not in page
