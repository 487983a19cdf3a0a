"""The minutes (biên bản) of a meeting: the draft text the secretary edits, and the document
of the documents app it was filed as. Imported at the end of models.py."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from partydesk.meetings.models import Meeting


class Minutes(models.Model):
    """One per meeting: generated from the meeting, edited by the secretary, then filed."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="minutes")
    body = models.TextField(_("text of the minutes"))
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    edited_at = models.DateTimeField(auto_now=True)
    # The outgoing document in the documents app's register (FK by string: no import).
    document = models.ForeignKey(
        "documents.Document", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    filed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("meeting minutes")
        verbose_name_plural = _("meeting minutes")

    def __str__(self) -> str:
        return str(self.meeting)
