"""Login (password, then the second factor when the account has one), logout."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from partydesk.accounts.errors import AccountLocked, RateLimited
from partydesk.accounts.forms import CodeForm, LoginForm, add_domain_error
from partydesk.accounts.middleware import SESSION_VERIFIED_KEY
from partydesk.accounts.models import User
from partydesk.accounts.selectors import recovery_codes_left
from partydesk.accounts.services.login import login_attempt, login_succeeded, logout_record
from partydesk.accounts.services.two_factor import two_factor_check
from partydesk.core.errors import DomainError
from partydesk.core.middleware import request_ip

# Between the password and the code, the session holds who passed the password, not a login.
PENDING_USER_KEY = "partydesk_2fa_pending_user"
PENDING_AT_KEY = "partydesk_2fa_pending_at"
PENDING_NEXT_KEY = "partydesk_2fa_pending_next"
PENDING_SECONDS = 300


def safe_next(request: HttpRequest, candidate: str | None) -> str:
    """`candidate` if it points into this site, else the dashboard."""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def rate_limited(request: HttpRequest, error: RateLimited) -> HttpResponse:
    response = render(request, "accounts/rate_limited.html", {"error": error}, status=429)
    response["Retry-After"] = str(error.retry_after)
    return response


def _complete_login(
    request: HttpRequest, user: User, second_factor: str, next_url: str
) -> HttpResponse:
    login(request, user, backend=settings.AUTHENTICATION_BACKENDS[0])
    for key in (PENDING_USER_KEY, PENDING_AT_KEY, PENDING_NEXT_KEY):
        request.session.pop(key, None)
    request.session[SESSION_VERIFIED_KEY] = bool(second_factor)
    login_succeeded(user=user, second_factor=second_factor)
    return redirect(safe_next(request, next_url))


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
def login_view(request: HttpRequest) -> HttpResponse:
    """Step one: username or email, and password."""
    next_url = request.POST.get("next") or request.GET.get("next", "")
    if request.user.is_authenticated:
        return redirect(safe_next(request, next_url))
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = login_attempt(
                login=form.cleaned_data["username"],
                password=form.cleaned_data["password"],
                ip=request_ip(request),
            )
        except RateLimited as exc:
            return rate_limited(request, exc)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            if user.has_two_factor:
                request.session.cycle_key()
                request.session[PENDING_USER_KEY] = user.pk
                request.session[PENDING_AT_KEY] = int(time.time())
                request.session[PENDING_NEXT_KEY] = next_url
                return redirect("accounts:two_factor_verify")
            return _complete_login(request, user, "", next_url)
    return render(request, "accounts/login.html", {"form": form, "next": next_url})


def _pending_user(request: HttpRequest) -> User | None:
    user_id = request.session.get(PENDING_USER_KEY)
    started = request.session.get(PENDING_AT_KEY, 0)
    if not user_id or time.time() - started > PENDING_SECONDS:
        return None
    return User.objects.filter(pk=user_id, is_active=True).first()


@sensitive_post_parameters("code")
@csrf_protect
@never_cache
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """Step two: a code from the authenticator app or a recovery code. Also asked of an
    open session that has not passed the second factor yet."""
    reverify = request.user.is_authenticated
    if reverify:
        assert isinstance(request.user, User)
        user: User | None = request.user
        next_url = request.POST.get("next") or request.GET.get("next", "")
        if not request.user.has_two_factor or request.session.get(SESSION_VERIFIED_KEY):
            return redirect(safe_next(request, next_url))
    else:
        user = _pending_user(request)
        next_url = request.session.get(PENDING_NEXT_KEY, "")
        if user is None:
            messages.info(request, _("Your login took too long. Enter your password again."))
            return redirect("accounts:login")
    assert user is not None
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            method = two_factor_check(user=user, code=form.cleaned_data["code"])
        except RateLimited as exc:
            return rate_limited(request, exc)
        except AccountLocked as exc:
            if reverify:
                logout(request)
            else:
                request.session.flush()
            messages.error(request, str(exc.message))
            return redirect("accounts:login")
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            if method == "recovery_code":
                left = recovery_codes_left(user)
                messages.warning(
                    request,
                    ngettext(
                        "You used a recovery code; %(count)s is left. "
                        "Make new ones on your account page.",
                        "You used a recovery code; %(count)s are left. "
                        "Make new ones on your account page.",
                        left,
                    )
                    % {"count": left},
                )
            if reverify:
                request.session.cycle_key()
                request.session[SESSION_VERIFIED_KEY] = True
                login_succeeded(user=user, second_factor=method)
                return redirect(safe_next(request, next_url))
            return _complete_login(request, user, method, next_url)
    return render(
        request,
        "accounts/two_factor_verify.html",
        {"form": form, "next": next_url, "reverify": reverify},
    )


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        assert isinstance(request.user, User)
        logout_record(user=request.user)
    logout(request)  # also drops a login waiting for its second factor
    messages.success(request, _("You are logged out."))
    return redirect("accounts:login")
