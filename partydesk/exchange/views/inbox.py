"""The receiving endpoint of the network path: a peer installation POSTs one edXML package
(the body) with its detached CMS signature (base64 DER in X-Edxml-Signature)."""

from __future__ import annotations

import base64
import binascii

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from partydesk.accounts.errors import RateLimited
from partydesk.accounts.services.throttle import throttle_hit
from partydesk.core.middleware import request_ip
from partydesk.exchange.edxml import PackageRefused
from partydesk.exchange.services.inbox import StatusReceived, message_deliver
from partydesk.exchange.services.peers import PackageUntrusted
from partydesk.exchange.services.receive import max_package_bytes

SIGNATURE_HEADER = "HTTP_X_EDXML_SIGNATURE"


def _refused(status: int, *problems: str) -> JsonResponse:
    return JsonResponse({"accepted": False, "problems": list(problems)}, status=status)


@csrf_exempt
@require_POST
def package_inbox(request: HttpRequest) -> JsonResponse:
    try:
        throttle_hit(
            "exchange.inbox",
            request_ip(request) or "",
            limit=settings.PARTYDESK_EXCHANGE_INBOX_RATE_PER_MINUTE,
        )
    except RateLimited as exc:
        response = _refused(429, str(exc.message))
        response["Retry-After"] = str(exc.retry_after)
        return response
    limit = max_package_bytes()
    too_large = _("The package is larger than %(mb)s MB.") % {"mb": limit // (1024 * 1024)}
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return _refused(400, _("The request's length cannot be read."))
    if declared > limit:
        return _refused(413, too_large)
    # Read the stream ourselves: the body's size is this limit's, not the forms' one.
    data = request.read(limit + 1)
    if len(data) > limit:
        return _refused(413, too_large)
    try:
        signature = base64.b64decode(request.META.get(SIGNATURE_HEADER, ""), validate=True)
    except (binascii.Error, ValueError):
        signature = b""
    if not signature:
        return _refused(401, _("The package carries no signature (X-Edxml-Signature)."))
    try:
        delivered = message_deliver(data=data, signature=signature)
    except PackageUntrusted as exc:
        return _refused(403, exc.message)
    except PackageRefused as exc:
        return _refused(422, *exc.problems)
    if isinstance(delivered, StatusReceived):
        answer = {"accepted": True, "status": delivered.code, "duplicate": not delivered.created}
        return JsonResponse(answer, status=202)
    return JsonResponse(
        {
            "accepted": True,
            "package_ids": [row.pk for row in delivered.packages],
            "duplicate": not delivered.created,
        },
        status=202,
    )
