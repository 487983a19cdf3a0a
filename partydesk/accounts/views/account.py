"""My account: profile, password, second factor, recovery codes, API tokens; the switcher."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from partydesk.accounts.actor import AuthenticatedRequest
from partydesk.accounts.errors import RateLimited
from partydesk.accounts.forms import (
    ApiTokenForm,
    PasswordChangeForm,
    PasswordConfirmForm,
    SwitchOrganizationForm,
    TwoFactorSetupForm,
    add_domain_error,
)
from partydesk.accounts.middleware import SESSION_VERIFIED_KEY
from partydesk.accounts.permissions import (
    can_manage_accounts,
    can_view_audit,
    requires_two_factor,
)
from partydesk.accounts.selectors import recovery_codes_left, switch_target_get_for
from partydesk.accounts.selectors.tokens import api_token_get_for, api_token_list_for
from partydesk.accounts.services.grants import acting_organization_switch
from partydesk.accounts.services.login import password_change
from partydesk.accounts.services.tokens import api_token_create, api_token_revoke
from partydesk.accounts.services.two_factor import (
    recovery_codes_regenerate,
    totp_provisioning_uri,
    totp_qr_data_url,
    totp_secret_new,
    two_factor_disable,
    two_factor_enable,
)
from partydesk.accounts.views.auth import rate_limited, safe_next
from partydesk.core.errors import DomainError

SETUP_SECRET_KEY = "partydesk_2fa_setup_secret"  # noqa: S105 (a session key name)


def _me_page(request: AuthenticatedRequest, status: int = 200, **overrides: Any) -> HttpResponse:
    user = request.user
    grants = request.actor.grants
    acting = request.actor.scope
    context: dict[str, Any] = {
        "account": user,
        "grants": grants,
        "two_factor_required": requires_two_factor(grants),
        "codes_left": recovery_codes_left(user) if user.has_two_factor else 0,
        "tokens": list(api_token_list_for(user)),
        "password_form": PasswordChangeForm(),
        "token_form": ApiTokenForm(),
        "disable_form": PasswordConfirmForm(prefix="disable"),
        "regenerate_form": PasswordConfirmForm(prefix="regenerate"),
        "can_manage_accounts": acting is not None and can_manage_accounts(grants, acting),
        "can_view_audit": acting is not None and can_view_audit(grants, acting),
    }
    context.update(overrides)
    return render(request, "accounts/me.html", context, status=status)


@login_required
@never_cache
def me(request: AuthenticatedRequest) -> HttpResponse:
    return _me_page(request)


@login_required
@require_POST
@sensitive_post_parameters("old_password", "new_password1", "new_password2")
def password_change_view(request: AuthenticatedRequest) -> HttpResponse:
    form = PasswordChangeForm(request.POST)
    if form.is_valid():
        try:
            password_change(
                user=request.user,
                old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password1"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            update_session_auth_hash(request, request.user)
            messages.success(
                request, _("Your password is changed. Your other sessions have been logged out.")
            )
            return redirect("accounts:me")
    return _me_page(request, status=400, password_form=form)


@login_required
@never_cache
@sensitive_post_parameters("code")
def two_factor_setup(request: AuthenticatedRequest) -> HttpResponse:
    """Show a QR code for a new secret; turn the second factor on once a code matches."""
    user = request.user
    next_url = request.POST.get("next") or request.GET.get("next", "")
    if user.has_two_factor:
        messages.info(request, _("Two-factor login is already on."))
        return redirect("accounts:me")
    secret = request.session.get(SETUP_SECRET_KEY)
    if not secret:
        secret = totp_secret_new()
        request.session[SETUP_SECRET_KEY] = secret
    form = TwoFactorSetupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = two_factor_enable(user=user, secret=secret, code=form.cleaned_data["code"])
        except RateLimited as exc:
            return rate_limited(request, exc)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            request.session.pop(SETUP_SECRET_KEY, None)
            request.session.cycle_key()
            request.session[SESSION_VERIFIED_KEY] = True
            return render(
                request,
                "accounts/recovery_codes.html",
                {"codes": codes, "first_time": True, "next": safe_next(request, next_url)},
            )
    uri = totp_provisioning_uri(user, secret)
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr_data_url": totp_qr_data_url(uri),
            "secret_groups": [secret[i : i + 4] for i in range(0, len(secret), 4)],
            "required": requires_two_factor(request.actor.grants),
            "next": next_url,
        },
        status=400 if form.is_bound else 200,
    )


@login_required
@require_POST
@never_cache
@sensitive_post_parameters("regenerate-password")
def recovery_codes_regenerate_view(request: AuthenticatedRequest) -> HttpResponse:
    form = PasswordConfirmForm(request.POST, prefix="regenerate")
    if form.is_valid():
        try:
            codes = recovery_codes_regenerate(
                user=request.user, password=form.cleaned_data["password"]
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            return render(
                request,
                "accounts/recovery_codes.html",
                {"codes": codes, "first_time": False, "next": ""},
            )
    return _me_page(request, status=400, regenerate_form=form)


@login_required
@require_POST
@sensitive_post_parameters("disable-password")
def two_factor_disable_view(request: AuthenticatedRequest) -> HttpResponse:
    form = PasswordConfirmForm(request.POST, prefix="disable")
    if form.is_valid():
        try:
            two_factor_disable(
                user=request.user,
                password=form.cleaned_data["password"],
                grants=request.actor.grants,
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            request.session[SESSION_VERIFIED_KEY] = False
            messages.success(request, _("Two-factor login is off."))
            return redirect("accounts:me")
    return _me_page(request, status=400, disable_form=form)


@login_required
@require_POST
@never_cache
def token_create(request: AuthenticatedRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST)
    if form.is_valid():
        try:
            token, raw = api_token_create(user=request.user, name=form.cleaned_data["name"])
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            return _me_page(request, status=201, new_token=raw, new_token_row=token)
    return _me_page(request, status=400, token_form=form)


@login_required
@require_POST
def token_revoke(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    token = api_token_get_for(request.user, pk)
    api_token_revoke(user=request.user, token=token)
    messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    return redirect("accounts:me")


@login_required
@require_POST
def switch_organization(request: AuthenticatedRequest) -> HttpResponse:
    """Act for another organization that one of the user's grants covers."""
    form = SwitchOrganizationForm(request.POST)
    if not form.is_valid():
        raise Http404("no such organization")
    grants = request.actor.grants
    # Not one's own organization: 404, as if it did not exist, so ids do not leak.
    organization = switch_target_get_for(grants, form.cleaned_data["organization"])
    acting_organization_switch(user=request.user, grants=grants, organization=organization)
    messages.success(
        request, _("You now act for %(organization)s.") % {"organization": organization.name}
    )
    return redirect(safe_next(request, request.POST.get("next")))
