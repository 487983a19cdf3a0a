"""The dashboard's "Packages waiting to be registered" (issue 9, "the dashboard shows packages
waiting for registration"): what peers delivered to the organization and its clerk has not
registered or refused, oldest first, with the count and a way to open each; only for those
who can register packages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from partydesk.conftest import logged_in
from partydesk.exchange.models import DeliveredPackage
from partydesk.exchange.tests.test_business_remote import peer, registered_copy, released  # noqa: F401
from partydesk.exchange.tests.test_packages import identified  # noqa: F401
from partydesk.exchange.tests.test_send import loopback  # noqa: F401

pytestmark = pytest.mark.usefixtures("identified")


@pytest.mark.django_db(transaction=True)
def test_the_clerk_sees_the_packages_waiting_oldest_first(peer, office_root, office_a, tree):  # noqa: F811
    first = released(office_root, tree, "về chuyển đổi số")
    released(office_root, tree, "về công tác kiểm tra")
    older, newer = DeliveredPackage.objects.order_by("delivered_at", "pk")
    clerk = logged_in(office_a.clerk)
    # The clerk's dashboard lists both, the older first, each with its Open form
    page = clerk.get(reverse("core:dashboard"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Packages waiting to be registered" in page
    assert page.index("về chuyển đổi số") < page.index("về công tác kiểm tra")
    assert reverse("exchange:delivered_open", args=[older.pk]) in page
    assert reverse("exchange:delivered_open", args=[newer.pk]) in page
    assert reverse("exchange:delivered") in page
    vietnamese = clerk.get(reverse("core:dashboard"), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Gói tin chờ vào sổ" in vietnamese
    # A specialist, and the sending office, do not see it
    for other in (office_a.specialist, office_root.clerk):
        theirs = logged_in(other).get(reverse("core:dashboard"), HTTP_ACCEPT_LANGUAGE="en")
        assert "Packages waiting to be registered" not in theirs.content.decode()
    # Once registered, a package leaves the panel
    registered_copy(office_a, tree, first)
    page = clerk.get(reverse("core:dashboard"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "về chuyển đổi số" not in page and "về công tác kiểm tra" in page
