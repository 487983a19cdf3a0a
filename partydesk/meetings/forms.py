"""Forms of the meetings pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


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
        label=_("Members"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
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
