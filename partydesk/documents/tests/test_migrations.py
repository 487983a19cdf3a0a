"""Stored files and notifications moved to core without losing a row (documents 0006,
core 0004): files keep their table rows and the versions that point at them, and every
document notification becomes a core notification."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from partydesk.core.models import Notification, StoredFile
from partydesk.documents.services.files import Upload, upload_prepare
from partydesk.documents.services.incoming import IncomingFields, incoming_register
from partydesk.documents.tests.factories import doc_type, pdf_bytes

BEFORE = [("documents", "0005_document_in_reply_to"), ("core", "0003_audit_sealed_later")]
AFTER = [("documents", "0006_files_and_notifications_to_core")]


def _migrate(targets):  # type: ignore[no-untyped-def]
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.one_database("postgresql")  # a migration round trip: minutes
@pytest.mark.django_db(transaction=True)
def test_files_and_notifications_survive_the_move_to_core(office_a):
    # Given a registered letter with its PDF, stored before the move
    document = incoming_register(
        actor=office_a.clerk,
        organization=office_a.organization,
        fields=IncomingFields(
            document_type=doc_type("cong-van"),
            sender="Ban Tổ chức Tỉnh ủy",
            symbol="Số 357-CV/BTCTU",
            subject="Về việc rà soát quy hoạch cán bộ",
            issued_date=timezone.localdate(),
        ),
        file=upload_prepare([Upload("cv357.pdf", pdf_bytes("Công văn số 357"))]),
        known_types=["CV"],
    )
    stored = document.versions.get().file
    try:
        old = _migrate(BEFORE)
        # ...and, in the old schema, an urgent notification for the secretary about it
        old.get_model("documents", "DocumentNotification").objects.create(
            user_id=office_a.secretary.pk, document_id=document.pk, kind="review", urgent=True
        )
        old_file = old.get_model("documents", "StoredFile").objects.get()
        assert old_file.sha256 == stored.sha256

        # When the migrations move them to core
        _migrate(AFTER)
    finally:
        # Back to the latest of every app: going back to BEFORE also unapplied the apps that
        # depend on documents (exchange), whose tables later tests need.
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    # Then the file row is the same row, still read through the version
    assert StoredFile.objects.get().pk == stored.pk
    assert document.versions.get().file.sha256 == stored.sha256
    # And the notification is a core one, unread, linked to the document
    moved = Notification.objects.get(recipient=office_a.secretary, kind="documents.review")
    assert moved.urgent and moved.read_at is None
    assert moved.title == "Về việc rà soát quy hoạch cán bộ"
    assert moved.url == f"/documents/{document.pk}/"
    assert (moved.target_type, moved.target_id) == ("documents.document", str(document.pk))
    assert moved.emailed_at is not None  # an old row starts no email
    connection.check_constraints()  # the versions' foreign keys follow the renamed table
