"""Pages get their stylesheet and scripts without a collectstatic step (make run)."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path", ["/static/css/app.css", "/static/js/app.js", "/static/django_htmx/htmx-2.min.js"]
)
def test_static_files_are_served_from_the_source_folders(path: str):
    response = Client().get(path)
    assert response.status_code == 200
    body = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert len(body) > 100
