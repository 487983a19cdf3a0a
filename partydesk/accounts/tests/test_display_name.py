"""The name shown for a user: the linked person's full name, else the account's first and
last name, else the login; a list that selects the person reads no more for it."""

from __future__ import annotations

import pytest

from partydesk.accounts.models import User
from partydesk.accounts.services.users import account_names
from partydesk.organizations.tests.factories import make_person

pytestmark = pytest.mark.django_db


def test_a_user_is_shown_by_the_person_else_the_account_name_else_the_login(tree):
    # Given an account linked to a person, one with only its own names, and a bare login
    person = make_person(tree.committee_a, "Lê Văn Tám")
    linked = User.objects.create_user("tam", person=person, first_name="X", last_name="Y")
    named = User.objects.create_user("hoa", **account_names("Nguyễn Thị Hoa"))
    bare = User.objects.create_user("bare")
    # Then each is shown by the first name it has, fresh from the database too
    assert linked.display_name == "Lê Văn Tám"
    assert User.objects.get(pk=linked.pk).display_name == "Lê Văn Tám"
    assert named.display_name == "Nguyễn Thị Hoa"  # family name first, as Vietnamese writes
    assert bare.display_name == "bare"
    # And the account's own label adds the login only beside a person's name, as before
    assert [str(linked), str(named), str(bare)] == ["Lê Văn Tám (tam)", "Nguyễn Thị Hoa", "bare"]


def test_account_names_split_a_vietnamese_full_name_at_the_given_name():
    assert account_names("Trần Thị Bích Ngọc") == {
        "first_name": "Ngọc",
        "last_name": "Trần Thị Bích",
    }
    assert account_names("Ngọc") == {"first_name": "Ngọc", "last_name": ""}


def test_a_list_that_selects_the_person_names_its_users_in_one_query(
    tree, django_assert_num_queries
):
    for n in range(3):
        User.objects.create_user(f"u{n}", person=make_person(tree.committee_a))
    User.objects.create_user("u9")
    with django_assert_num_queries(1):
        users = User.objects.select_related("person").order_by("username")
        names = [u.display_name for u in users]
    assert names[-1] == "u9" and all(name.startswith("Nguyễn Văn") for name in names[:3])
