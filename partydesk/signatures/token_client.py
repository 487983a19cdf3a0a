"""Reference client for signing on one's own USB token (PKCS#11), against the partydesk API.

    1. POST /api/v1/signatures/token/prepare  (the PDF + the token's certificate)
    2. the token signs the returned signed attributes (the key never leaves the token)
    3. POST /api/v1/signatures/token/<session>/complete  (signature value + certificate)

A browser cannot reach a PKCS#11 token; this is what a local signing agent does. It uses only
the standard library and python-pkcs11, so it can be packaged to run on the signer's PC.
"""

from __future__ import annotations

import base64
import json
import mimetypes
import secrets
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any, Protocol

import pkcs11
from pkcs11 import Attribute, Mechanism, ObjectClass

# DER prefix of DigestInfo for SHA-256 (RFC 8017 §9.2 note 1), for tokens that only sign
# pre-hashed values with CKM_RSA_PKCS.
SHA256_DIGEST_INFO = bytes.fromhex("3031300d060960864801650304020105000420")


class TokenClientError(RuntimeError):
    """Something the person at the token must fix (PIN, token, server answer)."""


class Transport(Protocol):
    def post_form(
        self, path: str, fields: dict[str, str], files: dict[str, tuple[str, bytes]]
    ) -> dict[str, Any]: ...

    def post_json(self, path: str, payload: dict[str, Any]) -> bytes: ...


@dataclass
class HttpTransport:
    """The partydesk API over HTTP(S) with a bearer API token."""

    base_url: str
    api_token: str
    timeout: float = 60

    def _send(self, path: str, body: bytes, content_type: str) -> bytes:
        request = urllib.request.Request(  # noqa: S310 - the operator gives the server URL
            self.base_url.rstrip("/") + path,
            data=body,
            headers={"Content-Type": content_type, "Authorization": f"Bearer {self.api_token}"},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                return bytes(response.read())
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace")[:500]
            raise TokenClientError(f"server answered {exc.code}: {detail}") from exc
        except urllib.error.URLError as exc:
            raise TokenClientError(f"server unreachable: {exc.reason}") from exc

    def post_form(
        self, path: str, fields: dict[str, str], files: dict[str, tuple[str, bytes]]
    ) -> dict[str, Any]:
        boundary = "partydesk" + secrets.token_hex(12)
        parts: list[bytes] = []
        for name, value in fields.items():
            head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
            parts.append(f"{head}{value}\r\n".encode())
        for name, (filename, data) in files.items():
            ctype = mimetypes.guess_type(filename)[0] or "application/octet-stream"
            parts.append(
                (
                    f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                    f'filename="{filename}"\r\nContent-Type: {ctype}\r\n\r\n'
                ).encode()
                + data
                + b"\r\n"
            )
        parts.append(f"--{boundary}--\r\n".encode())
        raw = self._send(path, b"".join(parts), f"multipart/form-data; boundary={boundary}")
        return dict(json.loads(raw))

    def post_json(self, path: str, payload: dict[str, Any]) -> bytes:
        return self._send(path, json.dumps(payload).encode(), "application/json")


@dataclass
class TokenKey:
    """A signing key and its certificate on a PKCS#11 token (a USB token, or SoftHSM)."""

    module: str
    token_label: str
    pin: str
    key_label: str
    cert_label: str = ""  # defaults to key_label

    def _session(self) -> pkcs11.Session:
        try:
            token = pkcs11.lib(self.module).get_token(token_label=self.token_label)
            return token.open(user_pin=self.pin)
        except pkcs11.exceptions.PinIncorrect as exc:
            raise TokenClientError("wrong PIN (tokens lock after a few wrong tries)") from exc
        except (pkcs11.exceptions.NoSuchToken, pkcs11.exceptions.MultipleTokensReturned) as exc:
            raise TokenClientError(f"no single token labelled {self.token_label!r}") from exc

    def certificate(self) -> bytes:
        with self._session() as session:
            for cert in session.get_objects(
                {
                    Attribute.CLASS: ObjectClass.CERTIFICATE,
                    Attribute.LABEL: self.cert_label or self.key_label,
                }
            ):
                return bytes(cert[Attribute.VALUE])
        raise TokenClientError(
            f"no certificate labelled {self.cert_label or self.key_label!r} on the token"
        )

    def sign(self, signed_attributes: bytes, digest: bytes, *, prehashed: bool = False) -> bytes:
        """RSA PKCS#1 v1.5 with SHA-256: hash-and-sign on the token, or (prehashed) sign the
        DigestInfo of the digest the server computed, as some national tokens require."""
        with self._session() as session:
            try:
                key: Any = session.get_key(
                    object_class=ObjectClass.PRIVATE_KEY, label=self.key_label
                )
            except pkcs11.exceptions.NoSuchKey as exc:
                raise TokenClientError(f"no private key labelled {self.key_label!r}") from exc
            if prehashed:
                return bytes(key.sign(SHA256_DIGEST_INFO + digest, mechanism=Mechanism.RSA_PKCS))
            return bytes(key.sign(signed_attributes, mechanism=Mechanism.SHA256_RSA_PKCS))


def sign_pdf_with_token(
    transport: Transport,
    key: TokenKey,
    pdf: bytes,
    *,
    organization_id: int | None = None,
    number_symbol: str = "",
    visible: bool = True,
    prehashed: bool = False,
) -> bytes:
    """The whole round trip; returns the signed PDF."""
    certificate = key.certificate()
    fields = {
        "certificate": base64.b64encode(certificate).decode(),
        "number_symbol": number_symbol,
        "visible": "true" if visible else "false",
    }
    if organization_id is not None:
        fields["organization_id"] = str(organization_id)
    challenge = transport.post_form(
        "/api/v1/signatures/token/prepare", fields, {"file": ("document.pdf", pdf)}
    )
    if challenge.get("digest_algorithm") != "sha256":
        raise TokenClientError(f"unsupported digest {challenge.get('digest_algorithm')}")
    signature = key.sign(
        base64.b64decode(challenge["signed_attributes"]),
        base64.b64decode(challenge["digest"]),
        prehashed=prehashed,
    )
    return transport.post_json(
        f"/api/v1/signatures/token/{challenge['session_id']}/complete",
        {
            "signature": base64.b64encode(signature).decode(),
            "certificate": base64.b64encode(certificate).decode(),
        },
    )
