"""The production URLs plus `POST /bench/bare-insert`: the baseline of the answer bench, a
view that inserts one row of the request's JSON into a bench table and answers 200 JSON,
going through Django's whole request path as any ordinary endpoint does; and
`GET /bench/bare-json`, the portal bench's baseline: the same path, no query at all."""

from __future__ import annotations

import json

from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.urls import URLPattern, URLResolver, path
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from config.urls import urlpatterns as production

BARE_TABLE = "bench_bare_answer"
BARE_JSON = "/bench/bare-json"


@csrf_exempt
@require_POST
def bare_insert(request: HttpRequest) -> JsonResponse:
    data = json.loads(request.body)
    answer = data["answers"][0]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {BARE_TABLE} (token, slot, chosen, seq, saved_at)"
            " VALUES (%s, %s, %s, %s, %s)",
            [
                data["token"],
                answer["slot"],
                json.dumps(answer["chosen"]),
                answer["seq"],
                timezone.now(),
            ],
        )
    return JsonResponse({"saved": [[answer["slot"], answer["seq"]]]})


@require_GET
def bare_json(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"ok": True, "at": timezone.now().isoformat()})


urlpatterns: list[URLPattern | URLResolver] = [
    path("bench/bare-insert", bare_insert),
    path(BARE_JSON.lstrip("/"), bare_json),
    *production,
]
