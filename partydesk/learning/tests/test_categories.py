"""The category pages: create under one's own categories, share down the tree."""

from __future__ import annotations

import pytest
from django.urls import reverse

from partydesk.conftest import logged_in
from partydesk.core.http import SYSTEM
from partydesk.learning.models import Category
from partydesk.learning.services.bank import category_create, category_share

pytestmark = pytest.mark.django_db


def test_a_keeper_creates_a_category_under_one_of_their_own(tree, keeper):
    top = category_create(actor=SYSTEM, organization=tree.committee_a, name="Lịch sử")
    client = logged_in(keeper)
    url = reverse("learning:category_new")
    assert "Lịch sử" in client.get(url).content.decode()
    done = client.post(url, {"name": "Thời kỳ 1930–1945", "parent": str(top.pk)})
    made = Category.objects.get(name="Thời kỳ 1930–1945")
    assert done.status_code == 302 and done["Location"].endswith(f"?category={made.pk}")
    assert made.parent == top and made.organization == tree.committee_a


def test_a_bad_name_or_a_foreign_parent_is_refused(tree, keeper):
    foreign = category_create(actor=SYSTEM, organization=tree.committee_b, name="Của B")
    client = logged_in(keeper)
    url = reverse("learning:category_new")
    assert client.post(url, {"name": "a/b"}).status_code == 400
    assert client.post(url, {"name": "X", "parent": str(foreign.pk)}).status_code == 400
    assert Category.objects.filter(organization=tree.committee_a).count() == 0


def test_sharing_from_the_list_reaches_the_organizations_below(tree, keeper, settings):
    top = category_create(actor=SYSTEM, organization=tree.committee_a, name="Lịch sử")
    client = logged_in(keeper)
    page = client.get(reverse("learning:bank"), {"category": top.pk})
    assert reverse("learning:category_share", args=[top.pk]) in page.content.decode()
    client.post(reverse("learning:category_share", args=[top.pk]), {"shared": "1"})
    top.refresh_from_db()
    assert top.shared is True


def test_a_category_shared_from_above_cannot_be_unshared_below(tree, keeper):
    bloc = category_create(actor=SYSTEM, organization=tree.root, name="Điều lệ")
    category_share(actor=SYSTEM, category=bloc, shared=True)
    url = reverse("learning:category_share", args=[bloc.pk])
    assert logged_in(keeper).post(url, {"shared": "0"}).status_code == 403
    bloc.refresh_from_db()
    assert bloc.shared is True
