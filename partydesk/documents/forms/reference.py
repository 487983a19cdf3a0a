"""Forms of the documents settings pages (reference data)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from partydesk.accounts.models import Role
from partydesk.documents.models import (
    DocumentSettings,
    DocumentType,
    Mark,
    ReviewChainStep,
    SigningForm,
)
from partydesk.organizations.models import OrganizationKind


class DocumentTypeForm(forms.ModelForm):
    not_issued_by = forms.MultipleChoiceField(
        label=_("Kinds of organization that may not issue it"),
        choices=OrganizationKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = DocumentType
        fields = [
            "code",
            "abbreviation",
            "name",
            "name_en",
            "is_letter",
            "not_issued_by",
            "is_active",
            "order",
        ]


class SigningFormForm(forms.ModelForm):
    class Meta:
        model = SigningForm
        fields = ["system", "code", "name", "name_en", "order"]


class MarkForm(forms.ModelForm):
    class Meta:
        model = Mark
        fields = ["label", "label_en"]


class ChainStepForm(forms.ModelForm):
    class Meta:
        model = ReviewChainStep
        fields = ["document_type", "position", "role", "kind", "label"]
        labels = {"position": _("Step number")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].queryset = Role.objects.order_by("name")  # type: ignore[attr-defined]
        self.fields["document_type"].required = False

    def validate_unique(self) -> None:
        # Uniqueness of a position depends on the organization, set by the view afterwards.
        return


class SettingsForm(forms.ModelForm):
    class Meta:
        model = DocumentSettings
        fields = [
            "numbering_system",
            "header_superior",
            "header_name",
            "confidential_metadata_only",
        ]
