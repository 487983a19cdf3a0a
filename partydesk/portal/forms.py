"""The portal's forms: a reader's feedback, and an editor's decision on it."""

from __future__ import annotations

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from partydesk.portal.models import MESSAGE_MAX, FeedbackStatus

PHONE = RegexValidator(r"^\+?[0-9 .()-]{6,20}$", _("Write a telephone number with digits only."))
# Hidden from people by the stylesheet (and from screen readers); robots fill it in.
HONEYPOT = "website"


class FeedbackForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=100)
    email = forms.EmailField(label=_("Email (optional)"), required=False)
    phone = forms.CharField(
        label=_("Telephone (optional)"), max_length=20, required=False, validators=[PHONE]
    )
    message = forms.CharField(
        label=_("Your feedback"), max_length=MESSAGE_MAX, widget=forms.Textarea(attrs={"rows": 6})
    )
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )


class ModerationForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[
            (FeedbackStatus.APPROVED, _("Publish")),
            (FeedbackStatus.REJECTED, _("Reject")),
        ]
    )
    answer = forms.CharField(
        label=_("Answer of the editorial desk (optional, shown under the message)"),
        max_length=MESSAGE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
