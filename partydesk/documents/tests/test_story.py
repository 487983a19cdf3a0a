"""The acceptance story, through the pages, in Vietnamese and in English:

- a clerk registers an incoming letter, the secretary assigns it, a specialist handles and
  files it;
- a specialist drafts a resolution, it passes review and is approved, signed, numbered
  "Số 01-NQ/ĐUK" and released to three grassroots committees, who find it in their
  incoming queue.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from partydesk.accounts.models import User
from partydesk.accounts.tests.factories import totp_code, verified_client
from partydesk.documents import keeper
from partydesk.documents.models import Direction, Document, SigningForm, Status
from partydesk.documents.tests.factories import doc_type, make_staff, pdf_bytes
from partydesk.organizations.models import OrganizationKind
from partydesk.organizations.tests.factories import make_org

WORDS = {
    "vi": {"incoming": "Văn bản đến", "assigned": "Đã phân công", "issued": "Đã cấp số"},
    "en": {"incoming": "Incoming documents", "assigned": "Assigned", "issued": "Numbered"},
}


def client_for(user: User, language: str) -> Client:
    client = verified_client(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def ok(response, status: int = 302):  # type: ignore[no-untyped-def]
    assert response.status_code == status, response.content.decode()[:3000]
    return response


@pytest.mark.parametrize("language", ["vi", "en"])
def test_an_incoming_letter_is_registered_assigned_handled_and_filed(language, office_a, alice):
    words = WORDS[language]
    clerk = client_for(office_a.clerk, language)
    # The clerk registers the letter from its PDF
    response = ok(
        clerk.post(
            reverse("documents:register"),
            {
                "upload": SimpleUploadedFile("cv.pdf", pdf_bytes("Công văn 58-CV/BTCTU")),
                "sender": "Ban Tổ chức Tỉnh ủy",
                "symbol": "Số 58-CV/BTCTU",
                "issued_date": timezone.localdate().isoformat(),
                "document_type": doc_type("cong-van").pk,
                "subject": "Về việc báo cáo công tác phát triển đảng viên",
                "arrival_date": timezone.localdate().isoformat(),
                "urgency": "1",
                "secrecy": "0",
            },
        )
    )
    pk = int(response.url.rstrip("/").split("/")[-1])
    queue = ok(clerk.get(reverse("documents:incoming")), 200)
    assert words["incoming"] in queue.content.decode()
    # The secretary sees it urgent on the dashboard and assigns it to a specialist
    secretary = client_for(office_a.secretary, language)
    home = ok(secretary.get(reverse("core:dashboard")), 200)
    assert "Về việc báo cáo công tác phát triển đảng viên" in home.content.decode()
    ok(
        secretary.post(
            reverse("documents:assign", args=[pk]),
            {
                "lead": f"u:{alice.pk}",
                "for_information": [f"u:{office_a.chief.pk}"],
                "instruction": "Giao đồng chí Alice tham mưu báo cáo.",
                "working_days": "5",
            },
        )
    )
    page = ok(secretary.get(reverse("documents:detail", args=[pk])), 200)
    assert words["assigned"] in page.content.decode()
    # The specialist notes, reports and files it
    specialist = client_for(alice, language)
    ok(specialist.post(reverse("documents:note", args=[pk]), {"text": "Đã tổng hợp số liệu."}))
    lead = keeper.top_lead(keeper.assignments_of(Document.objects.get(pk=pk)))
    assert lead is not None
    ok(
        specialist.post(
            reverse("documents:complete", args=[pk, lead.pk]), {"report": "Đã gửi báo cáo."}
        )
    )
    ok(specialist.post(reverse("documents:file_document", args=[pk]), {"note": "Hồ sơ 2027"}))
    assert Document.objects.get(pk=pk).status == Status.FILED


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_resolution_goes_from_draft_to_three_grassroots_queues(
    language, office_root, tree, signing, django_capture_on_commit_callbacks
):
    words = WORDS[language]
    third = make_org(
        "Đảng bộ Sở Giáo dục",
        parent=tree.root,
        kind=OrganizationKind.GRASSROOTS_COMMITTEE,
        abbreviation="ĐU",
    )
    committees = [tree.committee_a, tree.committee_b, third]
    signing(people=[office_root.secretary], organizations=[office_root.organization])
    # The specialist drafts the resolution in the browser
    drafter = client_for(office_root.specialist, language)
    ok(drafter.get(reverse("documents:draft_new")), 200)
    response = ok(
        drafter.post(
            reverse("documents:draft_new"),
            {
                "document_type": doc_type("nghi-quyet").pk,
                "subject": "về đẩy mạnh chuyển đổi số trong công tác đảng",
                "body": "Căn cứ Điều lệ Đảng;\nBan Thường vụ Đảng ủy Khối quyết nghị.",
                "secrecy": "0",
                "urgency": "0",
                "signer": office_root.secretary.pk,
                "signing_form": SigningForm.objects.get(system="party", code="T/M").pk,
                "signing_collective": "Ban Thường vụ",
                "signer_position": "Bí thư",
                "recipients_text": "Các đảng ủy cơ sở,",
                "release_to": [c.pk for c in committees],
                "place_name": "Nghệ An",
            },
        )
    )
    pk = int(response.url.rstrip("/").split("/")[-1])
    ok(drafter.post(reverse("documents:submit", args=[pk])))
    # It passes the chain: department head, office chief, then the secretary approves
    for reviewer in (office_root.head, office_root.chief, office_root.secretary):
        ok(
            client_for(reviewer, language).post(
                reverse("documents:review", args=[pk]), {"decision": "approve", "comment": ""}
            )
        )
    assert Document.objects.get(pk=pk).status == Status.APPROVED
    # The secretary signs; the clerk numbers, issues and releases it
    ok(
        client_for(office_root.secretary, language).post(
            reverse("documents:sign", args=[pk]), {"code": totp_code(office_root.secretary)}
        )
    )
    clerk = client_for(office_root.clerk, language)
    ok(
        clerk.post(
            reverse("documents:issue", args=[pk]),
            {"issued_date": timezone.localdate().isoformat()},
        )
    )
    page = ok(clerk.get(reverse("documents:detail", args=[pk])), 200)
    assert "Số 01-NQ/ĐUK" in page.content.decode()
    assert words["issued"] in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # the arrivals follow the commit
        ok(
            clerk.post(
                reverse("documents:release", args=[pk]),
                {"organizations": [c.pk for c in committees]},
            )
        )
    assert Document.objects.get(pk=pk).status == Status.RELEASED
    # Each grassroots committee's clerk finds it registered in the incoming queue
    for n, committee in enumerate(committees):
        their_clerk = make_staff(f"gr_clerk_{language}_{n}", committee, "clerk")
        queue = ok(client_for(their_clerk, language).get(reverse("documents:incoming")), 200)
        found = [d for d in queue.context["page"].object_list if d.source_document_id == pk]
        assert len(found) == 1
        assert found[0].direction == Direction.INCOMING and found[0].status == Status.REGISTERED
        assert "01-NQ/ĐUK" in queue.content.decode()
