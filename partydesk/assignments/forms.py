"""Forms of the assignment pages: the list's filters, giving work, reports."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from partydesk.accounts.models import User
from partydesk.accounts.selectors.users import user_list_for
from partydesk.assignments.models import Priority, Quality, State
from partydesk.assignments.selectors.assignments import SORTS, Filters
from partydesk.assignments.services.assignments import MAX_WORKING_DAYS, Spec
from partydesk.documents.forms.fields import MultipleFileField, MultipleFileInput
from partydesk.organizations.models import Organization

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class FilterForm(forms.Form):
    q = forms.CharField(label=_("Search the titles"), required=False, max_length=200)
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[
            ("", _("Any")),
            ("active", _("Not closed")),
            ("overdue", _("Overdue")),
            *State.choices,
        ],
    )
    priority = forms.TypedChoiceField(
        label=_("Priority"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Any")), *Priority.choices],
    )
    due_before = forms.DateField(label=_("Due by"), required=False, widget=DATE)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("deadline", _("Deadline, soonest first")),
            ("-deadline", _("Deadline, latest first")),
            ("priority", _("Priority")),
            ("created", _("Newest")),
            ("title", _("Title")),
        ],
    )

    def filters(self, view: str) -> Filters:
        data: dict[str, Any] = self.cleaned_data if self.is_valid() else {}
        sort = data.get("sort") or "deadline"
        return Filters(
            view=view,
            query=(data.get("q") or "").strip(),
            state=data.get("state") or "",
            priority=data.get("priority"),
            due_before=data.get("due_before"),
            sort=sort if sort in SORTS else "deadline",
        )


class UserChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj)


class UserChoices(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return UserChoice.label_from_instance(self, obj)  # type: ignore[arg-type]


class AssignmentForm(forms.Form):
    """Giving work (also a sub-assignment): one lead, a date or N working days."""

    title = forms.CharField(label=_("Title"), max_length=300)
    content = forms.CharField(
        label=_("Content"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    lead_unit = forms.ModelChoiceField(
        label=_("Lead unit"), required=False, queryset=Organization.objects.none()
    )
    lead_user = UserChoice(label=_("Lead person"), required=False, queryset=User.objects.none())
    co_units = forms.ModelMultipleChoiceField(
        label=_("Co-operating units"), required=False, queryset=Organization.objects.none()
    )
    informed = UserChoices(
        label=_("People for information"), required=False, queryset=User.objects.none()
    )
    start_date = forms.DateField(label=_("Start date"), required=False, widget=DATE)
    deadline = forms.DateField(label=_("Deadline"), required=False, widget=DATE)
    working_days = forms.IntegerField(
        label=_("or: working days from the start"),
        required=False,
        min_value=1,
        max_value=MAX_WORKING_DAYS,
    )
    priority = forms.TypedChoiceField(
        label=_("Priority"), coerce=int, choices=Priority.choices, initial=Priority.NORMAL
    )
    expected_products = forms.CharField(
        label=_("Expected products"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, scope: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = Organization.objects.filter(path__startswith=scope.path).order_by("path")
        people = user_list_for(scope)
        self.fields["lead_unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["co_units"].queryset = units  # type: ignore[attr-defined]
        self.fields["lead_user"].queryset = people  # type: ignore[attr-defined]
        self.fields["informed"].queryset = people  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("lead_unit")) == bool(data.get("lead_user")):
            self.add_error("lead_unit", _("Choose one lead: a unit or a person."))
        if data.get("deadline") and data.get("working_days"):
            self.add_error(
                "working_days", _("Give a deadline date or a number of working days, not both.")
            )
        return data

    def spec(self, **extra: Any) -> Spec:
        d = self.cleaned_data
        return Spec(
            title=d["title"],
            content=d.get("content") or "",
            lead_unit=d.get("lead_unit"),
            lead_user=d.get("lead_user"),
            co_units=list(d.get("co_units") or []),
            informed=list(d.get("informed") or []),
            start_date=d.get("start_date"),
            deadline=d.get("deadline"),
            working_days=d.get("working_days"),
            priority=d["priority"],
            expected_products=d.get("expected_products") or "",
            **extra,
        )


class ReportForm(forms.Form):
    report = forms.CharField(label=_("Completion report"), widget=forms.Textarea(attrs={"rows": 3}))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class PassageForm(forms.Form):
    """One passage of the document: picked or not, with its lead and deadline."""

    picked = forms.BooleanField(label=_("Make an assignment of it"), required=False)
    text = forms.CharField(label=_("Passage"), widget=forms.Textarea(attrs={"rows": 3}))
    lead_unit = forms.ModelChoiceField(
        label=_("Lead unit"), required=False, queryset=Organization.objects.none()
    )
    lead_user = UserChoice(label=_("Lead person"), required=False, queryset=User.objects.none())
    deadline = forms.DateField(label=_("Deadline"), required=False, widget=DATE)
    working_days = forms.IntegerField(
        label=_("or: working days from the document's date"),
        required=False,
        min_value=1,
        max_value=MAX_WORKING_DAYS,
    )

    def __init__(self, *args: Any, scope: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead_unit"].queryset = Organization.objects.filter(  # type: ignore[attr-defined]
            path__startswith=scope.path
        ).order_by("path")
        self.fields["lead_user"].queryset = user_list_for(scope)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("picked"):
            if bool(data.get("lead_unit")) == bool(data.get("lead_user")):
                self.add_error("lead_unit", _("Choose one lead: a unit or a person."))
            if data.get("deadline") and data.get("working_days"):
                self.add_error(
                    "working_days",
                    _("Give a deadline date or a number of working days, not both."),
                )
        return data

    def spec(self) -> Spec:
        d = self.cleaned_data
        text = " ".join(d["text"].split())
        return Spec(
            title=text[:300],
            content=d["text"].strip(),
            lead_unit=d.get("lead_unit"),
            lead_user=d.get("lead_user"),
            deadline=d.get("deadline"),
            working_days=d.get("working_days"),
        )


PassageFormSet = forms.formset_factory(PassageForm, extra=0, max_num=300)


class ProgressForm(forms.Form):
    percent = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100)
    text = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 3}))
    attachments = MultipleFileField(
        label=_("Attachments (PDF, DOCX or scanned pages)"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": ".pdf,.docx,.jpg,.jpeg,.png"}),
    )


class ExtensionForm(forms.Form):
    deadline = forms.DateField(label=_("New deadline asked for"), widget=DATE)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class DecisionForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("Answer"),
        coerce=lambda v: v == "yes",
        choices=[("yes", _("Approve")), ("no", _("Refuse"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=1000)


class ReviewForm(forms.Form):
    """The assigner's answer to a completion report (the button pressed is the verdict)."""

    verdict = forms.ChoiceField(
        choices=[("accept", _("Accept")), ("return", _("Return for more work"))],
        widget=forms.HiddenInput,
    )
    quality = forms.ChoiceField(
        label=_("Quality mark"),
        required=False,
        choices=Quality.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note (required when below requirements or returned)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
