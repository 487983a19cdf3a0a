"""The agenda: items, documents whose confidentiality documents' rules keep, materials
published N days ahead, and comments on drafts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from partydesk.conftest import logged_in
from partydesk.core.errors import InvalidInput, NotAllowed
from partydesk.core.http import SYSTEM
from partydesk.documents.models import Secrecy
from partydesk.documents.services.files import Upload, upload_prepare
from partydesk.documents.services.incoming import IncomingFields, incoming_register
from partydesk.documents.tests.factories import doc_type, make_office, make_staff, pdf_bytes
from partydesk.meetings.models import DraftComment
from partydesk.meetings.services.agenda import (
    agenda_document_attach,
    agenda_item_add,
    agenda_material_upload,
    draft_comment_add,
)
from partydesk.meetings.tests.conftest import schedule
from partydesk.meetings.tests.test_meetings import As

pytestmark = pytest.mark.django_db

SECRET = "Phương án nhân sự cấp ủy khóa mới"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"


def register(office, subject: str, secrecy: int = 0, readers=(), symbol: str = "12-CV/BTCTU"):  # type: ignore[no-untyped-def]
    if secrecy:
        office.clerk.clearance = secrecy
        office.clerk.save(update_fields=["clearance"])
    return incoming_register(
        actor=office.clerk,
        organization=office.organization,
        fields=IncomingFields(
            document_type=doc_type("cong-van"),
            sender="Ban Tổ chức Tỉnh ủy",
            symbol=symbol,
            subject=subject,
            secrecy=secrecy,
            readers=list(readers),
        ),
        file=upload_prepare([Upload("vb.pdf", pdf_bytes(subject))]),
    )


def test_a_confidential_agenda_document_is_hidden_from_those_not_entitled(tree):
    office = make_office(tree.committee_a, "a")
    named = make_staff("named", tree.committee_a, "specialist", clearance=Secrecy.TOP_SECRET)
    secret = register(office, SECRET, Secrecy.TOP_SECRET, readers=[named])
    plain = register(office, "Kế hoạch tổ chức hội nghị", symbol="13-CV/BTCTU")
    meeting = schedule(tree.committee_a, code="conference", members=[named, office.specialist])
    item = agenda_item_add(actor=SYSTEM, meeting=meeting, title="Công tác nhân sự")
    hidden = agenda_document_attach(actor=SYSTEM, item=item, document=secret)
    agenda_document_attach(actor=SYSTEM, item=item, document=plain)
    url = reverse("meetings:detail", args=[meeting.pk])
    entitled = logged_in(named).get(url).content.decode()
    assert SECRET in entitled and "Kế hoạch tổ chức hội nghị" in entitled
    outsider = logged_in(office.specialist)
    body = outsider.get(url).content.decode()
    assert SECRET not in body and "Kế hoạch tổ chức hội nghị" in body
    assert "1 document you are not entitled to read is not shown." in body
    material = reverse("meetings:material", args=[meeting.pk, hidden.pk])
    assert outsider.get(material).status_code == 404
    assert logged_in(named).get(material).status_code == 302  # to the document's own page


def test_materials_are_published_n_days_ahead_and_drafts_take_comments(tree, alice, bob, eve):
    meeting = schedule(tree.committee_a, code="committee", days=10, members=[alice])
    assert meeting.kind.materials_days_ahead == 3
    item = agenda_item_add(
        actor=SYSTEM,
        meeting=meeting,
        title="Dự thảo Báo cáo chính trị",
        presenter=alice,
        starts_at=meeting.starts_at,
        minutes=30,
    )
    draft = agenda_material_upload(
        actor=SYSTEM,
        item=item,
        name="Du-thao-bao-cao.pdf",
        data=pdf_bytes("Dự thảo"),
        content_type="application/pdf",
        is_draft=True,
    )
    url = reverse("meetings:detail", args=[meeting.pk])
    assert "Du-thao-bao-cao.pdf" not in logged_in(alice).get(url).content.decode()
    material = reverse("meetings:material", args=[meeting.pk, draft.pk])
    assert logged_in(alice).get(material).status_code == 404
    with pytest.raises(NotAllowed):
        draft_comment_add(actor=As(alice), attachment=draft, body="Sớm quá")
    # Three days ahead the participants read and comment.
    later = meeting.starts_at - dt.timedelta(days=2)
    draft_comment_add(
        actor=As(alice), attachment=draft, passage="đoạn 2", body="Bổ sung số liệu", now=later
    )
    with pytest.raises(NotAllowed):
        draft_comment_add(actor=As(bob), attachment=draft, body="Tôi không dự", now=later)
    with pytest.raises(InvalidInput):
        draft_comment_add(actor=As(alice), attachment=draft, body=" ", now=later)
    assert DraftComment.objects.get().passage == "đoạn 2"
    with pytest.raises(InvalidInput):
        agenda_item_add(actor=SYSTEM, meeting=meeting, title="x", starts_at=timezone.now())


def test_the_organizer_builds_the_agenda_from_the_page(tree, organizer, alice):
    meeting = schedule(tree.committee_a, code="conference", days=1, members=[alice])
    client = logged_in(organizer)
    client.post(
        reverse("meetings:item_add", args=[meeting.pk]),
        {"title": "Quán triệt Nghị quyết", "presenter": alice.pk},
    )
    item = meeting.items.get()
    assert item.presenter == alice and item.position == 1
    upload = SimpleUploadedFile(
        "tai-lieu.pdf", pdf_bytes("Tài liệu"), content_type="application/pdf"
    )
    client.post(
        reverse("meetings:material_upload", args=[meeting.pk, item.pk]),
        {"file": upload, "is_draft": "on"},
    )
    draft = item.attachments.get()
    assert draft.is_draft and draft.name == "tai-lieu.pdf"
    reader = logged_in(alice)
    got = reader.get(reverse("meetings:material", args=[meeting.pk, draft.pk]))
    assert got.status_code == 200 and got.content.startswith(b"%PDF")
    reader.post(reverse("meetings:comment", args=[meeting.pk, draft.pk]), {"body": "Nhất trí"})
    assert "Nhất trí" in reader.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    # A document the organizer cannot see through documents' selectors is a 404.
    refused = client.post(
        reverse("meetings:document_attach", args=[meeting.pk, item.pk]), {"document": 999999}
    )
    assert refused.status_code == 404


def test_another_organizations_agenda_routes_are_404(tree, organizer, organizer_b):
    meeting = schedule(tree.committee_b, code="conference")
    item = agenda_item_add(actor=SYSTEM, meeting=meeting, title="Mục 1")
    draft = agenda_material_upload(
        actor=SYSTEM, item=item, name="a.pdf", data=pdf_bytes(), content_type="application/pdf"
    )
    client = logged_in(organizer)
    posts = [
        reverse("meetings:item_add", args=[meeting.pk]),
        reverse("meetings:document_attach", args=[meeting.pk, item.pk]),
        reverse("meetings:material_upload", args=[meeting.pk, item.pk]),
        reverse("meetings:comment", args=[meeting.pk, draft.pk]),
    ]
    for url in posts:
        assert client.post(url, {"title": "x"}).status_code == 404
    assert client.get(reverse("meetings:material", args=[meeting.pk, draft.pk])).status_code == 404


def test_a_material_downloads_under_its_name_with_its_extension(tree, alice):
    """Named as the organizer named it, with the type's extension when the name has none
    (it came as "material-12", which nothing on a phone or a desktop opens)."""
    from urllib.parse import quote

    meeting = schedule(tree.committee_a, code="conference", days=1, members=[alice])
    item = agenda_item_add(actor=SYSTEM, meeting=meeting, title="Quán triệt Nghị quyết")
    client = logged_in(alice)
    for name, expected in (
        ("Dự thảo Báo cáo chính trị", "Dự thảo Báo cáo chính trị.pdf"),
        ("Bao-cao.pdf", "Bao-cao.pdf"),
    ):
        material = agenda_material_upload(
            actor=SYSTEM,
            item=item,
            name=name,
            data=pdf_bytes("Báo cáo"),
            content_type="application/pdf",
        )
        response = client.get(reverse("meetings:material", args=[meeting.pk, material.pk]))
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        disposition = response["Content-Disposition"]
        assert disposition.startswith("attachment;") and disposition.endswith(
            (f'filename="{expected}"', f"filename*=utf-8''{quote(expected)}")
        ), disposition
