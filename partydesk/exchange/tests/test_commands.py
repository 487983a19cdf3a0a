"""The operators' commands around peers: print our root CA for a peer, and trust a peer
(with the organization that stands for it, created once)."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from partydesk.exchange.models import OrganId, Peer
from partydesk.exchange.tests.test_inbox import make_ca

pytestmark = pytest.mark.django_db


def test_our_root_ca_is_written_for_peers(signing, tmp_path):
    out = tmp_path / "ca.pem"
    call_command("exchange_ca_pem", out=str(out))
    assert out.read_bytes().startswith(b"-----BEGIN CERTIFICATE-----")


def test_no_ca_yet_is_said(tmp_path):
    with pytest.raises(CommandError, match="no CA"):
        call_command("exchange_ca_pem", out=str(tmp_path / "ca.pem"))


def test_a_peer_is_trusted_with_its_stand_in_organization(tree, tmp_path):
    ca = tmp_path / "peer.pem"
    ca.write_bytes(make_ca())
    args = ["--name", "Tỉnh ủy", "--url", "https://tinhuy.example/", "--organ-id", "000.00.00.H40"]
    for _ in range(2):  # the second run changes the same peer, creates nothing more
        call_command(
            "exchange_peer_add", *args, "--ca", str(ca), "--organization", "Tỉnh ủy Nghệ An"
        )
    peer = Peer.objects.get()
    assert list(peer.organ_ids.values_list("code", flat=True)) == ["000.00.00.H40"]
    stand_in = OrganId.objects.get(code="000.00.00.H40").organization
    assert stand_in.name == "Tỉnh ủy Nghệ An" and stand_in.parent is None
    with pytest.raises(CommandError, match="https://"):
        call_command(
            "exchange_peer_add", *args[:3], "http://tinhuy.example/", *args[4:], "--ca", str(ca)
        )
