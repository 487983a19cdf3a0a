"""Form fields shared by the organization and people forms."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partydesk.organizations.models import Organization

Resolver = Callable[[str], Organization | None]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def date_field(
    label: Any, *, required: bool = True, today: bool = False, **kw: Any
) -> forms.DateField:
    """A date picker; `today` pre-fills today's date."""
    field = forms.DateField(label=label, required=required, widget=DateInput(), **kw)
    if today:
        field.initial = timezone.localdate
    return field


class OrganizationCodeInput(forms.TextInput):
    """A text box for an organization code with suggestions as you type (HTMX + datalist)."""

    template_name = "organizations/widgets/organization_code.html"

    def __init__(self, *, installation_wide: bool = False) -> None:
        super().__init__(attrs={"autocomplete": "off", "spellcheck": "false"})
        self.installation_wide = installation_wide

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        query = f"?field={name}" + ("&all=1" if self.installation_wide else "")
        widget = context["widget"]
        widget["attrs"].update(
            {
                "list": f"{widget['attrs'].get('id', name)}-options",
                "hx-get": reverse("organizations:lookup") + query,
                "hx-trigger": "input changed delay:300ms",
                "hx-target": f"#{widget['attrs'].get('id', name)}-options",
                "hx-swap": "innerHTML",
            }
        )
        widget["datalist_id"] = f"{widget['attrs'].get('id', name)}-options"
        return context


class OrganizationCodeField(forms.CharField):
    """An organization typed by its code; the form gives the resolver (scope or installation)."""

    default_error_messages = {
        "unknown": _("No active organization with the code “%(code)s” that you may choose."),
    }

    def __init__(self, *, installation_wide: bool = False, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("help_text", _("Type a name or code and pick from the suggestions."))
        super().__init__(
            widget=OrganizationCodeInput(installation_wide=installation_wide), **kwargs
        )
        self.resolver: Resolver | None = None

    def clean(self, value: Any) -> Organization | None:  # type: ignore[override]
        code = super().clean(value)
        if not code:
            return None
        assert self.resolver is not None, "the form must set field.resolver"
        org = self.resolver(code)
        if org is None:
            raise forms.ValidationError(self.error_messages["unknown"], params={"code": code})
        return org

    def prepare_value(self, value: Any) -> Any:
        return value.code if isinstance(value, Organization) else value


def not_future(day: dt.date | None) -> None:
    if day is not None and day > timezone.localdate():
        raise forms.ValidationError(_("This date is in the future."))
