"""The search form: words, register, and the filters the index knows."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from partydesk.documents.models import Direction, DocumentType, Status


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Words"), required=False, max_length=200)
    direction = forms.ChoiceField(
        label=_("Which register"),
        choices=Direction.choices,
        initial=Direction.INCOMING,
        required=False,
    )
    document_type = forms.ModelChoiceField(
        label=pgettext_lazy("document", "Type"),
        queryset=DocumentType.objects.all(),
        required=False,
        to_field_name="code",
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1990, max_value=2100)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All")), *Status.choices], required=False
    )
    organization = forms.ChoiceField(label=_("Organization"), required=False)

    def __init__(self, *args: Any, organizations: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.paths = {str(o.pk): o.path for o in organizations}
        self.fields["organization"].choices = [  # type: ignore[attr-defined]
            ("", _("All in my scope")),
            *[(str(o.pk), o.label) for o in organizations],
        ]

    def filters(self) -> dict[str, Any]:
        data = self.cleaned_data
        result: dict[str, Any] = {}
        if data.get("document_type"):
            result["type_code"] = data["document_type"].code
        if data.get("year"):
            result["year"] = data["year"]
        if data.get("status"):
            result["status"] = data["status"]
        if data.get("organization"):
            result["organization_path"] = self.paths[data["organization"]]
        return result
