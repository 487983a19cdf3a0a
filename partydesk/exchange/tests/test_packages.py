"""A clerk downloads a released document as an .edxml package and another office uploads and
registers it: the same document arrives, once, and hostile files register nothing."""

from __future__ import annotations

import datetime as dt
import hashlib
import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partydesk.accounts.actor import Actor
from partydesk.accounts.models import User
from partydesk.conftest import logged_in
from partydesk.core.errors import NotAllowed
from partydesk.core.http import SYSTEM
from partydesk.core.models import AuditEvent
from partydesk.core.services.files import file_read
from partydesk.documents.models import Direction, Document, DocumentVersion
from partydesk.documents.services.outgoing import document_issue, document_release, document_sign
from partydesk.documents.tests.factories import make_staff
from partydesk.documents.tests.test_outgoing import approve_all, draft
from partydesk.exchange.edxml import package_read
from partydesk.exchange.models import ReceivedPackage
from partydesk.exchange.services.export import package_export
from partydesk.exchange.services.organ_ids import organ_id_bulk_assign
from partydesk.exchange.services.receive import package_register

pytestmark = pytest.mark.django_db

FOUNDED = dt.date(2020, 1, 1)


def actor_for(user: User) -> Actor:
    grants = list(user.role_grants.select_related("role", "organization"))
    return Actor(user=user, grants=grants, scope=grants[0].organization)


@pytest.fixture
def identified(tree):
    organ_id_bulk_assign(
        actor=SYSTEM,
        assignments=[
            (tree.root, "000.00.01.H40"),
            (tree.committee_a, "000.01.01.H40"),
            (tree.committee_b, "000.02.01.H40"),
        ],
        valid_from=FOUNDED,
    )


@pytest.fixture
def released(office_root, tree, signing, identified) -> Document:
    """Nghị quyết 01-NQ/ĐUK, signed, sealed and released to committee A. The test's
    transaction never commits, so the local delivery (after commit) has not run."""
    signing(people=[office_root.secretary], organizations=[office_root.organization])
    document = approve_all(office_root, draft(office_root, release_to=[tree.committee_a]))
    document_sign(actor=office_root.secretary, document=document)
    document_issue(actor=office_root.clerk, document=document)
    document_release(actor=office_root.clerk, document=document)
    document.refresh_from_db()
    return document


@pytest.fixture
def clerk_a(tree) -> User:
    return make_staff("exchange_clerk_a", tree.committee_a, "clerk")


def sealed_pdf(document: Document) -> bytes:
    version = DocumentVersion.objects.filter(document=document, kind="sealed").latest("number")
    return file_read(version.file)


def test_download_upload_register_round_trip(released, office_root, clerk_a, tree, tmp_path):
    # Given the Bloc's clerk downloads the released resolution as a package
    download = logged_in(office_root.clerk).get(
        reverse("exchange:package_download", args=[released.pk])
    )
    assert download.status_code == 200
    assert download["Content-Disposition"] == 'attachment; filename="01-nq-duk.edxml"'
    data = download.content
    assert package_read(data, max_bytes=10**8).document_id == (
        f"000.00.01.H40,{released.issued_date:%Y/%m/%d},01/NQ/ĐUK"
    )

    # When committee A's clerk uploads it, sees the preview and registers it
    client = logged_in(clerk_a)
    preview = client.post(
        reverse("exchange:package_upload"),
        {"package": SimpleUploadedFile("nq01.edxml", data, "application/xml")},
    )
    assert preview.status_code == 200, preview.content.decode()[:2000]
    assert preview.context["preview"].problems == []
    # The number and symbol read as the register will write them (not "01 · NQ/ĐUK")
    assert "<dd>01-NQ/ĐUK</dd>" in preview.content.decode()
    token = preview.context["token"]
    done = client.post(reverse("exchange:package_register"), {"token": token})
    assert done.status_code == 302

    # Then committee A holds the same document, with an identical PDF
    incoming = Document.objects.get(organization=tree.committee_a, direction=Direction.INCOMING)
    assert done["Location"] == reverse("documents:detail", args=[incoming.pk])
    assert (incoming.code_number, incoming.code_notation) == ("01", "NQ/ĐUK")
    assert incoming.symbol == released.symbol == "01-NQ/ĐUK"
    assert incoming.issued_date == released.issued_date
    assert incoming.subject == released.subject
    assert (incoming.signer_name, incoming.signer_position) == (
        released.signer_name,
        released.signer_position,
    )
    assert incoming.sender_organization == tree.root
    received = DocumentVersion.objects.get(document=incoming)
    pdf = file_read(received.file)
    assert hashlib.sha256(pdf).hexdigest() == hashlib.sha256(sealed_pdf(released)).hexdigest()
    assert incoming.digitally_signed
    path = tmp_path / "received.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    assert "01-NQ/ĐUK" in text

    # And uploading the same package again registers nothing more
    again = client.post(
        reverse("exchange:package_upload"),
        {"package": SimpleUploadedFile("nq01.edxml", data, "application/xml")},
    )
    assert again.context["preview"].already == incoming
    result = package_register(actor=actor_for(clerk_a), organization=tree.committee_a, data=data)
    assert (result.document, result.created) == (incoming, False)
    assert ReceivedPackage.objects.count() == 1
    assert Document.objects.filter(organization=tree.committee_a).count() == 1
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"exchange.package.exported", "exchange.package.registered"} <= actions


def test_the_package_names_the_recipients_as_printed_without_the_list_dashes(released, office_root):
    """A clerk types "Nơi nhận" as it is printed, often with its dashes; the PDF prints
    each name after its own dash, and the package's ToPlaces carry the names alone."""
    Document.objects.filter(pk=released.pk).update(
        recipients_text="- Như trên;\n  -  Thường trực Tỉnh ủy (để b/c);\n\n- Lưu VP."
    )
    released.refresh_from_db()
    data = package_export(actor=actor_for(office_root.clerk), document=released).data
    assert package_read(data, max_bytes=10**8).to_places == [
        "Như trên;",
        "Thường trực Tỉnh ủy (để b/c);",
        "Lưu VP.",
    ]


def test_a_package_addressed_elsewhere_is_refused(released, office_root, tree):
    data = package_export(actor=actor_for(office_root.clerk), document=released).data
    clerk_b = make_staff("exchange_clerk_b", tree.committee_b, "clerk")
    response = logged_in(clerk_b).post(
        reverse("exchange:package_upload"),
        {"package": SimpleUploadedFile("nq01.edxml", data, "application/xml")},
    )
    assert response.status_code == 400
    assert "not to your organization (000.02.01.H40)" in response.content.decode()
    assert not ReceivedPackage.objects.exists()


@pytest.mark.parametrize(
    "content, reason",
    [
        (b"<edXML", "not well-formed XML"),
        (
            b'<?xml version="1.0"?><!DOCTYPE edXML [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b"<edXML>&x;</edXML>",
            "DTD",
        ),
    ],
)
def test_a_hostile_upload_is_refused_and_registers_nothing(clerk_a, identified, content, reason):
    before = Document.objects.count()
    response = logged_in(clerk_a).post(
        reverse("exchange:package_upload"),
        {"package": SimpleUploadedFile("bad.edxml", content, "application/xml")},
    )
    assert response.status_code == 400
    assert reason in response.content.decode()
    assert "root:" not in response.content.decode()
    assert Document.objects.count() == before and not ReceivedPackage.objects.exists()


def test_an_upload_over_the_size_limit_is_refused(clerk_a, settings):
    settings.PARTYDESK_EXCHANGE_MAX_PACKAGE_MB = 1
    response = logged_in(clerk_a).post(
        reverse("exchange:package_upload"),
        {"package": SimpleUploadedFile("big.edxml", b" " * (1024 * 1024 + 1), "application/xml")},
    )
    assert response.status_code == 400 and "larger than 1 MB" in response.content.decode()


def test_only_released_unclassified_documents_leave(office_root, tree, identified):
    drafted = draft(office_root, release_to=[tree.committee_a])
    with pytest.raises(Exception, match="Only a released"):
        package_export(actor=actor_for(office_root.clerk), document=drafted)
    with pytest.raises(NotAllowed):
        package_export(actor=actor_for(office_root.specialist), document=drafted)


def test_the_packages_page_lists_what_may_be_downloaded(
    released, office_root, django_assert_max_num_queries
):
    client = logged_in(office_root.clerk)
    with django_assert_max_num_queries(20):
        page = client.get(reverse("exchange:packages"))
    assert page.status_code == 200
    assert [d.pk for d in page.context["page"].object_list] == [released.pk]
    assert reverse("exchange:package_download", args=[released.pk]) in page.content.decode()


def test_another_organizations_document_is_404(released, tree):
    outsider = make_staff("exchange_clerk_eve", tree.committee_b, "clerk")
    response = logged_in(outsider).get(reverse("exchange:package_download", args=[released.pk]))
    assert response.status_code == 404


def test_a_package_of_a_document_already_delivered_here_asks_before_registering_again(
    office_root, tree, signing, identified, clerk_a, django_capture_on_commit_callbacks
):
    # Given the resolution reached committee A by local delivery already
    signing(people=[office_root.secretary], organizations=[office_root.organization])
    document = approve_all(office_root, draft(office_root, release_to=[tree.committee_a]))
    document_sign(actor=office_root.secretary, document=document)
    document_issue(actor=office_root.clerk, document=document)
    with django_capture_on_commit_callbacks(execute=True):
        document_release(actor=office_root.clerk, document=document)
    document.refresh_from_db()
    assert Document.objects.filter(organization=tree.committee_a).count() == 1
    data = package_export(actor=actor_for(office_root.clerk), document=document).data
    client = logged_in(clerk_a)
    token = client.post(
        reverse("exchange:package_upload"),
        {"package": SimpleUploadedFile("nq01.edxml", data, "application/xml")},
    ).context["token"]

    # When the clerk registers the package, the register points at the arrival first
    asked = client.post(reverse("exchange:package_register"), {"token": token})
    assert asked.status_code == 409
    assert asked.context["duplicate"].candidates
    assert Document.objects.filter(organization=tree.committee_a).count() == 1

    # And only a confirmation registers it as another document
    done = client.post(
        reverse("exchange:package_register"), {"token": token, "confirm_duplicate": "1"}
    )
    assert done.status_code == 302
    assert Document.objects.filter(organization=tree.committee_a).count() == 2


def test_a_token_is_good_only_for_whom_it_was_issued(released, office_root, clerk_a, tree):
    data = package_export(actor=actor_for(office_root.clerk), document=released).data
    token = (
        logged_in(clerk_a)
        .post(
            reverse("exchange:package_upload"),
            {"package": SimpleUploadedFile("nq01.edxml", data, "application/xml")},
        )
        .context["token"]
    )
    other = make_staff("exchange_clerk_a2", tree.committee_a, "clerk")
    response = logged_in(other).post(reverse("exchange:package_register"), {"token": token})
    assert response.status_code == 302 and response["Location"] == reverse("exchange:packages")
    assert not ReceivedPackage.objects.exists()
