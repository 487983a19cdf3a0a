"""Signing asks the signer for a fresh second-factor code (step-up), not only a click."""

from __future__ import annotations

import pytest
from django.urls import reverse

from partydesk.accounts.models import User
from partydesk.accounts.services.two_factor import two_factor_check
from partydesk.accounts.tests.factories import totp_code, verified_client
from partydesk.documents.models import Document, Status
from partydesk.documents.services.outgoing import outgoing_submit, review_decide
from partydesk.documents.tests.test_outgoing_views import _draft_for

pytestmark = pytest.mark.django_db


def _approved(office):  # type: ignore[no-untyped-def]
    document = _draft_for(office)
    outgoing_submit(actor=office.specialist, document=document)
    for reviewer in (office.head, office.chief, office.secretary):
        review_decide(actor=reviewer, document=document, decision="approve")
    return document


def _status(document: Document) -> str:
    return str(Document.objects.get(pk=document.pk).status)


def test_the_secretary_signs_with_the_code_her_app_shows_now(office_a, signing):
    signing(people=[office_a.secretary], organizations=[office_a.organization])
    document = _approved(office_a)
    page = verified_client(office_a.secretary).get(reverse("documents:detail", args=[document.pk]))
    assert 'name="code"' in page.content.decode()
    response = verified_client(office_a.secretary).post(
        reverse("documents:sign", args=[document.pk]), {"code": totp_code(office_a.secretary)}
    )
    assert response.status_code == 302, response.context["refusals"]
    assert _status(document) == Status.SIGNED


def test_without_a_code_nothing_is_signed_and_she_is_asked_for_it(office_a):
    document = _approved(office_a)
    response = verified_client(office_a.secretary).post(
        reverse("documents:sign", args=[document.pk]), {"code": ""}
    )
    assert response.status_code == 400
    assert "signing asks for it" in response.content.decode()
    assert _status(document) == Status.APPROVED


def test_a_wrong_code_signs_nothing(office_a):
    document = _approved(office_a)
    wrong = "000000" if totp_code(office_a.secretary) != "000000" else "111111"
    response = verified_client(office_a.secretary).post(
        reverse("documents:sign", args=[document.pk]), {"code": wrong}
    )
    assert response.status_code == 400
    assert "The code is not correct" in response.content.decode()
    assert _status(document) == Status.APPROVED


def test_the_code_just_used_to_log_in_cannot_sign_again(office_a):
    document = _approved(office_a)
    code = totp_code(office_a.secretary)
    two_factor_check(user=office_a.secretary, code=code)  # her login's second factor
    response = verified_client(office_a.secretary).post(
        reverse("documents:sign", args=[document.pk]), {"code": code}
    )
    assert response.status_code == 400
    assert "already used" in response.content.decode()
    assert _status(document) == Status.APPROVED


def test_the_error_is_in_vietnamese_for_a_vietnamese_session(office_a, settings):
    document = _approved(office_a)
    client = verified_client(office_a.secretary)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    response = client.post(reverse("documents:sign", args=[document.pk]), {"code": ""})
    assert response.status_code == 400
    assert "ký văn bản cần mã này" in response.content.decode()


def test_someone_without_a_second_factor_is_told_to_turn_it_on_first(office_a):
    document = _approved(office_a)
    # A specialist's role does not force two-factor login, so he may have none.
    User.objects.filter(pk=office_a.specialist.pk).update(totp_secret="", totp_confirmed_at=None)
    response = verified_client(office_a.specialist).post(
        reverse("documents:sign", args=[document.pk]), {"code": "123456"}
    )
    assert response.status_code == 400
    assert "Turn on two-factor login on your account page first" in response.content.decode()
    assert _status(document) == Status.APPROVED
