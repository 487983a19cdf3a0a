"""The directory of peers: other installations this one exchanges packages with directly."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from partydesk.exchange.models.organ_ids import ORGAN_ID_MAX_LENGTH


class Peer(models.Model):
    """Another installation: where it receives packages, and the CA whose certificates sign
    the packages of the organizations it serves."""

    name = models.CharField(_("name"), max_length=200)
    base_url = models.URLField(_("base URL"), max_length=300)
    ca_certificate_pem = models.TextField(_("trusted CA certificate"))
    ca_fingerprint = models.CharField(_("SHA-256 fingerprint"), max_length=64)
    ca_subject = models.CharField(_("CA subject"), max_length=500)
    is_active = models.BooleanField(_("active"), default=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("peer")
        verbose_name_plural = _("peers")

    def __str__(self) -> str:
        return self.name


class PeerOrganId(models.Model):
    """An exchange identifier a peer serves: packages from it must be signed under the
    peer's CA. A code is served by at most one peer."""

    peer = models.ForeignKey(Peer, on_delete=models.CASCADE, related_name="organ_ids")
    code = models.CharField(_("exchange identifier"), max_length=ORGAN_ID_MAX_LENGTH, unique=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("identifier served by a peer")
        verbose_name_plural = _("identifiers served by peers")

    def __str__(self) -> str:
        return self.code
