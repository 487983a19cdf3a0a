"""Search across the registers (metadata and the text of the PDFs)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from partydesk.accounts.actor import AuthenticatedRequest
from partydesk.documents.forms.search import SearchForm
from partydesk.documents.models import Direction
from partydesk.documents.selectors.search import SearchResults, document_search
from partydesk.organizations.selectors import organization_list_for

PAGE = 25


@login_required
@require_GET
def search(request: AuthenticatedRequest) -> HttpResponse:
    who = request.actor
    form = SearchForm(
        request.GET or None,
        organizations=organization_list_for(who.scope).select_related("parent")[:300],
    )
    results = SearchResults()
    page = 1
    searched = bool(request.GET) and form.is_valid()
    if searched:
        try:
            page = max(1, int(request.GET.get("page", "1")))
        except ValueError:
            page = 1
        results = document_search(
            who,
            direction=form.cleaned_data.get("direction") or Direction.INCOMING,
            text=form.cleaned_data.get("q") or "",
            filters=form.filters(),
            limit=PAGE,
            offset=(page - 1) * PAGE,
        )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "documents/search.html",
        {
            "form": form,
            "results": results,
            "searched": searched,
            "page": page,
            "has_next": results.total > page * PAGE,
            "query": query.urlencode(),
        },
        status=400 if request.GET and not form.is_valid() else 200,
    )
