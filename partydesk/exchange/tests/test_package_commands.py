"""The operators' package commands: `exchange_export` writes a released document as an
.edxml file, `exchange_receive` registers one in the organization it is addressed to (or
--to), once, and refuses hostile or broken files with the reasons and nothing registered."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from partydesk.core.models import AuditEvent
from partydesk.documents.models import Direction, Document
from partydesk.documents.services.outgoing import (
    document_issue,
    document_release,
    document_sign,
)
from partydesk.documents.tests.test_outgoing import approve_all, draft
from partydesk.exchange.edxml import package_read
from partydesk.exchange.models import ReceivedPackage
from partydesk.exchange.services.receive import max_package_bytes
from partydesk.exchange.tests.test_packages import (  # noqa: F401
    clerk_a,
    identified,
    released,
)

pytestmark = pytest.mark.django_db


def incoming_of(organization) -> list[Document]:  # type: ignore[no-untyped-def]
    return list(Document.objects.filter(organization=organization, direction=Direction.INCOMING))


def test_a_package_is_exported_and_received_once(request, office_root, tree, tmp_path, capsys):
    document = request.getfixturevalue("released")
    clerk = request.getfixturevalue("clerk_a")
    out = tmp_path / "nq01.edxml"
    call_command("exchange_export", str(document.pk), str(out))
    package = package_read(out.read_bytes(), max_bytes=max_package_bytes())
    assert package.subject == document.subject
    assert [r.organ_id for r in package.receivers] == ["000.01.01.H40"]
    assert AuditEvent.objects.filter(action="exchange.package.exported").exists()
    # Received by the organization it is addressed to, then again: registered once
    # Not in the name of someone who does not register for the addressee
    with pytest.raises(CommandError, match="office"):
        call_command("exchange_receive", str(out), "--as", office_root.specialist.username)
    with pytest.raises(CommandError, match="No active account"):
        call_command("exchange_receive", str(out), "--as", "nobody")
    call_command("exchange_receive", str(out), "--as", clerk.username)
    call_command("exchange_receive", str(out), "--as", clerk.username)
    printed = capsys.readouterr().out
    assert "already registered" in printed
    [incoming] = incoming_of(tree.committee_a)
    assert incoming.subject == document.subject
    assert ReceivedPackage.objects.get().document == incoming


def test_receive_refuses_hostile_and_broken_files_and_registers_nothing(request, tree, tmp_path):
    clerk = request.getfixturevalue("clerk_a")
    request.getfixturevalue("released")
    levels = "".join(f'<!ENTITY l{n} "{f"&l{n - 1};" * 10}">' for n in range(1, 10))
    bomb = tmp_path / "bomb.edxml"
    bomb.write_text(
        f'<?xml version="1.0"?><!DOCTYPE edXML [<!ENTITY l0 "lol">{levels}]><edXML>&l9;</edXML>'
    )
    with pytest.raises(CommandError, match="Refused") as refused:
        call_command("exchange_receive", str(bomb), "--as", clerk.username, "--to", "000.01.01.H40")
    assert "DTD" in str(refused.value) or "DOCTYPE" in str(refused.value)
    with pytest.raises(CommandError, match="Refused"):
        call_command(
            "exchange_receive", str(bomb), "--as", clerk.username
        )  # addressed to nobody readable
    broken = tmp_path / "broken.edxml"
    broken.write_bytes(b"<edXML><unclosed></edXML>")
    with pytest.raises(CommandError, match="Refused"):
        call_command(
            "exchange_receive", str(broken), "--as", clerk.username, "--to", "000.01.01.H40"
        )
    with pytest.raises(CommandError, match="No organization"):
        call_command(
            "exchange_receive", str(broken), "--as", clerk.username, "--to", "999.99.99.Z99"
        )
    with pytest.raises(CommandError, match="No file"):
        call_command("exchange_receive", str(tmp_path / "missing.edxml"), "--as", "x")
    with pytest.raises(CommandError, match="No document"):
        call_command("exchange_export", "999999", str(tmp_path / "x.edxml"))
    assert incoming_of(tree.committee_a) == [] and not ReceivedPackage.objects.exists()


def test_a_package_for_two_organizations_is_registered_where_the_clerk_receives(
    request, office_root, tree, signing, tmp_path, capsys
):
    """Committee B is addressed first; committee A's clerk still registers A's copy, and
    is told that B's needs B's clerk (before, the run stopped at B, A's copy not taken)."""
    request.getfixturevalue("identified")
    clerk = request.getfixturevalue("clerk_a")
    signing(people=[office_root.secretary], organizations=[office_root.organization])
    both = [tree.committee_b, tree.committee_a]
    document = approve_all(office_root, draft(office_root, release_to=both))
    document_sign(actor=office_root.secretary, document=document)
    document_issue(actor=office_root.clerk, document=document)
    document_release(actor=office_root.clerk, document=document)
    out = tmp_path / "both.edxml"
    call_command("exchange_export", str(document.pk), str(out))
    package = package_read(out.read_bytes(), max_bytes=max_package_bytes())
    assert [r.organ_id for r in package.receivers] == ["000.02.01.H40", "000.01.01.H40"]
    call_command("exchange_receive", str(out), "--as", clerk.username)
    printed = capsys.readouterr()
    [incoming] = incoming_of(tree.committee_a)
    assert incoming.subject == document.subject and incoming_of(tree.committee_b) == []
    assert f"as incoming document {incoming.pk}" in printed.out
    assert f"{tree.committee_b.name}: not registered" in printed.err
