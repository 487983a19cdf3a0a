"""Login, logout, my account, organization switch, two-factor set-up and the audit viewer."""

from __future__ import annotations

from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("accounts:login")


@login_required
def me(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/me.html", {})


@login_required
@require_POST
def switch_organization(request: HttpRequest) -> HttpResponse:
    return redirect("core:dashboard")


@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/me.html", {})


@login_required
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/me.html", {})


@login_required
def audit_list(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/me.html", {})
