"""Our RFC 3161 time-stamp authority, over HTTP and as the TSA of B-T signatures."""

from __future__ import annotations

import hashlib
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from asn1crypto import algos, core, tsp

from partydesk.signatures import authority
from partydesk.signatures.errors import SigningError
from partydesk.signatures.pdf.tsa import TSA_POLICY_OID
from partydesk.signatures.selectors import pdf_validate
from partydesk.signatures.services import pdf_sign_personal

pytestmark = pytest.mark.django_db


def _request(data: bytes, algorithm: str = "sha256", nonce: int = 7) -> bytes:
    return tsp.TimeStampReq(
        {
            "version": 1,
            "message_imprint": {
                "hash_algorithm": algos.DigestAlgorithm({"algorithm": algorithm}),
                "hashed_message": hashlib.new(algorithm, data).digest(),
            },
            "nonce": nonce,
            "cert_req": True,
        }
    ).dump()


def test_the_tsa_answers_an_rfc3161_request_without_login(ca, client):
    response = client.post(
        "/signatures/tsa", _request(b"document"), content_type="application/timestamp-query"
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/timestamp-reply"
    reply = tsp.TimeStampResp.load(response.content)
    assert reply["status"]["status"].native == "granted"
    info = reply["time_stamp_token"]["content"]["encap_content_info"]["content"].parsed
    assert info["policy"].dotted == TSA_POLICY_OID
    assert info["nonce"].native == 7
    assert info["message_imprint"]["hashed_message"].native == hashlib.sha256(b"document").digest()
    subjects = [
        c.chosen.subject.human_friendly
        for c in reply["time_stamp_token"]["content"]["certificates"]
    ]
    assert any("Time-Stamp Authority" in s for s in subjects)


@pytest.mark.parametrize(
    ("body", "failure"),
    [(b"not asn.1 at all", "bad_data_format"), (_request(b"x", algorithm="md5"), "bad_alg")],
    ids=["garbage", "md5"],
)
def test_the_tsa_rejects_bad_requests_with_a_reason(ca, client, body, failure):
    response = client.post("/signatures/tsa", body, content_type="application/timestamp-query")
    # RFC 3161: a rejection is a TimeStampResp with a status and no token
    outer = core.Sequence.load(response.content)
    status = tsp.PKIStatusInfo.load(outer.children[0].dump() if outer.children else outer.contents)
    assert status["status"].native == "rejection"
    assert failure in status["fail_info"].native


def test_the_tsa_wants_the_timestamp_content_type_and_post(ca, client):
    assert client.post("/signatures/tsa", b"x", content_type="text/plain").status_code == 415
    assert client.get("/signatures/tsa").status_code == 405


def test_before_ca_init_the_tsa_says_it_is_not_set_up(db, client):
    response = client.post(
        "/signatures/tsa", _request(b"x"), content_type="application/timestamp-query"
    )
    assert response.status_code == 503


@pytest.fixture
def external_tsa(ca):  # type: ignore[no-untyped-def]
    """Another installation's TSA on a loopback port (a plain HTTP server thread)."""
    authority_obj = authority.tsa_authority()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            reply = authority_obj.respond(body)
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, *args: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/tsa"
    server.shutdown()


def test_signatures_can_use_an_external_tsa_url(signer, pdf_bytes, external_tsa, settings):
    """PARTYDESK_TSA_URL: time-stamps fetched over real HTTP (RFC 3161 transport)."""
    settings.PARTYDESK_TSA_URL = external_tsa

    signed = pdf_sign_personal(actor=signer, pdf=pdf_bytes)

    sig = pdf_validate(pdf=signed).signatures[0]
    assert sig.ok and sig.level == "B-T" and sig.timestamp_trusted


def test_an_unreachable_tsa_is_a_clear_signing_error(signer, pdf_bytes, settings):
    settings.PARTYDESK_TSA_URL = "http://127.0.0.1:9/tsa"
    with pytest.raises(SigningError, match="unreachable"):
        pdf_sign_personal(actor=signer, pdf=pdf_bytes)
