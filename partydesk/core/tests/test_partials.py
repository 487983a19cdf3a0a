"""The shared partials render what pages give them, keyboard- and screen-reader-friendly."""

from __future__ import annotations

import re

import pytest
from django import forms
from django.core.paginator import Paginator
from django.http import HttpRequest
from django.template import Context, RequestContext, Template
from django.test import RequestFactory
from django.urls import reverse


def render(source: str, request: HttpRequest | None = None, **context: object) -> str:
    template = Template("{% load i18n %}" + source)
    if request is not None:
        return template.render(RequestContext(request, context))
    return template.render(Context(context))


def test_pagination_keeps_the_other_query_parameters():
    request = RequestFactory().get("/people/", {"q": "Nguyễn", "status": "official", "page": "2"})
    page = Paginator(list(range(95)), 20).page(2)

    html = render('{% include "partials/pagination.html" %}', page=page, request=request)

    assert "21–40 of 95" in html
    assert 'href="?q=Nguy%E1%BB%85n&amp;status=official&amp;page=3"' in html
    assert 'href="?q=Nguy%E1%BB%85n&amp;status=official&amp;page=1"' in html
    assert "Page 2 of 5" in html


def test_pagination_on_the_first_page_disables_going_back():
    request = RequestFactory().get("/people/")
    page = Paginator(list(range(45)), 20).page(1)

    html = render('{% include "partials/pagination.html" %}', page=page, request=request)

    assert 'aria-disabled="true">First' in html
    assert 'rel="next"' in html


def test_a_single_page_only_says_how_many():
    request = RequestFactory().get("/people/")
    page = Paginator(list(range(7)), 20).page(1)

    html = render('{% include "partials/pagination.html" %}', page=page, request=request)

    assert "7 items" in html
    assert "<nav" not in html


def test_bar_chart_draws_bars_in_five_percent_steps():
    rows = [("Đảng bộ Sở Y tế", 412, 100), ("Chi bộ Sở Tư pháp", 38, 9.2), ("Trống", 0, 0)]

    html = render('{% include "partials/bar_chart.html" %}', rows=rows, title="Đảng viên")

    assert "<figcaption" in html and "Đảng viên" in html
    assert re.findall(r"bar-fill (bar-\d+)", html) == ["bar-20", "bar-2", "bar-0"]
    assert ">412<" in html and ">38<" in html


def test_bar_chart_without_rows_says_so():
    html = render('{% include "partials/bar_chart.html" %}', rows=[])

    assert "No data to chart." in html


class SampleForm(forms.Form):
    title = forms.CharField(label="Title", help_text="As on the document.")
    urgent = forms.BooleanField(label="Urgent", required=False)


def test_a_field_shows_label_help_and_error_tied_to_the_input():
    form = SampleForm(data={"title": ""})
    form.is_valid()

    html = render('{% include "partials/field.html" with field=form.title %}', form=form)

    assert '<label for="id_title">Title<span class="required"' in html
    assert 'id="id_title_helptext"' in html
    assert 'id="id_title_error"' in html
    assert 'aria-describedby="id_title_helptext id_title_error"' in html
    assert 'aria-invalid="true"' in html
    assert "field-invalid" in html


def test_a_checkbox_puts_its_label_after_the_box():
    form = SampleForm()

    html = render('{% include "partials/field.html" with field=form.urgent %}', form=form)

    assert "field-check" in html
    assert html.index('type="checkbox"') < html.index("<label")


def test_empty_state_and_status_tag():
    html = render(
        '{% include "partials/empty_state.html" with title="No documents" action_url="/new" '
        'action_label="Register one" %}{% include "partials/status_tag.html" with tone="warn" '
        'label="Overdue" %}'
    )

    assert "No documents" in html
    assert 'href="/new"' in html
    assert '<span class="tag tag-warn">Overdue</span>' in html


@pytest.mark.django_db
def test_the_shell_is_accessible(alice_client):
    html = alice_client.get(reverse("core:dashboard")).content.decode()

    assert 'class="skip-link" href="#main"' in html
    assert '<main id="main"' in html
    assert 'aria-controls="sidenav" aria-expanded="false"' in html
    assert re.search(r'href="/"\s+aria-current="page"', html)
    assert 'aria-pressed="true"' in html  # the current language
    assert 'id="confirm-dialog"' in html
    assert "style=" not in html and "<script>" not in html  # the CSP forbids inline code


@pytest.mark.django_db
def test_the_language_switch_changes_the_language(alice_client):
    response = alice_client.post(
        reverse("set_language"), {"language": "vi", "next": reverse("core:dashboard")}
    )

    assert response.status_code == 302
    html = alice_client.get(reverse("core:dashboard")).content.decode()
    assert "Chuyển đến nội dung chính" in html


@pytest.mark.django_db
def test_the_patterns_page_shows_every_partial_to_staff(alice, alice_client):
    alice.is_staff = True
    alice.save(update_fields=["is_staff"])

    html = alice_client.get(reverse("core:patterns")).content.decode()

    for marker in ("bar-chart", "pagination", "empty-state", "tag-warn", "field-invalid"):
        assert marker in html
    assert 'data-confirm="Send this document to the 12 cells?"' in html


@pytest.mark.django_db
def test_the_patterns_page_is_hidden_from_other_users(alice_client):
    assert alice_client.get(reverse("core:patterns")).status_code == 404
