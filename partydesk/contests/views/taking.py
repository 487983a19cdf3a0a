"""The taker's pages of a published contest, without an account: the contest's rounds with
one's own attempts (the registration kept in the browser's session, or found again by ID
and date of birth), starting a round or practice, the attempt with answers saved as one
goes and the server's clock, handing in with the prediction, and the result."""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from partydesk.accounts.errors import RateLimited
from partydesk.accounts.services.throttle import throttle_hit
from partydesk.contests.forms import FindRegistrationForm
from partydesk.contests.models import Attempt
from partydesk.contests.selectors import (
    attempt_of_taker,
    attempt_saved,
    contest_published,
    contest_rounds,
    published_round,
    registration_certificate,
    registration_find,
    registration_of_taker,
    rounds_for_taker,
)
from partydesk.contests.services.answering import attempt_token
from partydesk.contests.services.registration import clean_id_number
from partydesk.contests.services.taking import GRACE, answer_save, attempt_start, attempt_submit
from partydesk.contests.sheet import sheet_html
from partydesk.contests.views.public import (
    address_limited,
    own_registration_id,
    own_registration_ids,
    remember,
)
from partydesk.core.errors import Conflict, DomainError, InvalidInput


def _taker_limit(registration_id: int) -> None:
    throttle_hit(
        "contests.taker",
        str(registration_id),
        limit=settings.PARTYDESK_CONTESTS_TAKER_RATE_PER_MINUTE,
    )


def _find(request: HttpRequest, form: FindRegistrationForm, contest_pk: int) -> int:
    """Look the registration up by ID and date of birth (rate-limited per address); the
    status of the page to answer with."""
    if address_limited(request, "contests.find", form):
        return 429
    if not form.is_valid():
        return 400
    try:
        id_number = clean_id_number(form.cleaned_data["id_number"])
    except InvalidInput as exc:
        form.add_error("id_number", str(exc.message))
        return 400
    found = registration_find(
        contest_published(contest_pk), id_number, form.cleaned_data["born_on"]
    )
    if found is None:
        form.add_error(None, _("No registration in this contest has this ID and date of birth."))
        return 400
    remember(request, found)
    return 302


@never_cache
def take(request: HttpRequest, pk: int) -> HttpResponse:
    """The contest as a taker sees it: the rules, each round with its state and one's own
    attempts, and the buttons to start, resume or practise."""
    contest = contest_published(pk)
    form = FindRegistrationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = _find(request, form, contest.pk)
        if status == 302:
            return redirect("contests:take", contest.pk)
    registration = registration_of_taker(
        contest, own_registration_id(request, contest.pk), request.user
    )
    if registration is not None:
        remember(request, registration)  # a member found by their login
    now = timezone.now()
    context = {
        "contest": contest,
        "registration": registration,
        "rounds": rounds_for_taker(registration, now=now) if registration else [],
        "all_rounds": contest_rounds(contest) if registration is None else [],
        "certificate": registration_certificate(registration) if registration else None,
        "form": form,
    }
    return render(request, "contests/take.html", context, status=status)


@require_POST
def start(request: HttpRequest, pk: int) -> HttpResponse:
    """Start (or resume) a ranked attempt at the round, or a practice one."""
    round_ = published_round(pk)
    registration = registration_of_taker(
        round_.contest, own_registration_id(request, round_.contest_id), request.user
    )
    if registration is None:
        messages.error(request, _("Register, or find your registration, to take part."))
        return redirect("contests:take", round_.contest_id)
    try:
        attempt = attempt_start(
            registration=registration,
            round_=round_,
            practice=request.POST.get("practice") == "1",
            on_repeat=lambda: _taker_limit(registration.pk),
        )
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return redirect("contests:take", round_.contest_id)
    return redirect("contests:attempt", attempt.pk)


def _attempt(request: HttpRequest, pk: int) -> Attempt:
    return attempt_of_taker(own_registration_ids(request), request.user, pk)


def live_texts() -> dict[str, str]:
    """What answers.js shows, in the page's language ({time} and {count} filled there)."""
    return {
        "saving": _("Saving your answers…"),
        "all_saved": _("All your answers are saved."),
        "not_yet": _("Not saved yet"),
        "saved_at": _("Saved at %(time)s") % {"time": "{time}"},
        "offline": _("No connection: your answer is kept on this page and will be sent again."),
        "unsaved": _(
            "{count} answer(s) not saved yet: they are kept on this page and sent again "
            "as soon as the connection is back."
        ),
        "later": _("Too many saves in a minute: this answer is sent again shortly."),
        "refused": _("This answer was refused."),
        "closed": _(
            "This attempt is handed in or its time is up: answers can no longer be changed."
        ),
        "result": _("See the result"),
        "hand_in_blocked": _(
            "Some answers are not saved yet. Hand in once they are (when the connection is "
            "back), or they will not count."
        ),
    }


@never_cache
def attempt(request: HttpRequest, pk: int) -> HttpResponse:
    found = _attempt(request, pk)
    if found.submitted_at is None and timezone.now() > found.deadline + GRACE:
        found = attempt_submit(attempt=found)  # time ran out while away: hand in what was saved
    if found.submitted_at is not None:
        return redirect("contests:result", found.pk)
    remaining = max(0, int((found.deadline - timezone.now()).total_seconds()))
    answer_url = reverse("contests:answer", args=[found.pk, 0])[: -len("0/")] + "{slot}/"
    saved = attempt_saved(found)
    chosen = {slot: chosen for slot, (chosen, _seq) in saved.items()}
    sheet = sheet_html(found.draw, chosen, answer_url=answer_url, csrf_token=get_token(request))
    context = {
        "attempt": found,
        "round": found.round,
        "contest": found.round.contest,
        "sheet": sheet,
        "remaining": remaining,
        "token": attempt_token(found),
        "seqs": json.dumps({slot: seq for slot, (_chosen, seq) in saved.items()}),
        "texts": json.dumps(live_texts(), ensure_ascii=False),
    }
    return render(request, "contests/attempt.html", context)


@require_POST
def answer(request: HttpRequest, pk: int, slot: int) -> HttpResponse:
    """Save one answer (HTMX, or a plain form without JS): the little status it shows."""
    found = _attempt(request, pk)
    chosen = [int(v) for v in request.POST.getlist("chosen") if v.isdigit()]
    try:
        answer_save(attempt=found, slot=slot, chosen=chosen)  # limited per attempt
    except RateLimited as exc:
        context = {"message": str(exc.message), "error": True}
        return render(request, "contests/_saved.html", context, status=429)
    except DomainError as exc:
        status = 409 if isinstance(exc, Conflict) else 400
        context = {"message": str(exc.message), "error": True}
        return render(request, "contests/_saved.html", context, status=status)
    if not request.headers.get("HX-Request"):
        return redirect("contests:attempt", found.pk)
    message = _("Saved at %(time)s") % {"time": timezone.localtime().strftime("%H:%M:%S")}
    return render(request, "contests/_saved.html", {"message": message})


@require_POST
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    """Hand the attempt in, with the prediction when it is a ranked one. Final: pressing
    again shows the same result."""
    found = _attempt(request, pk)
    raw = request.POST.get("prediction", "").strip().replace(".", "").replace(",", "")
    if raw and not raw.isdigit():
        messages.error(request, _("A prediction is a number of people, such as 1250."))
        return redirect("contests:attempt", found.pk)
    try:
        attempt_submit(attempt=found, prediction=int(raw) if raw and not found.practice else None)
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return redirect("contests:attempt", found.pk)
    return redirect("contests:result", found.pk)


@never_cache
def result(request: HttpRequest, pk: int) -> HttpResponse:
    found = _attempt(request, pk)
    if found.submitted_at is None:
        return redirect("contests:attempt", found.pk)
    round_ = found.round
    line = next(
        (r for r in rounds_for_taker(found.registration, now=timezone.now()) if r.round == round_),
        None,
    )
    if line is None:
        raise Http404("no such round")
    context = {"attempt": found, "round": round_, "contest": round_.contest, "line": line}
    return render(request, "contests/result.html", context)
