"""Public pages of a published contest: registration (no login needed, rate-limited per
address; a logged-in member finds their details filled in)."""

from __future__ import annotations

import hashlib
import secrets

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from partydesk.accounts.errors import RateLimited
from partydesk.accounts.services.throttle import throttle_hit
from partydesk.contests.forms import RegistrationForm
from partydesk.contests.models import Contest, Registration
from partydesk.contests.selectors import (
    contest_published,
    contest_units,
    own_standing,
    published_round,
    round_standings,
)
from partydesk.contests.services.challenge import challenge_issue, challenge_passed
from partydesk.contests.services.registration import Applicant, registration_create
from partydesk.core.errors import DomainError
from partydesk.core.middleware import request_ip

DEVICE_COOKIE = "pd_device"
SESSION_KEY = "contests.registrations"  # {contest id: registration id} of this browser
TOP = 100


def remember(request: HttpRequest, registration: Registration) -> None:
    """Keep the registration in the session: the board shows this person's own rank."""
    known = dict(request.session.get(SESSION_KEY, {}))
    known[str(registration.contest_id)] = registration.pk
    request.session[SESSION_KEY] = known


def own_registration_id(request: HttpRequest, contest_id: int) -> int | None:
    """The registration this browser holds in the contest (kept in its session)."""
    known = request.session.get(SESSION_KEY, {})
    value = known.get(str(contest_id)) if isinstance(known, dict) else None
    return value if isinstance(value, int) else None


def own_registration_ids(request: HttpRequest) -> list[int]:
    """Every registration this browser holds, whatever the contest."""
    known = request.session.get(SESSION_KEY, {})
    values = known.values() if isinstance(known, dict) else ()
    return [value for value in values if isinstance(value, int)]


def _prefill(request: HttpRequest) -> dict[str, object]:
    person = getattr(request.user, "person", None) if request.user.is_authenticated else None
    if person is None:
        return {}
    return {
        "full_name": person.full_name,
        "id_number": person.citizen_id,
        "phone": person.phone,
        "born_on": person.birth_date,
    }


def _device(request: HttpRequest) -> str:
    """A token the browser keeps between registrations, so that many registrations from
    one device can be shown to the organizers (stored hashed)."""
    return request.COOKIES.get(DEVICE_COOKIE, "")[:64] or secrets.token_urlsafe(24)


def address_limited(request: HttpRequest, kind: str, form: forms.Form) -> bool:
    """Count a public form's POST against the address's limit (registrations and look-ups
    share PARTYDESK_CONTESTS_REGISTER_RATE_PER_MINUTE); over it, the request goes through
    only with the self-hosted check solved, and the form says so and shows a new one."""
    try:
        throttle_hit(
            kind,
            request_ip(request) or "",
            limit=settings.PARTYDESK_CONTESTS_REGISTER_RATE_PER_MINUTE,
        )
    except RateLimited as exc:
        token = request.POST.get("challenge_token", "")
        if challenge_passed(token, request.POST.get("challenge_answer", "")):
            return False
        message = _("Work out the sum below to go on.") if token else str(exc.message)
        form.add_error(None, message)
        form.challenge = challenge_issue()  # type: ignore[attr-defined]
        return True
    return False


@never_cache
def register(request: HttpRequest, pk: int) -> HttpResponse:
    contest: Contest = contest_published(pk)
    units = [(u.pk, u.name) for u in contest_units(contest)]
    form = RegistrationForm(request.POST or None, units=units, initial=_prefill(request))
    device = _device(request)
    status, done = 200, None
    if request.method == "POST":
        status = 400
        if address_limited(request, "contests.register", form):
            status = 429
        else:
            if form.is_valid():
                data = form.cleaned_data
                applicant = Applicant(
                    full_name=data["full_name"],
                    id_number=data["id_number"],
                    phone=data["phone"],
                    born_on=data["born_on"],
                    unit_id=data["unit"],
                )
                try:
                    done = registration_create(
                        contest=contest,
                        applicant=applicant,
                        user=request.user,
                        device=hashlib.sha256(device.encode()).hexdigest(),
                    )
                    status = 201
                    remember(request, done)
                except DomainError as exc:
                    form.add_error(
                        exc.field if exc.field in form.fields else None, str(exc.message)
                    )
    context = {"contest": contest, "form": form, "done": done}
    response = render(request, "contests/register.html", context, status=status)
    response.set_cookie(
        DEVICE_COOKIE,
        device,
        max_age=365 * 86_400,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return response


@never_cache
def leaderboard(request: HttpRequest, pk: int) -> HttpResponse:
    """A published round's public board: the top lines of the precomputed table and, for a
    browser that registered, the person's own line."""
    round_ = published_round(pk)
    top = list(round_standings(round_, limit=TOP))
    mine = own_standing(round_, own_registration_id(request, round_.contest_id))
    context = {"round": round_, "contest": round_.contest, "top": top, "mine": mine}
    return render(request, "contests/leaderboard.html", context)
