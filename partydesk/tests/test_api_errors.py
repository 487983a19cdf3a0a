"""The API never answers 500 and never answers HTML: a value out of bounds is a 422, a
refusal a 403, an unknown path a 404, each a JSON body the schema declares."""

from __future__ import annotations

import pytest
from django.test import Client

from config.api import api
from partydesk.accounts.models import User
from partydesk.accounts.services.tokens import api_token_create
from partydesk.accounts.tests.factories import grant_role

pytestmark = pytest.mark.django_db
API = "/api/v1"
HUGE = str(2**63 + 5)


def _client(user: User) -> Client:
    _token, raw = api_token_create(user=user, name="test")
    return Client(headers={"Authorization": f"Bearer {raw}"})


@pytest.fixture
def officer_api(alice: User, tree) -> Client:  # type: ignore[no-untyped-def]
    grant_role(alice, "member_officer", tree.committee_a)
    return _client(alice)


def _json_error(response, status: int) -> dict:  # type: ignore[no-untyped-def]
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["detail"]
    return body


@pytest.mark.parametrize("year", ["-1", "99999", HUGE])
@pytest.mark.parametrize("path", ["/documents", "/documents/search"])
def test_a_year_out_of_bounds_is_refused_not_a_server_error(officer_api, path, year):
    _json_error(officer_api.get(f"{API}{path}", {"year": year}), 422)


@pytest.mark.parametrize("param", ["limit", "offset"])
def test_paging_past_what_a_database_integer_holds_is_refused(officer_api, tree, param):
    for path in (
        "/documents",
        "/documents/search",
        f"/organizations/{tree.committee_a.pk}/terms",
        "/people",
        "/organizations",
    ):
        _json_error(officer_api.get(f"{API}{path}", {param: HUGE}), 422)
        _json_error(officer_api.get(f"{API}{path}", {param: "-1"}), 422)


def test_an_id_past_what_a_database_integer_holds_is_refused(officer_api):
    for path in (f"/documents/{HUGE}", f"/people/{HUGE}", f"/organizations/{HUGE}/subtree"):
        _json_error(officer_api.get(f"{API}{path}"), 422)
    _json_error(officer_api.get(f"{API}/people", {"organization": HUGE}), 422)


def test_a_nul_character_in_a_search_is_refused(officer_api):
    _json_error(officer_api.get(f"{API}/people", {"q": "a\x00b"}), 422)
    _json_error(officer_api.get(f"{API}/documents/search", {"q": "a\x00b"}), 422)


def test_refusals_are_json(alice: User, tree):  # type: ignore[no-untyped-def]
    specialist = _client(alice)  # no member-registry role
    _json_error(specialist.get(f"{API}/people"), 403)
    _json_error(Client().get(f"{API}/people"), 401)
    _json_error(specialist.get(f"{API}/no-such-route"), 404)
    _json_error(specialist.get(f"{API}/organizations/{tree.committee_b.pk + 1000}"), 404)


def test_every_operation_declares_every_error_it_may_answer():
    schema = api.get_openapi_schema()
    assert "ErrorOut" in schema["components"]["schemas"]
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            declared = set(operation["responses"])
            assert {"400", "401", "403", "404", "422"} <= declared, (method, path)


def test_a_method_a_route_lacks_is_a_json_405_that_names_the_allowed_ones(officer_api):
    response = officer_api.delete(f"{API}/documents")
    body = _json_error(response, 405)
    assert body["detail"] == "Method Not Allowed"
    assert "GET" in response["Allow"]


def test_a_refused_csrf_check_under_the_api_is_json_too(alice: User):  # type: ignore[no-untyped-def]
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    response = client.post(f"{API}/no-such-route", {"x": "1"})
    _json_error(response, 403)
