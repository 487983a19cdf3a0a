"""The self-hosted check shown when an address goes over its limit on the public forms
(issue 12, anti-abuse; ADR 0026): a small sum to work out, no outside CAPTCHA service.

The page gets the question and a signed token holding a random nonce and a keyed digest of
the answer (never the answer itself); the token lives five minutes and lets one request
through once (its nonce is spent in the shared cache), so a solved check cannot be
replayed to lift the limit."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.core import signing
from django.core.cache import cache
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

SALT = "partydesk.contests.challenge"
MAX_AGE = 300


@dataclass(frozen=True)
class Challenge:
    question: str
    token: str


def _digest(nonce: str, answer: str) -> str:
    return salted_hmac(SALT, f"{nonce}:{answer}").hexdigest()


def challenge_issue() -> Challenge:
    """A new sum to work out, with its token."""
    a, b = 10 + secrets.randbelow(80), 1 + secrets.randbelow(9)
    nonce = secrets.token_urlsafe(12)
    token = signing.TimestampSigner(salt=SALT).sign(f"{nonce}:{_digest(nonce, str(a + b))}")
    return Challenge(_("How much is %(a)d + %(b)d?") % {"a": a, "b": b}, token)


def challenge_passed(token: str, answer: str) -> bool:
    """True once for a fresh token and its right answer; False otherwise (and for ever
    after for that token)."""
    try:
        value = signing.TimestampSigner(salt=SALT).unsign(token[:300], max_age=MAX_AGE)
    except signing.BadSignature:
        return False
    nonce, _sep, digest = value.partition(":")
    given = answer.strip()[:10]
    if not given.isdigit() or not constant_time_compare(digest, _digest(nonce, str(int(given)))):
        return False
    return bool(cache.add(f"partydesk:challenge:{nonce}", 1, MAX_AGE + 60))
