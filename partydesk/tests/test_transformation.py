"""The digital-transformation page: each module's monthly figures (core.indicators) for an
organization alone or with what lies below it, shown only to those who may view the module,
drawn as charts with their tables, and exported as .xlsx with what each share counts."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from partydesk.accounts.tests.factories import make_user
from partydesk.conftest import Tree, logged_in
from partydesk.core import navigation
from partydesk.core.charts import HEIGHT, bar_chart
from partydesk.core.indicators import Point, month_starts
from partydesk.documents.models import Direction, Document, Status
from partydesk.documents.tests.factories import doc_type
from partydesk.organizations.models import Organization

pytestmark = pytest.mark.django_db


def _month_ago(months: int) -> dt.datetime:
    """Noon on the 10th of the month `months` before this one."""
    day = month_starts(months + 1)[0]
    return timezone.make_aware(dt.datetime(day.year, day.month, 10, 12))


def _incoming(org: Organization, at: dt.datetime, *, has_file: bool) -> Document:
    return Document.objects.create(
        organization=org,
        direction=Direction.INCOMING,
        status=Status.REGISTERED,
        document_type=doc_type("cong-van"),
        subject="Công văn đến",
        registered_at=at,
        has_file=has_file,
    )


def _issued(org: Organization, at: dt.datetime, *, signed: bool, released: bool) -> Document:
    return Document.objects.create(
        organization=org,
        direction=Direction.OUTGOING,
        status=Status.RELEASED if released else Status.ISSUED,
        document_type=doc_type("cong-van"),
        subject="Công văn đi",
        issued_at=at,
        released_at=at if released else None,
        has_file=True,
        digitally_signed=signed,
    )


def _page(client, org: Organization, **params: str):  # type: ignore[no-untyped-def]
    return client.get(reverse("organizations:transformation", args=[org.pk]), params)


def test_the_months_run_back_across_the_new_year() -> None:
    months = month_starts(3, today=dt.date(2027, 2, 14))
    assert months == [dt.date(2026, 12, 1), dt.date(2027, 1, 1), dt.date(2027, 2, 1)]


def test_a_share_rounds_and_an_empty_month_is_zero() -> None:
    assert Point(dt.date(2026, 1, 1), 2, 3, share=True).value == 67
    assert Point(dt.date(2026, 1, 1), 0, 0, share=True).value == 0
    assert Point(dt.date(2026, 1, 1), 7, 0, share=False).value == 7


def test_a_percentage_chart_is_scaled_to_one_hundred() -> None:
    chart = bar_chart([("01/2026", 50), ("02/2026", 25)], top=100)
    assert [bar.height for bar in chart.bars] == [HEIGHT // 2, HEIGHT // 4]
    assert chart.highest == 50


def test_each_month_shows_its_share_and_the_period_its_total(tree: Tree, alice) -> None:  # type: ignore[no-untyped-def]
    org = tree.committee_a
    for has_file in (True, True, True, False):
        _incoming(org, _month_ago(0), has_file=has_file)
    _incoming(org, _month_ago(2), has_file=False)
    _issued(org, _month_ago(1), signed=True, released=True)
    _issued(org, _month_ago(1), signed=False, released=False)
    response = _page(logged_in(alice), org, whole="0", months="6")
    assert response.status_code == 200
    trends = {t.indicator.key: t for t in response.context["figures"].trends}
    incoming = trends["documents.incoming_digitized"]
    assert [p.value for p in incoming.points] == [0, 0, 0, 0, 0, 75]
    assert (incoming.total.part, incoming.total.whole, incoming.total.value) == (3, 5, 60)
    assert [p.value for p in trends["documents.signed_digitally"].points][-2] == 50
    assert trends["documents.sent_electronically"].total.value == 50
    html = response.content.decode()
    assert "60 %" in html and "3 of 5 over the period" in html
    assert f"{_month_ago(0):%m/%Y}" in html  # the month's column, and the table row


def test_the_subtree_counts_what_lies_below_and_alone_does_not(tree: Tree, alice) -> None:  # type: ignore[no-untyped-def]
    _incoming(tree.cell_a1, _month_ago(0), has_file=True)
    client = logged_in(alice)
    alone = _page(client, tree.committee_a, whole="0").context["figures"].trends[0]
    whole = _page(client, tree.committee_a, whole="1").context["figures"].trends[0]
    assert (alone.total.whole, whole.total.whole) == (0, 1)
    below = _page(client, tree.cell_a1, whole="0")
    assert below.status_code == 200 and below.context["figures"].trends[0].total.whole == 1


def test_an_organization_above_or_beside_is_a_404(tree: Tree, alice) -> None:  # type: ignore[no-untyped-def]
    client = logged_in(alice)
    assert _page(client, tree.root).status_code == 404
    assert _page(client, tree.committee_b).status_code == 404


def test_a_member_without_any_module_sees_neither_the_page_nor_the_menu(tree: Tree) -> None:
    member = make_user("member1", organization=tree.committee_a, role="member")
    client = logged_in(member)
    assert _page(client, tree.committee_a).status_code == 403
    dashboard = client.get(reverse("core:dashboard"))
    assert reverse("organizations:transformation_home") not in dashboard.content.decode()


def test_the_menu_leads_to_the_acting_organization_with_what_is_below(tree: Tree, alice) -> None:  # type: ignore[no-untyped-def]
    client = logged_in(alice)
    dashboard = client.get(reverse("core:dashboard"))
    assert reverse("organizations:transformation_home") in dashboard.content.decode()
    response = client.get(reverse("organizations:transformation_home"))
    figures = response.context["figures"]
    assert response.status_code == 200
    assert figures.organization == tree.committee_a and figures.whole


def test_a_figure_shows_only_with_its_module_capability(tree: Tree) -> None:
    clerk = make_user("clerk1", organization=tree.committee_a, role="clerk", two_factor=True)
    officer = make_user(
        "officer1", organization=tree.committee_a, role="member_officer", two_factor=True
    )
    secretary = make_user(
        "secretary1", organization=tree.committee_a, role="secretary", two_factor=True
    )
    assert _keys(clerk, tree) == {
        "documents.incoming_digitized",
        "documents.outgoing_digitized",
        "documents.signed_digitally",
        "documents.sent_electronically",
    }
    assert _keys(officer, tree) == {"learning.exam_takers", "contests.participants"}
    assert _keys(secretary, tree) == _keys(clerk, tree) | _keys(officer, tree) | {
        "assignments.on_time"
    }


def _keys(user, tree: Tree) -> set[str]:  # type: ignore[no-untyped-def]
    page = _page(logged_in(user), tree.committee_a)
    return {t.indicator.key for t in page.context["figures"].trends}


def test_the_page_costs_one_query_per_figure_whatever_the_rows(tree: Tree, alice) -> None:  # type: ignore[no-untyped-def]
    client = logged_in(alice)
    _page(client, tree.committee_a)
    with CaptureQueriesContext(connection) as few:
        _page(client, tree.committee_a)
    for n in range(30):
        _incoming(tree.cell_a1, _month_ago(n % 12), has_file=bool(n % 2))
    with CaptureQueriesContext(connection) as many:
        _page(client, tree.committee_a)
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_export_holds_every_month_and_what_it_counts(tree: Tree, alice) -> None:  # type: ignore[no-untyped-def]
    _incoming(tree.committee_a, _month_ago(0), has_file=True)
    _incoming(tree.committee_a, _month_ago(0), has_file=False)
    url = reverse("organizations:transformation_export", args=[tree.committee_a.pk])
    response = logged_in(alice).get(url, {"whole": "0", "months": "6"})
    assert response.status_code == 200
    assert "transformation-" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    incoming = [r for r in rows[1:] if r[0] == "Incoming documents digitized"]
    assert len(incoming) == 6
    assert incoming[-1][2:] == (50, 1, 2)


def test_the_menu_entry_asks_the_registry_not_a_fixed_list() -> None:
    entry = next(e for e in navigation.entries() if e.url_name.endswith("transformation_home"))
    assert entry.shown_when is not None and not entry.capabilities
