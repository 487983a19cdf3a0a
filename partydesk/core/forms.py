"""Forms of the shared kernel."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from partydesk.core.models import EmailFrequency


class NotificationPreferenceForm(forms.Form):
    """How a person wants notifications by email."""

    email = forms.ChoiceField(
        label=_("Email me about notifications"),
        choices=EmailFrequency.choices,
        widget=forms.RadioSelect,
    )
