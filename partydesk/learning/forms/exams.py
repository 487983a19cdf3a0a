"""Forms of the exam pages."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from partydesk.learning.models import Category, CourseClass


class ExamForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=255)
    course_class = forms.ModelChoiceField(
        label=_("Class"),
        queryset=CourseClass.objects.none(),
        required=False,
        empty_label=_("None (a standalone exam)"),
    )
    categories = forms.ModelMultipleChoiceField(
        label=_("Categories to draw from"), queryset=Category.objects.none()
    )
    question_count = forms.IntegerField(label=_("Number of questions"), min_value=1, max_value=500)
    easy = forms.IntegerField(label=_("Of which easy"), min_value=0, required=False)
    medium = forms.IntegerField(label=_("Of which medium"), min_value=0, required=False)
    hard = forms.IntegerField(label=_("Of which hard"), min_value=0, required=False)
    time_limit_minutes = forms.IntegerField(
        label=_("Time limit (minutes)"), min_value=1, max_value=600
    )
    opens_at = forms.DateTimeField(
        label=_("Opens at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    closes_at = forms.DateTimeField(
        label=_("Closes at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    attempts_allowed = forms.IntegerField(label=_("Attempts allowed"), min_value=1, initial=1)
    pass_mark = forms.DecimalField(
        label=_("Pass mark (%)"), min_value=Decimal(0), max_value=Decimal(100), initial=50
    )
    shuffle = forms.BooleanField(
        label=_("Shuffle questions and answers"), required=False, initial=True
    )

    def __init__(self, *args: Any, classes: Any, categories: list[Category], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["course_class"].queryset = classes  # type: ignore[attr-defined]
        field = self.fields["categories"]
        field.queryset = Category.objects.filter(pk__in=[c.pk for c in categories])  # type: ignore[attr-defined]
        names = {c.pk: "— " * getattr(c, "depth", 0) + c.name for c in categories}
        field.label_from_instance = lambda c: names.get(c.pk, c.name)  # type: ignore[attr-defined]

    def blueprint(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["mix"] = {
            level: data.pop(name) or 0 for level, name in ((1, "easy"), (2, "medium"), (3, "hard"))
        }
        data["categories"] = list(data["categories"])
        return data


class MarkForm(forms.Form):
    percent = forms.DecimalField(
        label=_("Mark (% of the question)"), min_value=Decimal(0), max_value=Decimal(100)
    )
    comment = forms.CharField(
        label=pgettext_lazy("marking", "Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
