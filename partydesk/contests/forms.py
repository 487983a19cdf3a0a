"""Forms of the organizer's pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from partydesk.contests.models import Contest, Round

LOCAL_DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ContestForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Contest
        fields = ["title", "rules", "audience", "min_age", "participation_points", "published"]
        widgets = {"rules": forms.Textarea(attrs={"rows": 8})}
        help_texts = {
            "rules": _("Simple formatting is kept (bold, lists, tables); scripts are removed."),
            "participation_points": _(
                "Collective prize: each percent of eligible people taking part is worth this "
                "many points, added to the points of the unit's prize winners."
            ),
        }


class RoundForm(forms.ModelForm):  # type: ignore[type-arg]
    category_ids = forms.TypedMultipleChoiceField(
        label=_("Bank categories to draw from"), coerce=int, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Round
        fields = [
            "title",
            "opens_at",
            "closes_at",
            "category_ids",
            "question_count",
            "time_limit_minutes",
            "attempts_allowed",
            "prediction_question",
        ]
        widgets = {"opens_at": LOCAL_DATETIME, "closes_at": LOCAL_DATETIME}

    def __init__(self, *args: Any, categories: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["category_ids"]
        assert isinstance(field, forms.TypedMultipleChoiceField)
        field.choices = categories
        for name in ("question_count", "attempts_allowed", "time_limit_minutes"):
            number = self.fields[name]
            assert isinstance(number, forms.IntegerField)
            number.min_value = 1
            number.validators.append(MinValueValidator(1))
            number.widget.attrs["min"] = 1


class UnitForm(forms.Form):
    name = forms.CharField(label=_("Unit name"), max_length=255)
    eligible = forms.IntegerField(label=_("Eligible people"), min_value=0, initial=0)


class PrizeForm(forms.Form):
    round = forms.TypedChoiceField(
        label=_("Prize table"), coerce=int, required=False, empty_value=None
    )
    rank = forms.IntegerField(label=_("Rank (1 is the highest)"), min_value=1, max_value=20)
    name = forms.CharField(label=_("Prize"), max_length=128, required=False)
    count = forms.IntegerField(label=_("How many (0 removes)"), min_value=0, max_value=10_000)
    points = forms.IntegerField(label=_("Points for the unit"), min_value=0, max_value=1000)

    def __init__(self, *args: Any, rounds: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["round"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", _("The whole contest")), *rounds]


class RegistrationForm(forms.Form):
    """The public registration form; the service checks every value again."""

    full_name = forms.CharField(label=_("Full name"), max_length=200)
    id_number = forms.CharField(
        label=_("Citizen ID or passport number"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=40,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    born_on = forms.DateField(
        label=_("Date of birth"), widget=forms.DateInput(attrs={"type": "date"})
    )
    unit = forms.TypedChoiceField(label=_("Unit"), coerce=int)

    def __init__(self, *args: Any, units: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", _("Choose your unit")), *units]


class FindRegistrationForm(forms.Form):
    """Continue with one's registration on another device or after the session ended."""

    id_number = forms.CharField(
        label=_("Citizen ID or passport number"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    born_on = forms.DateField(
        label=_("Date of birth"), widget=forms.DateInput(attrs={"type": "date"})
    )


class DisqualifyForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        help_text=_("Shown on the public check, e.g. the winner was disqualified."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
