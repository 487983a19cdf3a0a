"""Forms of the bank's pages."""

from __future__ import annotations

from typing import Any

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


class CategoryForm(forms.Form):
    name = forms.CharField(label=_("Category name"), max_length=255)
    parent = forms.TypedChoiceField(label=_("Under"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args: Any, parents: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].choices = [("", _("(top level)")), *parents]  # type: ignore[attr-defined]
