"""Organization tree, organization page, people search and member profile."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from partydesk.organizations import selectors


def _scope(request: HttpRequest):  # type: ignore[no-untyped-def]
    return getattr(request, "acting_organization", None)


@login_required
def tree(request: HttpRequest) -> HttpResponse:
    orgs = selectors.organization_list_for(_scope(request))
    return render(request, "organizations/tree.html", {"organizations": orgs})


@login_required
def detail(request: HttpRequest, org_id: int) -> HttpResponse:
    org = selectors.organization_get_for(_scope(request), org_id)
    return render(request, "organizations/detail.html", {"organization": org})


@login_required
def people(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")
    page = Paginator(selectors.person_list_for(_scope(request), query=query), 50).get_page(
        request.GET.get("page")
    )
    return render(request, "organizations/people.html", {"page": page, "q": query})


@login_required
def person_detail(request: HttpRequest, person_id: int) -> HttpResponse:
    person = selectors.person_get_for(_scope(request), person_id)
    return render(request, "organizations/person.html", {"person": person})
