"""Account administration in the acting scope: accounts, their clearance and their roles."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from partydesk.accounts.actor import AuthenticatedRequest
from partydesk.accounts.forms import (
    RoleGrantForm,
    UserCreateForm,
    UserUpdateForm,
    add_domain_error,
)
from partydesk.accounts.models import RoleGrant, User
from partydesk.accounts.permissions import can_manage_accounts, can_manage_user
from partydesk.accounts.selectors.users import (
    grant_get_for,
    grant_list_for_user,
    organization_choices_for,
    person_choices_for,
    user_get_for,
    user_homes,
    user_list_for,
)
from partydesk.accounts.services.grants import role_grant, role_revoke
from partydesk.accounts.services.users import (
    user_create,
    user_two_factor_reset,
    user_unlock,
    user_update,
)
from partydesk.core.errors import DomainError
from partydesk.organizations.models import Organization

PAGE_SIZE = 50


def _admin_scope(request: AuthenticatedRequest) -> Organization:
    """The acting organization, if the user administers accounts there; else 403."""
    scope = request.actor.scope
    if scope is None or not can_manage_accounts(request.actor.grants, scope):
        raise PermissionDenied(_("You do not administer accounts of this organization."))
    return scope


@login_required
def user_list(request: AuthenticatedRequest) -> HttpResponse:
    scope = _admin_scope(request)
    query = request.GET.get("q", "")[:100]
    page = Paginator(user_list_for(scope, query=query), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "accounts/users/list.html", {"page": page, "query": query, "scope": scope}
    )


@login_required
@sensitive_post_parameters("new_password1", "new_password2")
def user_create_view(request: AuthenticatedRequest) -> HttpResponse:
    scope = _admin_scope(request)
    form = UserCreateForm(request.POST or None, people=person_choices_for(scope))
    if request.method == "POST" and form.is_valid():
        try:
            user = user_create(
                actor=request.user,
                actor_grants=request.actor.grants,
                person=form.cleaned_data["person"],
                username=form.cleaned_data["username"],
                email=form.cleaned_data["email"],
                password=form.cleaned_data["new_password1"],
                clearance=form.cleaned_data["clearance"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(
                request,
                _("The account %(username)s is open. Now grant it a role.")
                % {"username": user.username},
            )
            return redirect("accounts:user_detail", pk=user.pk)
    return render(
        request,
        "accounts/users/create.html",
        {"form": form, "scope": scope},
        status=400 if form.is_bound else 200,
    )


def _detail_page(
    request: AuthenticatedRequest, user: User, status: int = 200, **overrides: Any
) -> HttpResponse:
    scope = _admin_scope(request)
    actor = request.user
    grants = request.actor.grants
    homes = user_homes(user)
    context: dict[str, Any] = {
        "account": user,
        "homes": homes,
        "can_manage": can_manage_user(grants, actor, user, homes),
        "is_self": actor.pk == user.pk,
        "account_grants": grant_list_for_user(scope, user),
        "update_form": UserUpdateForm(
            initial={"email": user.email, "clearance": user.clearance, "is_active": user.is_active}
        ),
        "grant_form": RoleGrantForm(organizations=organization_choices_for(scope)),
    }
    context.update(overrides)
    return render(request, "accounts/users/detail.html", context, status=status)


@login_required
def user_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    scope = _admin_scope(request)
    return _detail_page(request, user_get_for(scope, pk))


@login_required
@require_POST
def user_update_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    scope = _admin_scope(request)
    user = user_get_for(scope, pk)
    form = UserUpdateForm(request.POST)
    if form.is_valid():
        try:
            user_update(
                actor=request.user,
                actor_grants=request.actor.grants,
                user=user,
                email=form.cleaned_data["email"],
                clearance=form.cleaned_data["clearance"],
                is_active=form.cleaned_data["is_active"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The account is saved."))
            return redirect("accounts:user_detail", pk=user.pk)
    return _detail_page(request, user, status=400, update_form=form)


@login_required
@require_POST
def grant_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    scope = _admin_scope(request)
    user = user_get_for(scope, pk)
    form = RoleGrantForm(request.POST, organizations=organization_choices_for(scope))
    if form.is_valid():
        try:
            grant = role_grant(
                actor=request.user,
                actor_grants=request.actor.grants,
                user=user,
                role=form.cleaned_data["role"],
                organization=form.cleaned_data["organization"],
                valid_from=form.cleaned_data["valid_from"],
                valid_to=form.cleaned_data["valid_to"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(
                request,
                _("%(user)s now holds the role %(role)s on %(organization)s.")
                % {"user": user, "role": grant.role, "organization": grant.organization},
            )
            return redirect("accounts:user_detail", pk=user.pk)
    return _detail_page(request, user, status=400, grant_form=form)


@login_required
@require_POST
def grant_revoke(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    scope = _admin_scope(request)
    grant: RoleGrant = grant_get_for(scope, pk)
    user = grant.user
    try:
        role_revoke(
            actor=request.user,
            actor_grants=request.actor.grants,
            grant=grant,
        )
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(
            request,
            _("The role %(role)s on %(organization)s is revoked.")
            % {"role": grant.role, "organization": grant.organization},
        )
    return redirect("accounts:user_detail", pk=user.pk)


@login_required
@require_POST
def user_unlock_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    scope = _admin_scope(request)
    user = user_get_for(scope, pk)
    try:
        user_unlock(actor=request.user, actor_grants=request.actor.grants, user=user)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The account is unlocked."))
    return redirect("accounts:user_detail", pk=user.pk)


@login_required
@require_POST
def user_two_factor_reset_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    scope = _admin_scope(request)
    user = user_get_for(scope, pk)
    try:
        user_two_factor_reset(actor=request.user, actor_grants=request.actor.grants, user=user)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(
            request, _("Two-factor login is off for this account; they set it up again.")
        )
    return redirect("accounts:user_detail", pk=user.pk)
