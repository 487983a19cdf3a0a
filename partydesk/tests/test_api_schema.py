"""Schemathesis fuzzes every API operation against the published OpenAPI schema: no answer
may be a 5xx, and every answer (errors included) must be one the schema declares."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from config.api import api
from partydesk.accounts.models import User
from partydesk.accounts.services.tokens import api_token_create
from partydesk.accounts.tests.factories import grant_role
from partydesk.organizations.tests.factories import make_member

# The budget: examples per operation (14 operations, about 30 s in all on SQLite).
EXAMPLES = int(os.environ.get("PARTYDESK_SCHEMATHESIS_EXAMPLES", "25"))


# The schema the API publishes, bound to the WSGI application in this process.
schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
schema.app = WSGIHandler()


@pytest.fixture
def open_connection(db) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """Like Django's test client, keep the connection open between requests: the test runs
    inside a transaction that closing it would lose."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def officer_token(alice: User, tree) -> str:  # type: ignore[no-untyped-def]
    """alice as membership officer of committee A, with someone on the register."""
    grant_role(alice, "member_officer", tree.committee_a)
    make_member(tree.cell_a1, "Nguyễn Văn Đạt")
    _token, raw = api_token_create(user=alice, name="schemathesis")
    return raw


# The API's answers do not depend on the database's vendor (its queries are the ORM's, tested
# on both by the apps' own API tests): in CI this minute of fuzzing runs in the PostgreSQL pass.
@pytest.mark.one_database("postgresql")
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_answers_what_its_schema_declares(case, officer_token, open_connection):  # type: ignore[no-untyped-def]
    case.call_and_validate(
        headers={"Authorization": f"Bearer {officer_token}"},
        # A well-formed request may still be refused by a business rule (a PDF that is not
        # one, a session that does not exist), and unknown query parameters are ignored, as
        # OpenAPI allows: neither is a 5xx or a violation of the schema.
        excluded_checks=[positive_data_acceptance, negative_data_rejection],
    )
