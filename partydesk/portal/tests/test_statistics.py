"""Reading statistics: a person's read of an article adds one to the page's counter of the
day (robots, refused readers and other methods add nothing, and nothing about the reader is
kept); the editors' page in the CMS admin shows reads per day as a chart and a table, the
most read pages with their feedback, only for the pages of their own desks."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from wagtail.models import Page

from partydesk.accounts.tests.factories import make_user
from partydesk.conftest import logged_in
from partydesk.portal.models import (
    FeedbackStatus,
    NewsPage,
    PageViewDay,
    ReaderFeedback,
)
from partydesk.portal.services.stats import page_view_count

pytestmark = pytest.mark.django_db

BROWSER = {"HTTP_USER_AGENT": "Mozilla/5.0 (Linux; Android 14) Mobile Safari/537.36"}
STATS = "/portal/admin/statistics/"


@pytest.fixture
def pages(sections: dict[str, Page]) -> dict[str, Page]:
    made: dict[str, Page] = {"area": sections["area"]}
    for key, parent, title in (
        ("bloc", sections["news"], "Hội nghị Ban Chấp hành Đảng bộ Khối"),
        ("corner", sections["corner"], "Chi bộ Sở Y tế sinh hoạt chuyên đề"),
    ):
        made[key] = parent.add_child(
            instance=NewsPage(title=title, slug=key, lead=title, date=datetime.date(2026, 3, 1))
        )
    return made


def test_a_read_adds_one_to_the_days_counter_and_nothing_else(pages, client):
    article = pages["bloc"]
    for _ in range(3):
        assert client.get(article.url, **BROWSER).status_code == 200
    client.get(article.url, HTTP_USER_AGENT="Googlebot/2.1")
    client.get(article.url)  # no user agent: a script, not a reader
    client.head(article.url, **BROWSER)
    client.get(pages["area"].url, **BROWSER)  # sent to the login page, not read
    counter = PageViewDay.objects.get()
    assert (counter.page_id, counter.day, counter.views) == (
        article.pk,
        timezone.localdate(),
        3,
    )
    # A counter, nothing about who read.
    assert {f.name for f in PageViewDay._meta.get_fields()} == {"id", "page", "day", "views"}


def test_the_upsert_makes_one_row_a_page_and_day(pages):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    for _ in range(4):
        page_view_count(pages["bloc"].pk)
    page_view_count(pages["bloc"].pk, yesterday)
    assert dict(PageViewDay.objects.values_list("day", "views")) == {
        timezone.localdate(): 4,
        yesterday: 1,
    }


def _read(page: Page, n: int, days_ago: int = 0) -> None:
    day = timezone.localdate() - datetime.timedelta(days=days_ago)
    PageViewDay.objects.create(page=page, day=day, views=n)


def _feedback(page: Page, status: str, organization) -> None:  # type: ignore[no-untyped-def]
    ReaderFeedback.objects.create(
        page=page, organization=organization, name="Bạn đọc", message="Hay", status=status
    )


def test_editors_see_a_chart_and_the_most_read_of_their_own_pages(tree, pages):
    _read(pages["bloc"], 40)
    _read(pages["bloc"], 7, days_ago=3)
    _read(pages["bloc"], 500, days_ago=200)  # outside 30 days, inside "ever"
    _read(pages["corner"], 12)
    _feedback(pages["bloc"], FeedbackStatus.PENDING, tree.root)
    _feedback(pages["bloc"], FeedbackStatus.APPROVED, tree.root)
    _feedback(pages["corner"], FeedbackStatus.APPROVED, tree.committee_b)
    bloc_editor = logged_in(make_user("bloc_editor", organization=tree.root, role="specialist"))
    response = bloc_editor.get(STATS)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<rect ") == 30 and 'role="img"' in html
    rows = response.context["stats"].rows
    assert [(r.page.pk, r.views, r.views_ever, r.feedback) for r in rows] == [
        (pages["bloc"].pk, 47, 547, [1, 1, 0]),
        (pages["corner"].pk, 12, 12, [0, 1, 0]),
    ]
    assert response.context["stats"].total == 59
    assert dict(response.context["stats"].feedback)["Waiting for moderation"] == 1
    year = bloc_editor.get(STATS, {"days": 365})
    assert year.content.decode().count("<rect ") == 365
    assert year.context["stats"].rows[0].views == 547
    # A grassroots editor sees their own corner only.
    corner_editor = logged_in(
        make_user("corner_editor", organization=tree.committee_b, role="specialist")
    )
    rows = corner_editor.get(STATS).context["stats"].rows
    assert [r.page.pk for r in rows] == [pages["corner"].pk]


def test_people_without_a_portal_role_never_see_them(tree, pages, client):
    _read(pages["bloc"], 5)
    member = logged_in(make_user("member", organization=tree.committee_a, role="member"))
    assert member.get(STATS).status_code == 403
    assert client.get(STATS).status_code == 302
