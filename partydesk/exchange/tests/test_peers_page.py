"""The administrator keeps the directory of peers on /exchange/peers/: a CA certificate is
uploaded and checked, a wrong one is refused on its field, in Vietnamese too."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from partydesk.accounts.tests.factories import make_user
from partydesk.conftest import logged_in
from partydesk.exchange.models import Peer
from partydesk.exchange.tests.test_inbox import make_ca

pytestmark = pytest.mark.django_db


def form(pem: bytes, codes: str = "000.00.01.h40, 000.00.02.H40") -> dict[str, object]:
    return {
        "name": "Tỉnh ủy",
        "base_url": "https://peer.example",
        "organ_ids": codes,
        "ca_certificate": SimpleUploadedFile("ca.pem", pem, "application/x-pem-file"),
    }


def test_an_administrator_adds_and_changes_a_peer_and_a_clerk_cannot(tree):
    admin = logged_in(
        make_user("peers_admin", organization=tree.root, role="admin", two_factor=True)
    )
    assert admin.get(reverse("exchange:peers")).status_code == 200

    added = admin.post(reverse("exchange:peers"), form(make_ca()))
    assert added.status_code == 302, added.content.decode()[:1500]
    peer = Peer.objects.get()
    assert sorted(peer.organ_ids.values_list("code", flat=True)) == [
        "000.00.01.H40",
        "000.00.02.H40",
    ]
    assert peer.base_url == "https://peer.example/"

    # Changing it without a new certificate keeps the CA
    data = form(make_ca(), codes="000.00.03.H40")
    data.pop("ca_certificate")
    changed = admin.post(reverse("exchange:peer_edit", args=[peer.pk]), data)
    assert changed.status_code == 302
    assert list(peer.organ_ids.values_list("code", flat=True)) == ["000.00.03.H40"]
    assert Peer.objects.get().ca_fingerprint == peer.ca_fingerprint

    clerk = logged_in(
        make_user("peers_clerk", organization=tree.root, role="clerk", two_factor=True)
    )
    assert clerk.get(reverse("exchange:peers")).status_code == 403


def test_a_non_ca_certificate_is_refused_on_its_field_in_vietnamese(tree):
    admin = logged_in(
        make_user("peers_admin_vi", organization=tree.root, role="admin", two_factor=True)
    )
    with translation.override("vi"):
        refused = admin.post(
            reverse("exchange:peers"), form(make_ca(ca=False)), HTTP_ACCEPT_LANGUAGE="vi"
        )
    assert refused.status_code == 400
    errors = refused.context["form"].errors["ca_certificate"]
    assert errors and "CA" in errors[0]
    assert not Peer.objects.exists()
    assert "nonsense" not in refused.content.decode()
