"""Forms of logins, the account page, account administration and the audit viewer."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from partydesk.accounts.models import Clearance, Role
from partydesk.accounts.selectors.audit import AuditFilter
from partydesk.core.errors import DomainError
from partydesk.organizations.models import Organization, Person


def add_domain_error(form: forms.Form, error: DomainError) -> None:
    """Show a refused action next to the field it is about, else above the form."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error.message))


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class LoginForm(forms.Form):
    username = forms.CharField(
        label=_("Username or email"),
        max_length=254,
        widget=forms.TextInput(
            attrs={"autocomplete": "username", "autofocus": True, "autocapitalize": "none"}
        ),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        help_text=_("The 6-digit code from your authenticator app, or a recovery code."),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autofocus": True,
                "autocapitalize": "none",
                "spellcheck": "false",
            }
        ),
    )


class TwoFactorSetupForm(forms.Form):
    code = forms.CharField(
        label=_("Code shown by the app"),
        max_length=10,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class PasswordConfirmForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class _NewPasswordMixin(forms.Form):
    new_password1 = forms.CharField(
        label=_("New password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validators_help_text_html,
    )
    new_password2 = forms.CharField(
        label=_("New password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        one, two = data.get("new_password1"), data.get("new_password2")
        if one and two and one != two:
            self.add_error("new_password2", _("The two passwords differ. Type the same twice."))
        return data


class PasswordChangeForm(_NewPasswordMixin):
    old_password = forms.CharField(
        label=_("Current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    field_order = ["old_password", "new_password1", "new_password2"]


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=100,
        help_text=_("What will use it, e.g. “nightly report script”."),
    )


class OrganizationChoiceField(forms.ModelChoiceField):
    """Organizations in tree order, indented by depth."""

    def label_from_instance(self, obj: Organization) -> str:
        return "\u2003" * obj.depth + obj.name


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return f"{obj.full_name} — {obj.organization.short_name or obj.organization.name}"


class UserCreateForm(_NewPasswordMixin):
    person = PersonChoiceField(label=_("Person"), queryset=Person.objects.none())
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none"}),
    )
    email = forms.EmailField(label=_("Email"), required=False)
    clearance = forms.TypedChoiceField(
        label=_("Secrecy clearance"),
        choices=Clearance.choices,
        coerce=int,
        initial=Clearance.NONE,
    )
    field_order = ["person", "username", "email", "clearance", "new_password1", "new_password2"]

    def __init__(self, *args: Any, people: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        person_field = self.fields["person"]
        assert isinstance(person_field, forms.ModelChoiceField)
        person_field.queryset = people.select_related("organization")
        self.fields["new_password1"].label = _("Initial password")
        self.fields["new_password2"].label = _("Initial password again")


class UserUpdateForm(forms.Form):
    email = forms.EmailField(label=_("Email"), required=False)
    clearance = forms.TypedChoiceField(
        label=_("Secrecy clearance"), choices=Clearance.choices, coerce=int
    )
    is_active = forms.BooleanField(
        label=_("Active"),
        required=False,
        help_text=_("An inactive account cannot log in and its API tokens stop working."),
    )


class RoleGrantForm(forms.Form):
    role = forms.ModelChoiceField(label=_("Role"), queryset=Role.objects.order_by("name"))
    organization = OrganizationChoiceField(
        label=_("On organization"),
        queryset=Organization.objects.none(),
        help_text=_("The role applies to this organization and everything below it."),
    )
    valid_from = forms.DateField(
        label=_("From"), required=False, widget=DateInput(), help_text=_("Empty: from today.")
    )
    valid_to = forms.DateField(
        label=_("Until"), required=False, widget=DateInput(), help_text=_("Empty: no end.")
    )

    def __init__(self, *args: Any, organizations: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        org_field = self.fields["organization"]
        assert isinstance(org_field, forms.ModelChoiceField)
        org_field.queryset = organizations.order_by("path")


class AuditFilterForm(forms.Form):
    action = forms.CharField(
        label=_("Action starts with"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": "accounts.user"}),
    )
    actor = forms.CharField(label=_("Actor"), required=False, max_length=150)
    target = forms.CharField(label=_("Target"), required=False, max_length=300)
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end date is before the start date."))
        return data

    def to_filter(self) -> AuditFilter:
        """The filter the valid fields describe (invalid ones are ignored)."""
        data = self.cleaned_data if self.is_valid() else {}
        return AuditFilter(
            action=data.get("action", ""),
            actor=data.get("actor", ""),
            target=data.get("target", ""),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )


class SwitchOrganizationForm(forms.Form):
    organization = forms.IntegerField(min_value=1)
