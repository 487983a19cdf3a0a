"""Forms of the meetings pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from partydesk.assignments.sources import NORMAL_PRIORITY, PRIORITY_CHOICES


class _When(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M")


class MeetingForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    kind = forms.TypedChoiceField(label=_("Kind"), coerce=int)
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=_When())
    ends_at = forms.DateTimeField(label=_("Ends at"), widget=_When())
    main_site = forms.CharField(label=_("Main site"), max_length=200)
    sites = forms.CharField(
        label=_("Connected sites"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One site per line."),
    )
    chair = forms.TypedChoiceField(label=_("Chair"), coerce=int, required=False, empty_value=None)
    secretary = forms.TypedChoiceField(
        label=_("Secretary of the meeting"), coerce=int, required=False, empty_value=None
    )
    members = forms.TypedMultipleChoiceField(
        label=pgettext_lazy("meeting", "Members"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    guests = forms.TypedMultipleChoiceField(
        label=_("Invited guests"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    confidential = forms.BooleanField(label=_("Confidential"), required=False)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(
        self,
        *args: Any,
        kinds: list[tuple[int, str]],
        people: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kinds  # type: ignore[attr-defined]
        optional = [("", "—"), *people]
        self.fields["chair"].choices = optional  # type: ignore[attr-defined]
        self.fields["secretary"].choices = optional  # type: ignore[attr-defined]
        self.fields["members"].choices = people  # type: ignore[attr-defined]
        self.fields["guests"].choices = people  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", _("The meeting must end after it starts."))
        return data


class AnswerForm(forms.Form):
    attend = forms.TypedChoiceField(
        label=_("Your answer"),
        coerce=lambda v: v == "1",
        choices=[("1", _("I will attend")), ("0", _("I send an apology"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason for the apology"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("Agenda item"), max_length=300)
    presenter = forms.TypedChoiceField(
        label=_("Presenter"), coerce=int, required=False, empty_value=None
    )
    starts_at = forms.DateTimeField(label=_("Starts at"), required=False, widget=_When())
    minutes = forms.IntegerField(label=_("Minutes"), required=False, min_value=1, max_value=600)

    def __init__(self, *args: Any, people: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["presenter"].choices = [("", "—"), *people]  # type: ignore[attr-defined]


class AttachDocumentForm(forms.Form):
    document = forms.IntegerField(
        label=_("Document number in the system"),
        min_value=1,
        help_text=_("The number at the end of the document page's address."),
    )
    is_draft = forms.BooleanField(label=_("Open for comments as a draft"), required=False)


class MaterialForm(forms.Form):
    file = forms.FileField(label=_("Material"))
    name = forms.CharField(label=_("Name"), max_length=300, required=False)
    is_draft = forms.BooleanField(label=_("Open for comments as a draft"), required=False)


class CommentForm(forms.Form):
    passage = forms.CharField(
        label=_("Passage (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    body = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}))


class ConclusionForm(forms.Form):
    text = forms.CharField(
        label=_("Conclusion"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    item = forms.TypedChoiceField(
        label=_("Agenda item (optional)"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args: Any, items: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = [("", "—"), *items]  # type: ignore[attr-defined]


class ConclusionAssignForm(forms.Form):
    """Who takes a conclusion on (one lead: a unit or a person) and by when."""

    lead_unit = forms.TypedChoiceField(
        label=_("Lead unit"), coerce=int, required=False, empty_value=None
    )
    lead_user = forms.TypedChoiceField(
        label=_("or lead person"), coerce=int, required=False, empty_value=None
    )
    co_units = forms.TypedMultipleChoiceField(
        label=_("Co-operating units (optional)"), coerce=int, required=False
    )
    deadline = forms.DateField(
        label=_("Deadline"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    priority = forms.TypedChoiceField(
        label=_("Priority"), coerce=int, choices=PRIORITY_CHOICES, initial=NORMAL_PRIORITY
    )

    def __init__(
        self,
        *args: Any,
        units: list[tuple[int, str]],
        people: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead_unit"].choices = [("", "—"), *units]  # type: ignore[attr-defined]
        self.fields["lead_user"].choices = [("", "—"), *people]  # type: ignore[attr-defined]
        self.fields["co_units"].choices = units  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("lead_unit")) == bool(data.get("lead_user")):
            self.add_error("lead_unit", _("Choose one lead: a unit or a person."))
        return data


class ElectionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    seats = forms.IntegerField(label=_("Number to elect"), min_value=1, max_value=500)
    candidates = forms.CharField(
        label=_("Candidates"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("One name per line, in the ballot's order."),
    )
    method = forms.ChoiceField(label=_("Method"))
    max_surplus_percent = forms.IntegerField(
        label=_("Largest surplus of candidates (%)"), min_value=0, max_value=100, initial=30
    )
    base = forms.ChoiceField(label=_("More than half"))
    blank_valid = forms.BooleanField(
        label=_("A ballot crossing out every name is valid"), required=False, initial=True
    )
    revote_allowed = forms.BooleanField(
        label=_("An electronic voter may vote again, replacing the earlier ballot"),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from partydesk.meetings.models import ElectionBase, ElectionMethod

        super().__init__(*args, **kwargs)
        self.fields["method"].choices = ElectionMethod.choices  # type: ignore[attr-defined]
        self.fields["base"].choices = ElectionBase.choices  # type: ignore[attr-defined]

    def names(self) -> list[str]:
        return [line for line in self.cleaned_data["candidates"].splitlines() if line.strip()]


class MinutesForm(forms.Form):
    body = forms.CharField(
        label=_("Text of the minutes"),
        widget=forms.Textarea(attrs={"rows": 24}),
        help_text=_("One paragraph per line; formatting is removed."),
    )


class CongressForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the congress"),
        max_length=200,
        help_text=_("e.g. Đại hội đại biểu lần thứ III, nhiệm kỳ 2025–2030"),
    )
    opens_on = forms.DateField(
        label=_("Opens on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    closes_on = forms.DateField(
        label=_("Closes on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
