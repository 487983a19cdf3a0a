"""Error pages keep the product's look and tell people what to do next."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_missing_page_keeps_the_shell_and_points_back(alice_client):
    response = alice_client.get("/no-such-page/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "We cannot find this page" in html
    assert 'id="sidenav"' in html
    assert f'href="{reverse("core:dashboard")}"' in html


def test_a_forbidden_page_says_why_and_what_to_do(alice):
    request = RequestFactory().get("/")
    request.user = alice

    html = render_to_string("403.html", request=request)

    assert "You do not have access to this page" in html
    assert "switch in the top bar" in html


def test_an_expired_form_explains_itself():
    client = Client(enforce_csrf_checks=True)

    response = client.post(reverse("set_language"), {"language": "vi"})

    assert response.status_code == 403
    assert "The form had expired" in response.content.decode()


def test_the_server_error_page_needs_no_context_and_speaks_both_languages():
    html = render_to_string("500.html")

    assert "Đã có lỗi trên máy chủ" in html
    assert "Something went wrong on the server" in html
