"""The self-hosted check past an address's limit on the public forms: not shown below the
limit; over it, a wrong answer or a replayed token is refused and the right answer lets
one request through."""

from __future__ import annotations

import re
import time
from unittest import mock

import pytest
from django.test import Client

from partydesk.contests.models import Registration
from partydesk.contests.services.challenge import MAX_AGE, challenge_issue, challenge_passed
from partydesk.contests.tests.test_registration import contest, form  # noqa: F401

pytestmark = pytest.mark.django_db


def solve(html: str) -> tuple[str, str]:
    """(token, right answer) read from the page, as a person would."""
    a, b = re.search(r'for="id_challenge_answer">\D*(\d+) \+ (\d+)', html).groups()  # type: ignore[union-attr]
    token = re.search(r'name="challenge_token" value="([^"]+)"', html).group(1)  # type: ignore[union-attr]
    return token, str(int(a) + int(b))


def test_past_the_limit_the_check_is_shown_and_lets_one_request_through(
    contest,  # noqa: F811
    settings,
) -> None:
    settings.PARTYDESK_CONTESTS_REGISTER_RATE_PER_MINUTE = 1
    client = Client()
    url = f"/contests/{contest.pk}/register/"
    assert "challenge_token" not in client.get(url).content.decode()
    assert client.post(url, form(contest, id_number="001190012340")).status_code == 201
    refused = client.post(url, form(contest, id_number="001190012341"))
    assert refused.status_code == 429 and "001190012341" in refused.content.decode()
    token, right = solve(refused.content.decode())
    wrong = client.post(
        url,
        {
            **form(contest, id_number="001190012341"),
            "challenge_token": token,
            "challenge_answer": str(int(right) + 1),
        },
    )
    assert wrong.status_code == 429 and "challenge_token" in wrong.content.decode()
    data = {
        **form(contest, id_number="001190012341"),
        "challenge_token": token,
        "challenge_answer": right,
    }
    assert client.post(url, data).status_code == 201
    data["id_number"] = "001190012342"
    again = client.post(url, data)  # the same token a second time
    assert again.status_code == 429
    assert Registration.objects.count() == 2


def test_a_forged_altered_or_old_token_does_not_pass() -> None:
    challenge = challenge_issue()
    a, b = re.search(r"(\d+) \+ (\d+)", challenge.question).groups()  # type: ignore[union-attr]
    right = str(int(a) + int(b))
    assert not challenge_passed(challenge.token + "x", right)
    assert not challenge_passed("nonce:digest:sig", right)
    assert not challenge_passed(challenge.token, "<script>")
    with mock.patch("time.time", return_value=time.time() + MAX_AGE + 1):
        assert not challenge_passed(challenge.token, right)
    assert challenge_passed(challenge.token, right)
    assert not challenge_passed(challenge.token, right)  # spent
