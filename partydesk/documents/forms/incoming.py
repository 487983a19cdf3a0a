"""Forms of the incoming register: registration, assignment and handling."""

from __future__ import annotations

import datetime as dt
from operator import attrgetter
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from partydesk.accounts.models import User
from partydesk.core.calendar import working_days_between
from partydesk.documents.forms.fields import (
    AssigneeChoiceField,
    AssigneeMultipleField,
    MultipleFileField,
    TypeChoiceField,
    people_nodes,
)
from partydesk.documents.models import DocumentType, Secrecy, Urgency
from partydesk.documents.services.incoming import MAX_WORKING_DAYS, IncomingFields
from partydesk.organizations.forms.picker import TreePicker

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PersonMultipleField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


class IncomingRegisterForm(forms.Form):
    """The incoming-register columns (ND30 Phụ lục IV) plus the scan."""

    upload = MultipleFileField(
        label=_("File (PDF, or scanned pages as JPEG/PNG)"),
        required=False,
        help_text=_("Several images are combined into one PDF, in the order chosen."),
    )
    sender = forms.CharField(
        label=_("Sender (tác giả)"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "list": "sender-list"}),
    )
    symbol = forms.CharField(
        label=_("Number and symbol"),
        max_length=60,
        required=False,
        help_text=_("As printed, e.g. Số 10-NQ/ĐUK or 15/QĐ-UBND."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    issued_date = forms.DateField(label=_("Document date"), required=False, widget=DATE)
    document_type = TypeChoiceField(
        label=pgettext_lazy("document", "Type"),
        queryset=DocumentType.objects.filter(is_active=True),
        empty_label=_("Choose…"),
    )
    subject = forms.CharField(
        label=_("Subject (trích yếu)"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    arrival_date = forms.DateField(label=_("Arrival date"), widget=DATE)
    urgency = forms.TypedChoiceField(
        label=_("Urgency"), choices=Urgency.choices, coerce=int, initial=Urgency.NORMAL
    )
    secrecy = forms.TypedChoiceField(
        label=_("Secrecy"), choices=Secrecy.choices, coerce=int, initial=Secrecy.NONE
    )
    page_amount = forms.IntegerField(
        label=_("Number of pages"),
        min_value=1,
        max_value=9999,
        required=False,
        help_text=_("Counted from the PDF when left empty."),
    )
    intended_recipient = forms.CharField(
        label=_("Unit or person it is addressed to"), max_length=1000, required=False
    )
    due_date = forms.DateField(label=_("Reply due"), required=False, widget=DATE)
    signer_name = forms.CharField(label=_("Signed by"), max_length=50, required=False)
    description = forms.CharField(label=_("Note"), max_length=500, required=False)
    readers = PersonMultipleField(
        label=_("People named on it"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("For a classified document, only the people named here can see it."),
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )
    confirm_duplicate = forms.BooleanField(
        label=_("I checked: this is a different document, register it anyway"), required=False
    )

    def __init__(self, *args: Any, people: Any = None, max_secrecy: int = 0, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["arrival_date"].initial = timezone.localdate()
        if people is not None:
            self.fields["readers"].queryset = people  # type: ignore[attr-defined]
        self.fields["secrecy"].choices = [  # type: ignore[attr-defined]
            (value, label) for value, label in Secrecy.choices if value <= max_secrecy
        ]

    def to_fields(self) -> IncomingFields:
        data = self.cleaned_data
        return IncomingFields(
            document_type=data["document_type"],
            sender=data["sender"],
            symbol=data.get("symbol") or "",
            subject=data["subject"],
            issued_date=data.get("issued_date"),
            arrival_date=data.get("arrival_date"),
            urgency=data["urgency"],
            secrecy=data["secrecy"],
            page_amount=data.get("page_amount"),
            intended_recipient=data.get("intended_recipient") or "",
            due_date=data.get("due_date"),
            description=data.get("description") or "",
            signer_name=data.get("signer_name") or "",
            readers=list(data.get("readers") or []),
        )


class FileAddForm(forms.Form):
    upload = MultipleFileField(label=_("File (PDF, or scanned pages as JPEG/PNG)"))
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class AssignForm(forms.Form):
    """The leader's instruction slip (phiếu giải quyết văn bản đến)."""

    lead = AssigneeChoiceField(label=_("Lead (chủ trì)"))
    co_handlers = AssigneeMultipleField(label=_("Co-handlers (phối hợp)"), required=False)
    for_information = AssigneeMultipleField(label=_("For information (để biết)"), required=False)
    instruction = forms.CharField(
        label=_("Instructions (bút phê)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    working_days = forms.IntegerField(
        label=_("Deadline in working days"), min_value=1, max_value=MAX_WORKING_DAYS, initial=10
    )

    def __init__(
        self,
        *args: Any,
        units: Any = (),
        people: Any = (),
        reply_due: dt.date | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        units, people = list(units), list(people)
        for name in ("lead", "co_handlers", "for_information"):
            self.fields[name].set_options(units, people)  # type: ignore[attr-defined]
        if reply_due is not None:
            self.fields["working_days"].help_text = reply_due_hint(reply_due)


def reply_due_hint(reply_due: dt.date) -> str:
    """The note beside the deadline: the date the document itself must be answered by."""
    day = reply_due.strftime("%d/%m/%Y")
    left = working_days_between(timezone.localdate(), reply_due)
    if left:
        return ngettext(
            "The document must be answered by %(day)s, %(days)s working day from today; "
            "a later deadline is saved with a warning.",
            "The document must be answered by %(day)s, %(days)s working days from today; "
            "a later deadline is saved with a warning.",
            left,
        ) % {"day": day, "days": left}
    return _(
        "The document must be answered by %(day)s; a later deadline is saved with a warning."
    ) % {"day": day}


class SubassignForm(forms.Form):
    user = forms.ModelChoiceField(
        label=_("Handler"), queryset=User.objects.none(), widget=TreePicker(multiple=False)
    )
    instruction = forms.CharField(
        label=_("Instructions to the handler"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    working_days = forms.IntegerField(
        label=_("Deadline in working days"),
        min_value=1,
        max_value=MAX_WORKING_DAYS,
        required=False,
        help_text=_("Empty: the unit's own deadline."),
    )

    def __init__(self, *args: Any, people: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if people is not None:
            field = self.fields["user"]
            field.queryset = people  # type: ignore[attr-defined]
            field.label_from_instance = attrgetter("display_name")  # type: ignore[attr-defined]
            field.widget.nodes = people_nodes(people)  # type: ignore[attr-defined]


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}))


class CompleteForm(forms.Form):
    report = forms.CharField(label=_("Completion report"), widget=forms.Textarea(attrs={"rows": 3}))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class FileNoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class ListFilterForm(forms.Form):
    """The filters above a register list (GET)."""

    q = forms.CharField(label=_("Search"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1990, max_value=2100)
    document_type = TypeChoiceField(
        label=pgettext_lazy("document", "Type"),
        queryset=DocumentType.objects.filter(is_active=True),
        required=False,
        empty_label=_("All"),
    )
    urgent = forms.BooleanField(label=_("Urgent only"), required=False)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    mine = forms.BooleanField(label=_("Mine only"), required=False)
    subordinates = forms.BooleanField(
        label=_("Include the registers of organizations below"), required=False
    )

    def __init__(self, *args: Any, statuses: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [  # type: ignore[attr-defined]
            ("", _("All")),
            ("open", _("Still open")),
            *statuses,
        ]
