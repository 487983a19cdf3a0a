"""The attendance page of a conference with hundreds of connected sites: a page of sites at
a time, in Vietnamese order, found by name without diacritics and by the host's count;
the same number of queries for 30 sites as for 300; the QR codes are links, not images."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models.signals import post_init
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partydesk.conftest import logged_in
from partydesk.meetings.models import Site
from partydesk.meetings.selectors.attendance import PAGE_SIZE
from partydesk.meetings.services.attendance import site_count_report
from partydesk.meetings.services.meetings import site_names
from partydesk.meetings.tests.test_attendance import now_meeting
from partydesk.meetings.tests.test_meetings import As

pytestmark = pytest.mark.django_db


def add_sites(meeting, n: int) -> None:  # type: ignore[no-untyped-def]
    Site.objects.bulk_create(
        Site(meeting=meeting, **site_names(f"Điểm cầu xã số {i}")) for i in range(1, n + 1)
    )


def queries(client, url: str) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


def sites_loaded(client, url: str) -> int:  # type: ignore[no-untyped-def]
    """How many site rows the page builds (the meeting itself must not load them all)."""
    loaded: list[object] = []

    def count(sender, instance, **kwargs):  # type: ignore[no-untyped-def]
        loaded.append(instance)

    post_init.connect(count, sender=Site)
    try:
        assert client.get(url).status_code == 200
    finally:
        post_init.disconnect(count, sender=Site)
    return len(loaded)


def test_the_page_costs_the_same_queries_for_30_and_300_sites(tree, alice, bob):
    small = now_meeting(tree, chair=alice, members=[bob])
    add_sites(small, 30)
    large = now_meeting(tree, chair=alice, members=[bob])
    add_sites(large, 300)
    chair = logged_in(alice)
    chair.get(reverse("meetings:attendance", args=[small.pk]))  # the session is warm
    few, small_page = queries(chair, reverse("meetings:attendance", args=[small.pk]))
    many, large_page = queries(chair, reverse("meetings:attendance", args=[large.pk]))
    assert many == few
    # Nor the rows: a page of sites, not every site of the meeting (as a prefetch did).
    assert sites_loaded(chair, reverse("meetings:attendance", args=[large.pk])) <= PAGE_SIZE + 1
    # The page size bounds the forms: 301 sites, 50 count forms and 50 check-in forms, whose
    # fields share one list of the absent (not a list of every member in every form).
    assert large_page.count('name="count"') == PAGE_SIZE
    assert large_page.count('name="who"') == PAGE_SIZE
    assert large_page.count('list="absent-members"') == PAGE_SIZE
    assert large_page.count("<datalist") == 1
    assert small_page.count('name="count"') == 31
    assert "1–50 of 301" in large_page and "Page 1 of 7" in large_page
    # The QR code is loaded on demand, per site: a link, never an inlined image.
    qr = reverse("meetings:site_qr", args=[large.pk, large.sites.get(is_main=True).pk])
    assert f'href="{qr}"' in large_page and "<img" not in large_page
    # The totals are over every site, not the page.
    assert "0 of 301 sites have reported their count." in large_page
    last = chair.get(reverse("meetings:attendance", args=[large.pk]), {"page": 7})
    assert last.content.decode().count('name="count"') == 1
    assert "Page 7 of 7" in last.content.decode()
    # The live part polls the same page of the same search.
    live = chair.get(
        reverse("meetings:attendance", args=[large.pk]), {"page": 2}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "page=2" in live and "<html" not in live and live.count("<tr>") == PAGE_SIZE + 1


def test_sites_in_vietnamese_order_found_by_name_and_by_count(tree, alice, bob, eve):
    names = ["Đà Nẵng", "Dầu Tiếng", "Cà Mau", "Ân Thi", "An Giang", "Ô Môn", "Ea Súp"]
    meeting = now_meeting(tree, chair=alice, members=[bob], sites=names)
    chair, url = logged_in(alice), reverse("meetings:attendance", args=[meeting.pk])
    page = chair.get(url).content.decode()
    order = ["An Giang", "Ân Thi", "Cà Mau", "Dầu Tiếng", "Đà Nẵng", "Ea Súp", "Ô Môn"]
    assert sorted(names) != order  # code-point order would put Â, Đ and Ô last
    positions = [page.index(f'<h2 id="site-{Site.objects.get(name=n).pk}-title">') for n in order]
    assert positions == sorted(positions)
    assert page.index("Hội trường tầng 3") < positions[0]  # the main site first
    found = chair.get(url, {"q": "da nang"}).content.decode()
    assert "Đà Nẵng" in found and "Dầu Tiếng" not in found and "1 item" in found
    main = meeting.sites.get(is_main=True)
    site_count_report(actor=As(alice), site=main, count=1)  # 2 people sit there: below
    site_count_report(actor=As(alice), site=Site.objects.get(name="Cà Mau"), count=5)
    reported = chair.get(url, {"state": "reported"}).content.decode()
    assert "Cà Mau" in reported and "Ô Môn" not in reported and "2 items" in reported
    below = chair.get(url, {"state": "below"}).content.decode()
    assert main.name in below and "Cà Mau" not in below and "below expected" in below
    assert "Ô Môn" in chair.get(url, {"state": "unreported"}).content.decode()
    assert "No site matches." in chair.get(url, {"q": "zzz"}).content.decode()
    assert chair.get(url, {"page": "x", "state": "nonsense"}).status_code == 200
    # A host sees only their own sites; another organization's person gets a 404.
    Site.objects.filter(name="Ô Môn").update(host=bob)
    hosted = logged_in(bob).get(url).content.decode()
    assert hosted.count('name="count"') == 1 and "Ô Môn" in hosted and "Cà Mau" not in hosted
    assert logged_in(eve).get(url).status_code == 404
    vi = chair.get(url, HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Tên điểm cầu" in vi and "dưới số dự kiến" in vi


def test_the_meetings_own_page_shows_the_first_sites_and_counts_the_rest(tree, alice, bob):
    meeting = now_meeting(tree, chair=alice, members=[bob])
    add_sites(meeting, 300)
    url = reverse("meetings:detail", args=[meeting.pk])
    chair, member = logged_in(alice), logged_in(bob)
    assert sites_loaded(chair, url) <= 30 + 2  # those shown, and the two participants' own
    page = chair.get(url).content.decode()
    assert "Sites (301)" in page and "and 271 more sites" in page
    assert "All sites, on the attendance page" in page
    assert page.index("Hội trường tầng 3") < page.index("Điểm cầu xã số 1<")  # main first
    # A member who does not run the meeting is told how many, without the attendance link.
    shown = member.get(url).content.decode()
    assert "and 271 more sites" in shown and "All sites, on the attendance page" not in shown
