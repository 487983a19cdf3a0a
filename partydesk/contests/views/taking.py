"""The taker's pages of a published contest, without an account: the contest's rounds with
one's own attempts (the registration kept in the browser's session, or found again by ID
and date of birth), starting a round or practice, the attempt with answers saved as one
goes and the server's clock, handing in with the prediction, and the result."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from partydesk.accounts.errors import RateLimited
from partydesk.contests.attempt_page import attempt_context
from partydesk.contests.forms import FindRegistrationForm
from partydesk.contests.live_start import start_token
from partydesk.contests.models import Attempt
from partydesk.contests.selectors import (
    RoundForTaker,
    attempt_of_taker,
    attempt_saved,
    contest_published,
    contest_rounds,
    published_round,
    registration_find,
    registration_of_taker,
    rounds_for_taker,
)
from partydesk.contests.selectors.certificates import registration_certificate
from partydesk.contests.services.registration import clean_id_number
from partydesk.contests.services.taking import (
    GRACE,
    answer_save,
    attempt_start,
    attempt_submit,
    taker_limit,
)
from partydesk.contests.views.public import (
    address_limited,
    own_registration_id,
    own_registration_ids,
    remember,
)
from partydesk.core.errors import Conflict, DomainError, InvalidInput


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


def _start_tokens(
    request: HttpRequest, registration_id: int, lines: list[RoundForTaker]
) -> list[str]:
    """Each round's token for the lean start (live_start), bound to this browser's session:
    the session is made now if the browser had none yet (it holds the registration)."""
    if request.session.session_key is None:
        request.session.save()
    key = request.session.session_key or ""
    return [start_token(registration_id, line.round.pk, key) for line in lines]


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
    rounds = []
    if registration is not None:
        remember(request, registration)  # a member found by their login
        lines = rounds_for_taker(registration, now=timezone.now())
        rounds = list(zip(lines, _start_tokens(request, registration.pk, lines), strict=True))
    context = {
        "contest": contest,
        "registration": registration,
        "rounds": rounds,
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
            on_repeat=lambda: taker_limit(registration.pk),
        )
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return redirect("contests:take", round_.contest_id)
    return redirect("contests:attempt", attempt.pk)


def _attempt(request: HttpRequest, pk: int) -> Attempt:
    return attempt_of_taker(own_registration_ids(request), request.user, pk)


@never_cache
def attempt(request: HttpRequest, pk: int) -> HttpResponse:
    found = _attempt(request, pk)
    if found.submitted_at is None and timezone.now() > found.deadline + GRACE:
        found = attempt_submit(attempt=found)  # time ran out while away: hand in what was saved
    if found.submitted_at is not None:
        return redirect("contests:result", found.pk)
    context = attempt_context(
        found,
        round_=found.round,
        contest=found.round.contest,
        saved=attempt_saved(found),
        csrf_token=get_token(request),
    )
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
