"""The new assignment pages in a real browser on a phone, in Vietnamese: the timeline, an
assignment waiting for its review, the year's evaluations and one evaluation with the
advisory body's form, the calendar with its private address, fit the screen, pass
axe-core and break no CSP rule (the bars are classes)."""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal

import pytest
from django.utils import timezone

from partydesk.assignments.models import Evaluation, Klass
from partydesk.assignments.services.assignments import assignment_complete
from partydesk.assignments.services.evaluations import evaluation_self_assess
from partydesk.assignments.services.feeds import calendar_feed_issue
from partydesk.assignments.tests.factories import act, give
from partydesk.tests import test_pages_in_browser as pages
from partydesk.tests.test_pages_in_browser import PHONE, axe_violations, signed_in

pytestmark = pytest.mark.django_db(transaction=True)
browser = pages.browser


def test_the_new_pages_fit_a_phone_and_pass_axe(office_a, live_server, browser):  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    long_title = "Tổng hợp, đánh giá kết quả thực hiện Nghị quyết Đại hội Đảng bộ " * 2
    give(
        office_a.secretary,
        title=long_title,
        lead_user=office_a.specialist,
        start_date=today - dt.timedelta(days=30),
        deadline=today - dt.timedelta(days=1),
    )
    done = give(office_a.secretary, title="Báo cáo tháng", lead_user=office_a.specialist)
    assignment_complete(actor=act(office_a.specialist), assignment=done, report="Đã xong")
    evaluation = Evaluation.objects.create(
        organization=office_a.organization,
        person=office_a.specialist,
        year=today.year,
        proposed_score=Decimal("72.50"),
        proposed_class=Klass.GOOD,
        record={"on_time": 3, "late": 1},
    )
    evaluation_self_assess(
        actor=act(office_a.specialist),
        evaluation=evaluation,
        klass=Klass.GOOD,
        text="Hoàn thành các nhiệm vụ được giao.",
        form_kind="2B",
    )
    calendar_feed_issue(actor=act(office_a.secretary), view="by_me")  # its address shows
    page = signed_in(browser, live_server, office_a.secretary, PHONE)
    found = {}
    for path in [
        "/assignments/timeline/?view=by_me",
        "/assignments/calendar/?view=by_me",
        f"/assignments/{done.pk}/",
        "/assignments/evaluations/",
        f"/assignments/evaluations/{evaluation.pk}/",
    ]:
        response = page.goto(f"{live_server.url}{path}")
        assert response is not None and response.status == 200, path
        width = page.evaluate("document.documentElement.scrollWidth")
        problems = axe_violations(page)
        if width > PHONE["width"] or problems:
            found[path] = (width, problems)
    # The advisory body's form on the same evaluation, for the office chief.
    office = signed_in(browser, live_server, office_a.chief, PHONE)
    office.goto(f"{live_server.url}/assignments/evaluations/{evaluation.pk}/")
    assert office.locator("#id_reason").count() == 1
    width = office.evaluate("document.documentElement.scrollWidth")
    if width > PHONE["width"] or axe_violations(office):
        found["advise"] = (width, axe_violations(office))
    if os.environ.get("PARTYDESK_SCREENSHOTS"):
        office.screenshot(path=f"{os.environ['PARTYDESK_SCREENSHOTS']}/advise.png", full_page=True)
        page.goto(f"{live_server.url}/assignments/calendar/?view=by_me")
        page.screenshot(path=f"{os.environ['PARTYDESK_SCREENSHOTS']}/calendar.png", full_page=True)
    assert found == {}
    page.goto(f"{live_server.url}/assignments/timeline/?view=by_me")
    bar = page.locator(".tl-bar.tl-overdue").first
    assert bar.bounding_box()["width"] > 20  # type: ignore[index]
    assert not [p for p in page.csp_problems if "Content Security Policy" in p]


def test_a_collective_evaluation_on_a_phone_and_a_laptop(office_a, tree, live_server, browser):  # type: ignore[no-untyped-def]
    """The unit's head, acting for the department, self-assesses its evaluation (form 01);
    the secretary reaches it from the year's record; both widths, both languages, axe."""
    from partydesk.documents.tests.factories import make_staff
    from partydesk.organizations.models import OrganizationKind
    from partydesk.organizations.tests.factories import make_org

    department = make_org(
        "Ban Tuyên giáo Đảng ủy", parent=tree.committee_a, kind=OrganizationKind.DEPARTMENT
    )
    head = make_staff("tg_head", department, "department_head")
    evaluation = Evaluation.objects.create(
        organization=office_a.organization,
        unit=department,
        form_kind="01",
        year=timezone.localdate().year,
        proposed_score=Decimal("71.00"),
        proposed_class=Klass.NOT_COMPLETED,
        record={"on_time": 7, "late": 3, "behind": "30.00"},
    )
    found: dict[object, object] = {}
    for viewport in (PHONE, pages.LAPTOP):
        for language in ("vi", "en"):
            page = signed_in(browser, live_server, head, viewport, language)
            response = page.goto(f"{live_server.url}/assignments/evaluations/{evaluation.pk}/")
            assert response is not None and response.status == 200
            assert (
                page.locator("#id_text").count() == 1 and page.locator("#id_form_kind").count() == 0
            )
            width = page.evaluate("document.documentElement.scrollWidth")
            problems = axe_violations(page)
            if width > viewport["width"] or problems:
                found[(viewport["width"], language)] = (width, problems)
            if os.environ.get("PARTYDESK_SCREENSHOTS"):
                name = f"collective-{viewport['width']}-{language}.png"
                page.screenshot(
                    path=f"{os.environ['PARTYDESK_SCREENSHOTS']}/{name}", full_page=True
                )
    boss = signed_in(browser, live_server, office_a.secretary, PHONE)
    boss.goto(f"{live_server.url}/assignments/record/")
    width = boss.evaluate("document.documentElement.scrollWidth")
    if width > PHONE["width"] or axe_violations(boss):
        found["record"] = (width, axe_violations(boss))
    assert found == {}
