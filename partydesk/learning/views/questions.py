"""Editing a question of the bank: its GIFT text, shuffle, difficulty and tags."""

from __future__ import annotations

from dataclasses import replace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from partydesk.accounts.actor import AuthenticatedRequest
from partydesk.core.errors import DomainError
from partydesk.learning.formats import Item, gift
from partydesk.learning.forms import QuestionEditForm
from partydesk.learning.permissions import BANK_MANAGE, BANK_VIEW
from partydesk.learning.selectors.bank import question_get_for, version_item
from partydesk.learning.services.bank import question_edit


def _parsed(form: QuestionEditForm) -> Item | None:
    """The one question of the form's GIFT text, or None with the problems on the form."""
    found = gift.read(form.cleaned_data["gift"])
    if len(found) != 1:
        form.add_error("gift", _("Write exactly one question."))
        return None
    if not found[0].ok or found[0].item is None:
        form.add_error("gift", " ".join(found[0].problems))
        return None
    return replace(found[0].item, category=(), shuffle=form.cleaned_data["shuffle"])


@login_required
def question_edit_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    scope = request.actor.require(BANK_VIEW)
    question = question_get_for(scope, pk)
    request.actor.require(BANK_MANAGE, on=question.organization)
    current = question.current
    assert current is not None
    initial = {
        "gift": gift.write_one(version_item(current)),
        "shuffle": current.shuffle,
        "difficulty": question.difficulty,
        "tags": ", ".join(tag.name for tag in question.tags.all()),
    }
    form = QuestionEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid() and (item := _parsed(form)) is not None:
        try:
            version = question_edit(
                actor=request.actor,
                question=question,
                item=item,
                difficulty=form.cleaned_data["difficulty"],
                tags=form.cleaned_data["tags"].split(","),
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
        else:
            messages.success(
                request, _("Saved; the question is at version %(n)s.") % {"n": version.number}
            )
            return redirect("learning:question", pk=question.pk)
    status = 400 if form.is_bound else 200
    context = {"question": question, "form": form}
    return render(request, "learning/bank/question_edit.html", context, status=status)
