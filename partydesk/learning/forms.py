"""Forms of the bank's pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from partydesk.learning.formats.moodle import MAX_XML_BYTES
from partydesk.learning.models import Difficulty

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


class QuestionEditForm(forms.Form):
    """A question as GIFT text (the bank's own editing language), with what GIFT lacks."""

    gift = forms.CharField(
        label=_("Question in GIFT"),
        widget=forms.Textarea(attrs={"rows": 12, "spellcheck": "false"}),
        max_length=40_000,
    )
    shuffle = forms.BooleanField(label=_("Shuffle the answers"), required=False)
    difficulty = forms.TypedChoiceField(
        label=_("Difficulty"), choices=Difficulty.choices, coerce=int
    )
    tags = forms.CharField(label=_("Tags (separated by commas)"), required=False, max_length=1000)
