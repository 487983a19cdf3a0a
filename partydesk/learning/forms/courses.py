"""Forms of the course and class pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from partydesk.learning.models import Audience, Course, Topic


class CourseForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=255)
    audience = forms.ChoiceField(label=_("Audience"), choices=Audience.choices)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)
    topics = forms.CharField(
        label=_("Topics"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text=_("One topic a line, in teaching order."),
    )
    excellent_from = forms.DecimalField(
        label=_("Excellent from (%)"),
        min_value=0,
        max_value=100,
        initial=80,
        decimal_places=2,
        required=False,
    )
    good_from = forms.DecimalField(
        label=_("Good from (%)"),
        min_value=0,
        max_value=100,
        initial=65,
        decimal_places=2,
        required=False,
        help_text=_("Below it, a pass (the exam's pass mark) is graded 'pass'."),
    )
    min_attendance = forms.DecimalField(
        label=_("Minimum attendance (%)"),
        min_value=0,
        max_value=100,
        initial=80,
        decimal_places=2,
        required=False,
        help_text=_("Share of a class's sessions a learner must attend to earn the certificate."),
    )
    validity_months = forms.IntegerField(
        label=_("Certificates valid for (months)"),
        min_value=1,
        max_value=600,
        initial=60,
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name in ("excellent_from", "good_from", "min_attendance", "validity_months"):
            if cleaned.get(name) is None and name not in self.errors:
                cleaned[name] = self.fields[name].initial  # left empty: the default
        return cleaned

    def clean_topics(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["topics"].splitlines() if line.strip()]


class TopicForm(forms.Form):
    title = forms.CharField(label=_("New topic"), max_length=255)


class MaterialForm(forms.Form):
    topic = forms.ModelChoiceField(label=_("Topic"), queryset=Topic.objects.none())
    title = forms.CharField(label=_("Title"), max_length=255)
    file = forms.FileField(label=_("File"), required=False)
    url = forms.URLField(label=_("Or a link"), required=False, assume_scheme="https")

    def __init__(self, *args: Any, course: Course, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = course.topics.all()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("file")) == bool(data.get("url")):
            raise forms.ValidationError(_("Give either a file or a link."))
        return data


class ClassForm(forms.Form):
    course = forms.ModelChoiceField(label=_("Course"), queryset=Course.objects.none())
    name = forms.CharField(label=_("Name"), max_length=255)
    starts_on = forms.DateField(
        label=_("Starts on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(label=_("Ends on"), widget=forms.DateInput(attrs={"type": "date"}))
    place = forms.CharField(label=_("Place or online"), max_length=255, required=False)

    def __init__(self, *args: Any, courses: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = courses  # type: ignore[attr-defined]


class SessionForm(forms.Form):
    held_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    title = forms.CharField(label=_("Topic or title"), max_length=255, required=False)


class EnrolForm(forms.Form):
    people = forms.TypedMultipleChoiceField(
        label=_("Learners"), coerce=int, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["people"].choices = choices  # type: ignore[attr-defined]
