"""Forms for people, their party membership, the people search and the Excel import."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from partydesk.core.calendar import add_working_days
from partydesk.core.errors import InvalidInput
from partydesk.organizations.forms.fields import OrganizationCodeField, date_field, not_future
from partydesk.organizations.forms.organizations import ScopedForm
from partydesk.organizations.models import (
    DuesCategory,
    Gender,
    MembershipStatus,
    citizen_id_validator,
)
from partydesk.organizations.selectors.rules import membership_rules_on
from partydesk.organizations.services.member_import import check_upload
from partydesk.organizations.transitions import check_membership_dates

S = MembershipStatus


class PersonForm(ScopedForm):
    """A person's details; on creation also where they belong and their membership record."""

    full_name = forms.CharField(label=_("Full name"), max_length=200)
    birth_date = date_field(_("Date of birth"), required=False, validators=[not_future])
    gender = forms.ChoiceField(
        label=_("Gender"), choices=[("", "—"), *Gender.choices], required=False
    )
    citizen_id = forms.CharField(
        label=_("Citizen ID"),
        max_length=12,
        min_length=12,
        required=False,
        validators=[citizen_id_validator],
        help_text=_("12 digits (CCCD)."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    workplace = forms.CharField(label=_("Workplace"), max_length=255, required=False)
    organization = OrganizationCodeField(
        label=_("Organization"), help_text=_("The cell or department where the person is active.")
    )
    status = forms.ChoiceField(
        label=_("Party membership"),
        choices=[
            ("", _("Not a Party member")),
            (S.CANDIDATE, S.CANDIDATE.label),
            (S.OFFICIAL, S.OFFICIAL.label),
        ],
        required=False,
    )
    admission_decision_date = date_field(_("Admission decision date"), required=False)
    ceremony_date = date_field(_("Admission ceremony date"), required=False)
    official_recognition_date = date_field(_("Official recognition date"), required=False)
    card_number = forms.CharField(label=_("Party card number"), max_length=20, required=False)
    dues_category = forms.ChoiceField(
        label=_("Dues category"), choices=DuesCategory.choices, initial=DuesCategory.SALARIED
    )

    MEMBERSHIP_FIELDS = (
        "status",
        "admission_decision_date",
        "ceremony_date",
        "official_recognition_date",
        "card_number",
        "dues_category",
    )

    def __init__(self, *args: Any, creating: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.creating = creating
        self.warnings: list[str] = []
        if not creating:
            for name in ("organization", *self.MEMBERSHIP_FIELDS):
                del self.fields[name]

    def person_fields(self) -> list[forms.BoundField]:
        skip = set(self.MEMBERSHIP_FIELDS)
        return [f for f in self if f.name not in skip]

    def membership_fields(self) -> list[forms.BoundField]:
        return [self[n] for n in self.MEMBERSHIP_FIELDS if n in self.fields]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        status = data.get("status")
        if self.creating and status:
            decision = data.get("admission_decision_date")
            check = check_membership_dates(
                rules=membership_rules_on(decision or dt.date.today()),
                working_days=add_working_days,
                status=status,
                admission_decision_date=decision,
                ceremony_date=data.get("ceremony_date"),
                official_recognition_date=data.get("official_recognition_date"),
                birth_date=data.get("birth_date"),
            )
            for field, message in check.errors:
                if field in self.fields and field not in self.errors:
                    self.add_error(field, message)
            self.warnings = check.warnings
        return data


class PeopleFilterForm(ScopedForm):
    STATUS_CHOICES = [
        ("", _("Everyone")),
        ("active", _("Current members")),
        *S.choices,
        ("none", _("Not Party members")),
    ]
    SORT_CHOICES = [
        ("name", _("Name A–Z")),
        ("-name", _("Name Z–A")),
        ("organization", _("Organization")),
        ("birth_date", _("Oldest first")),
        ("-birth_date", _("Youngest first")),
        ("admitted", _("Admitted earliest")),
        ("-admitted", _("Admitted latest")),
    ]
    q = forms.CharField(
        label=_("Name or citizen ID"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    org = OrganizationCodeField(label=_("In organization"), required=False, help_text="")
    status = forms.ChoiceField(label=_("Membership"), choices=STATUS_CHOICES, required=False)
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORT_CHOICES, required=False)


class AdmitForm(forms.Form):
    admission_decision_date = date_field(_("Admission decision date"), validators=[not_future])
    dues_category = forms.ChoiceField(
        label=_("Dues category"), choices=DuesCategory.choices, initial=DuesCategory.SALARIED
    )


class CeremonyForm(forms.Form):
    ceremony_date = date_field(_("Admission ceremony date"), today=True, validators=[not_future])
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class RecognizeForm(forms.Form):
    official_recognition_date = date_field(
        _("Official recognition date"), today=True, validators=[not_future]
    )
    card_number = forms.CharField(label=_("Party card number"), max_length=20, required=False)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class TransferForm(ScopedForm):
    kind = forms.ChoiceField(
        label=_("Kind of transfer"),
        choices=[("official", _("Official transfer")), ("temporary", _("Temporary transfer"))],
        widget=forms.RadioSelect,
        initial="official",
    )
    to_organization = OrganizationCodeField(
        label=_("To an organization of this installation"),
        required=False,
        installation_wide=True,
    )
    to_outside = forms.CharField(
        label=_("Or to a Party organization outside this installation"),
        max_length=255,
        required=False,
    )
    occurred_on = date_field(_("Date"), today=True, validators=[not_future])
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "to_organization" in self.errors:
            return data
        if bool(data.get("to_organization")) == bool(data.get("to_outside")):
            self.add_error(
                "to_organization",
                _("Choose an organization of this installation, or name the destination outside."),
            )
        return data


class ReturnForm(forms.Form):
    occurred_on = date_field(_("Date of return"), today=True, validators=[not_future])
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class TransferInForm(ScopedForm):
    organization = OrganizationCodeField(label=_("Organization"))
    from_outside = forms.CharField(label=_("Coming from"), max_length=255, required=False)
    occurred_on = date_field(_("Date"), today=True, validators=[not_future])
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class EndForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Reason"),
        choices=[(S.REMOVED, _("Removed from the rolls")), (S.DECEASED, S.DECEASED.label)],
        widget=forms.RadioSelect,
    )
    occurred_on = date_field(_("Date"), today=True, validators=[not_future])
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For a removal: the decision and its reason."),
    )


class MembershipEditForm(forms.Form):
    card_number = forms.CharField(label=_("Party card number"), max_length=20, required=False)
    dues_category = forms.ChoiceField(label=_("Dues category"), choices=DuesCategory.choices)


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Excel workbook (.xlsx)"),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        head = upload.read(4)
        upload.seek(0)
        try:
            check_upload(upload.name or "", upload.size or 0, head)
        except InvalidInput as exc:
            raise forms.ValidationError(str(exc.message)) from exc
        return upload
