"""The audit viewer: events of the acting scope, filtered, paged by keyset, CSV export."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from partydesk.accounts.actor import AuthenticatedRequest
from partydesk.accounts.forms import AuditFilterForm
from partydesk.accounts.models import User
from partydesk.accounts.permissions import can_view_audit, can_view_audit_integrity
from partydesk.accounts.selectors.audit import AuditPage, audit_event_export_for, audit_page_for
from partydesk.core.audit import audit_integrity_status, audit_log
from partydesk.core.http import streamed_file_response
from partydesk.core.models import AuditEvent
from partydesk.organizations.models import Organization

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _audit_scope(request: AuthenticatedRequest) -> Organization:
    scope = request.actor.scope
    if scope is None or not can_view_audit(request.actor.grants, scope):
        raise PermissionDenied(_("You may not view the audit trail of this organization."))
    return scope


def _cursor(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


@login_required
def audit_list(request: AuthenticatedRequest) -> HttpResponse:
    scope = _audit_scope(request)
    form = AuditFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        page = AuditPage([], None, None)
    else:
        page = audit_page_for(
            scope,
            form.to_filter(),
            before=_cursor(request.GET.get("before")),
            after=_cursor(request.GET.get("after")),
        )
    params = request.GET.copy()
    for key in ("before", "after"):
        params.pop(key, None)
    assert isinstance(request.user, User)
    show_integrity = can_view_audit_integrity(request.user, request.actor.grants, scope)
    return render(
        request,
        "accounts/audit_list.html",
        {
            "form": form,
            "page": page,
            "scope": scope,
            "query": params.urlencode(),
            "show_integrity": show_integrity,
            "integrity": audit_integrity_status() if show_integrity else None,
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


class _Echo:
    def write(self, value: str) -> str:
        return value


def _cell(value: object) -> str:
    # A cell starting like a formula would run in a spreadsheet (CSV injection).
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _rows(events: Iterator[AuditEvent]) -> Iterator[list[str]]:
    yield ["seq", "time", "actor", "action", "target_type", "target_id", "target",
           "organization_id", "ip", "details", "hash"]  # fmt: skip
    for e in events:
        seal = e.sealed
        yield [
            _cell(v)
            for v in (
                seal.seq if seal else None,
                timezone.localtime(e.occurred_at).isoformat(),
                e.actor_label,
                e.action,
                e.target_type,
                e.target_id,
                e.target_label,
                e.organization_id,
                e.ip,
                json.dumps(e.details, ensure_ascii=False, sort_keys=True),
                seal.hash if seal else "",
            )
        ]


@login_required
def audit_export(request: AuthenticatedRequest) -> HttpResponseBase:
    """All matching events as CSV (UTF-8 with BOM, so spreadsheets read the diacritics)."""
    scope = _audit_scope(request)
    form = AuditFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return audit_list(request)
    filters = form.to_filter()
    assert isinstance(request.user, User)
    # Reading the trail of a whole organization is itself worth recording.
    audit_log(
        actor=request.user,
        action="accounts.audit.exported",
        organization_id=scope.pk,
        details={k: v for k, v in vars(filters).items() if v},
    )
    writer = csv.writer(_Echo())
    lines = (writer.writerow(row) for row in _rows(audit_event_export_for(scope, filters)))
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    name = f"audit-{scope.pk}-{stamp}.csv"
    return streamed_file_response(_with_bom(lines), name, "text/csv; charset=utf-8")


def _with_bom(lines: Iterator[str]) -> Iterator[str]:
    yield "\ufeff"
    yield from lines
