"""A select's empty choice reads "— Chọn —" / "— Choose —", never Django's "---------"."""

import pytest
from django import forms
from django.utils import translation

from partydesk.organizations.models import Organization


class PickForm(forms.Form):
    organization = forms.ModelChoiceField(Organization.objects.none(), required=False)
    kind = forms.ChoiceField(choices=[("", "---------"), ("a", "A")], required=False)


@pytest.mark.parametrize(("language", "label"), [("vi", "— Chọn —"), ("en", "— Choose —")])
def test_the_empty_choice_speaks_the_users_language(language: str, label: str):
    with translation.override(language):
        html = str(PickForm())
    assert "---------" not in html
    assert html.count(f'<option value="" selected>{label}</option>') == 2
