"""The administrator's page of peers: the installations this one exchanges packages with."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from partydesk.accounts.actor import AuthenticatedRequest
from partydesk.core.errors import DomainError
from partydesk.exchange.forms import PeerForm
from partydesk.exchange.models import Peer
from partydesk.exchange.permissions import PEERS_MANAGE
from partydesk.exchange.services.peers import peer_save


@login_required
def peer_list(request: AuthenticatedRequest, pk: int | None = None) -> HttpResponse:
    """The directory, and the form to add a peer or (with `pk`) change one."""
    request.actor.require(PEERS_MANAGE)
    peer = get_object_or_404(Peer, pk=pk) if pk is not None else None
    initial = {}
    if peer is not None:
        codes = peer.organ_ids.values_list("code", flat=True)
        initial = {"name": peer.name, "base_url": peer.base_url, "organ_ids": "\n".join(codes)}
    form = PeerForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        pem = form.cleaned_data["ca_certificate"]
        if pem is None and peer is not None:
            pem = peer.ca_certificate_pem.encode()
        if pem is None:
            form.add_error("ca_certificate", _("Upload the peer's CA certificate."))
        else:
            try:
                saved = peer_save(
                    actor=request.actor,
                    name=form.cleaned_data["name"],
                    base_url=form.cleaned_data["base_url"],
                    organ_ids=form.cleaned_data["organ_ids"],
                    ca_certificate_pem=pem,
                    peer=peer,
                )
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
            else:
                messages.success(request, _("The peer %(name)s is saved.") % {"name": saved.name})
                return redirect("exchange:peers")
    peers = Peer.objects.prefetch_related("organ_ids")
    context = {"peers": peers, "form": form, "peer": peer}
    return render(request, "exchange/peers.html", context, status=400 if form.is_bound else 200)
