"""The outgoing pages: drafting with its bad input, another organization's 404 on every
action, and the refusals a clerk or signer meets before their step."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from partydesk.accounts.tests.factories import totp_code, verified_client
from partydesk.documents.models import SigningForm
from partydesk.documents.services.outgoing import (
    DraftFields,
    outgoing_draft_create,
    outgoing_submit,
    review_decide,
)
from partydesk.documents.tests.factories import doc_type

pytestmark = pytest.mark.django_db


def _draft_for(office):  # type: ignore[no-untyped-def]
    return outgoing_draft_create(
        actor=office.specialist,
        organization=office.organization,
        fields=DraftFields(
            document_type=doc_type("ke-hoach"),
            subject="Kế hoạch kiểm tra năm",
            signer=office.secretary,
            signing_form=SigningForm.objects.get(system="party", code="T/M"),
        ),
        body="Nội dung kế hoạch.",
    )


def test_outgoing_pages_of_another_organization_are_404(office_a, eve_client):
    document = _draft_for(office_a)
    for name in ["version_add", "submit", "review", "sign", "issue", "release", "archive",
                 "cancel"]:  # fmt: skip
        response = eve_client.post(reverse(f"documents:{name}", args=[document.pk]))
        assert response.status_code == 404, name
    assert eve_client.get(reverse("documents:detail", args=[document.pk])).status_code == 404
    response = eve_client.get(reverse("documents:outgoing"))
    assert list(response.context["page"].object_list) == []


def test_drafting_through_the_page_and_its_bad_input(office_a):
    client = verified_client(office_a.specialist)
    url = reverse("documents:draft_new")
    assert client.get(url).status_code == 200
    data = {
        "document_type": doc_type("ke-hoach").pk,
        "subject": "Kế hoạch học tập nghị quyết",
        "body": "",
        "secrecy": "0",
        "urgency": "0",
        "signer": office_a.secretary.pk,
    }
    response = client.post(url, data)
    assert response.status_code == 400
    assert "Write the text or upload the draft" in response.content.decode()
    assert "Kế hoạch học tập nghị quyết" in response.content.decode()
    response = client.post(url, {**data, "body": "Căn cứ Điều lệ Đảng;\nTổ chức học tập."})
    assert response.status_code == 302
    pk = int(response["Location"].rstrip("/").split("/")[-1])
    assert client.post(reverse("documents:submit", args=[pk])).status_code == 302
    head = verified_client(office_a.head)
    response = head.post(reverse("documents:review", args=[pk]), {"decision": "return"})
    assert response.status_code == 400
    assert "Say what must change" in response.content.decode()
    # the signer cannot act before approval: a clear refusal, not a crash
    response = verified_client(office_a.secretary).post(
        reverse("documents:sign", args=[pk]), {"code": totp_code(office_a.secretary)}
    )
    assert response.status_code == 400
    assert "Only an approved document is signed" in response.content.decode()


def test_the_signer_list_names_each_signers_role(office_a):
    # A drafter picks the signer by name and role, not by a bare name
    from partydesk.accounts.models import Role

    secretary = Role.objects.get(code="secretary")
    form = verified_client(office_a.specialist).get(
        reverse("documents:draft_new"), HTTP_ACCEPT_LANGUAGE="vi"
    )
    labels = dict(form.context["form"].fields["signer"].choices)
    assert f"{office_a.secretary.display_name} — {secretary.name}" in labels.values()


def test_a_wrong_signing_code_brings_the_sign_form_into_view(office_a):
    # The sign form is at the foot of a long page on a phone: its error takes the focus
    from partydesk.documents.tests.test_outgoing import approve_all

    document = approve_all(office_a, _draft_for(office_a))
    response = verified_client(office_a.secretary).post(
        reverse("documents:sign", args=[document.pk]), {"code": "000000"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert page.count("autofocus") == 1
    assert '<div class="form-alert" role="alert" tabindex="-1" autofocus>' in page


def test_a_clerk_cannot_issue_an_unsigned_unclassified_document_through_the_page(office_a):
    document = _draft_for(office_a)
    outgoing_submit(actor=office_a.specialist, document=document)
    for reviewer in (office_a.head, office_a.chief, office_a.secretary):
        review_decide(actor=reviewer, document=document, decision="approve")
    response = verified_client(office_a.clerk).post(
        reverse("documents:issue", args=[document.pk]),
        {"issued_date": timezone.localdate().isoformat()},
    )
    assert response.status_code == 403
    assert "signed it digitally" in response.content.decode()


def _signed_for_committee_a(office_root, tree, signing):  # type: ignore[no-untyped-def]
    """A resolution of the Bloc, approved and signed, to be released to committee A."""
    from partydesk.documents.services.outgoing import document_sign
    from partydesk.documents.tests.test_outgoing import approve_all, draft

    signing(people=[office_root.secretary], organizations=[office_root.organization])
    document = approve_all(office_root, draft(office_root, release_to=[tree.committee_a]))
    document_sign(actor=office_root.secretary, document=document)
    return document


def test_issuing_and_releasing_say_what_happened_once(office_root, tree, signing):
    # Given a signed resolution of the Bloc, approved for release to committee A
    document = _signed_for_committee_a(office_root, tree, signing)
    clerk = verified_client(office_root.clerk)
    # When the clerk issues it: one message, the one with the number
    issued = clerk.post(
        reverse("documents:issue", args=[document.pk]),
        {"issued_date": timezone.localdate().isoformat()},
        follow=True,
    )
    document.refresh_from_db()
    told = [str(m) for m in get_messages(issued.wsgi_request)]
    assert told == [f"Number given: {document.number_symbol}"]
    # And when they release it: one message, the one that counts the recipients
    released = clerk.post(
        reverse("documents:release", args=[document.pk]),
        {"organizations": [tree.committee_a.pk]},
        follow=True,
    )
    told = [str(m) for m in get_messages(released.wsgi_request)]
    assert told == ["Delivered to 1 organizations in partydesk."]


def test_the_released_documents_page_keeps_the_kinds_readable_and_only_recall_red(
    office_root, tree, signing
):
    # Given a released resolution, seen by the clerk who released it
    from partydesk.documents.services.outgoing import document_issue, document_release

    document = _signed_for_committee_a(office_root, tree, signing)
    document_issue(actor=office_root.clerk, document=document)
    document_release(actor=office_root.clerk, document=document)
    page = verified_client(office_root.clerk).get(reverse("documents:detail", args=[document.pk]))
    html = page.content.decode()
    # Then the kind column keeps a width of its own (it wrapped a word a line on a laptop)
    assert html.count('<td class="cell-wide">') == document.versions.count()
    # And only the recall, which withdraws it everywhere, has the danger style
    business = reverse("exchange:business", args=[document.pk, "recall"]).rsplit("/", 2)[0]
    for kind, style in [("recall", "danger"), ("update", "secondary"), ("replace", "secondary")]:
        assert f'<a class="button {style}" href="{business}/{kind}/">' in html
