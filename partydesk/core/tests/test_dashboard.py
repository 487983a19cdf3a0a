"""The dashboard shows each registered panel for the acting organization; the bell counts my
unread notifications."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import pytest
from django.contrib.auth import get_user_model
from django.http import HttpRequest
from django.test import Client
from django.urls import reverse

from partydesk.core import dashboard
from partydesk.core.dashboard import Figure, Panel
from partydesk.core.http import acting
from partydesk.core.services.notifications import notify

pytestmark = pytest.mark.django_db


class Calls:
    count = 0


@pytest.fixture
def only_test_panels(monkeypatch: pytest.MonkeyPatch) -> None:
    """The dashboard with no app's panels: what the core itself does."""
    monkeypatch.setattr(dashboard, "_providers", [])


@pytest.fixture
def reviews_panel(only_test_panels: None) -> Iterator[type[Calls]]:
    """The one provider, like the apps register: panels about the acting organization."""

    def provider(request: HttpRequest) -> list[Panel]:
        Calls.count += 1
        org = acting(request).scope
        if org is None:
            return []
        return [
            Panel(title=f"Reviews due in {org}", template="partials/empty_state.html", count=3),
            Panel(
                title="Overdue replies",
                template="partials/empty_state.html",
                count=2,
                urgent=True,
            ),
        ]

    Calls.count = 0
    dashboard.register(provider)
    yield Calls


def test_a_visitor_is_sent_to_log_in(client: Client):
    response = client.get(reverse("core:dashboard"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_alice_sees_her_organizations_panels_urgent_first(alice_client, tree, reviews_panel):
    response = alice_client.get(reverse("core:dashboard"))

    assert response.status_code == 200
    panels = response.context["panels"]
    assert [p.title for p in panels] == ["Overdue replies", "Reviews due in Đảng bộ Sở Tài chính"]
    figures = {str(f.label): f.value for f in response.context["figures"]}
    assert figures["Items waiting for me"] == 5
    assert figures["Urgent or overdue"] == 2
    html = response.content.decode()
    assert 'id="panel-overdue-replies"' in html
    # The panels are built once, for the page itself.
    assert reviews_panel.count == 1


def test_eve_sees_only_her_own_organization(eve_client, tree, reviews_panel):
    html = eve_client.get(reverse("core:dashboard")).content.decode()

    assert "Reviews due in Đảng bộ Sở Y tế" in html
    assert "Sở Tài chính" not in html


def test_other_pages_pay_for_no_panel(alice_client, reviews_panel):
    html = alice_client.get(reverse("accounts:me")).content.decode()

    assert f'href="{reverse("core:notifications")}"' in html  # the bell
    assert reviews_panel.count == 0  # no app paid for its panels while the page rendered


def test_the_dashboard_shows_the_bell_with_my_unread_notifications(alice, alice_client, tree):
    notify(recipients=[alice], kind="test.ping", title="Hello", url="/")

    html = alice_client.get(reverse("core:dashboard")).content.decode()

    assert 'id="notification-bell"' in html
    assert 'class="badge badge-count" aria-hidden="true">1<' in html


def test_nothing_to_do_shows_the_all_clear(alice_client, only_test_panels):
    html = alice_client.get(reverse("core:dashboard")).content.decode()

    assert "Nothing needs you right now." in html
    assert "badge-count" not in html
    assert "summary-tile" not in html  # no row of zeros above the all-clear


def test_a_login_without_any_role_is_told_how_to_get_one(tree):
    lonely = get_user_model().objects.create_user(username="lonely", password="long-password-1")
    client = Client()
    client.force_login(lonely)

    html = client.get(reverse("core:dashboard")).content.decode()

    assert "You have no role in any organization yet" in html


def test_the_dashboard_costs_a_bounded_number_of_queries(
    alice_client, reviews_panel, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        assert alice_client.get(reverse("core:dashboard")).status_code == 200


def test_the_dashboard_speaks_vietnamese(alice_client):
    alice_client.post(reverse("set_language"), {"language": "vi", "next": "/"})

    html = alice_client.get(reverse("core:dashboard")).content.decode()

    assert "Việc cần tôi xử lý" in html
    assert '<html lang="vi">' in html


def test_the_switcher_offers_every_organization_a_user_acts_for(alice, alice_client, tree):
    # The core knows no accounts models: add the second grant through alice's own relation.
    grant = alice.role_grants.get()
    alice.role_grants.create(
        role=grant.role, organization=tree.committee_b, valid_from=grant.valid_from
    )

    html = alice_client.get(reverse("core:dashboard")).content.decode()

    assert 'name="organization" data-autosubmit' in html
    assert html.count("<option value=") == 2


def test_an_app_adds_a_headline_figure_without_the_core_knowing_it(
    alice_client, tree, reviews_panel, monkeypatch
):
    def dues(request: HttpRequest, panels: Sequence[Panel]) -> list[Figure]:
        return [Figure("Dues unpaid", 7, order=15, tone="warn")]

    monkeypatch.setattr(dashboard, "_figure_providers", [*dashboard._figure_providers, dues])
    response = alice_client.get(reverse("core:dashboard"))

    labels = [str(f.label) for f in response.context["figures"]]
    assert labels == ["Items waiting for me", "Dues unpaid", "Urgent or overdue", "Areas with work"]
    assert "Dues unpaid" in response.content.decode()
