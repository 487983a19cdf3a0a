"""Forms of the bank's pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from partydesk.learning.formats.moodle import MAX_XML_BYTES

FORMAT_CHOICES = [
    ("gift", "GIFT"),
    ("moodle", "Moodle XML"),
    ("xlsx", "Excel (.xlsx)"),
    ("aiken", "Aiken"),
]


class BankImportForm(forms.Form):
    file = forms.FileField(label=_("Question file"))
    format = forms.ChoiceField(label=_("Format"), choices=FORMAT_CHOICES, initial="gift")

    def clean_file(self) -> bytes:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_XML_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(n)s MB.") % {"n": MAX_XML_BYTES // 1024**2}
            )
        data: bytes = upload.read()
        return data


class BankConfirmForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)
    skip_existing = forms.BooleanField(
        label=_("Skip the questions already in the bank"), required=False, initial=True
    )
