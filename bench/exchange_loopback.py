"""Exchange between two installations on loopback (issue 9): the Bloc's installation (A)
delivers released resolutions to the provincial committee's (B), a production server
(gunicorn, `make serve`'s workers) on its own PostgreSQL database, over HTTP on 127.0.0.1.

Each delivery is A's outbox message as the worker runs it (`outbox_deliver_message`): build
the edXML package with the sealed PDF, sign it with the Bloc's seal (detached CMS), POST it
to B's inbox, which checks size, DTD, schema and the signature against the Bloc's CA and
keeps it once, then A records it delivered. Baseline, in the same run and interleaved: the
same bytes and signature header POSTed by the same client (`post_signed`) to a bare endpoint
of the same server (`POST /bench/bare-receive`: Django reads the body and answers 202). Target:
at least half the bare endpoint's packages per second (ratio of times at most 2).

Both databases are made afresh for each run (`<bench database>_loop_a` and `_loop_b`, copies
of the migrated bench database), each side seeded as the two-installation test seeds them
(`partydesk/exchange/tests/loopback_side.py`) and trusting the other's CA. A runs in a
`manage.py shell` of its own, so its settings (files, HTTP to loopback) are its own.
"""

from __future__ import annotations

import cProfile
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg
from django.db import connection
from psycopg import sql

from bench import exchange_profile
from bench.contests_live import ROOT, production_server
from bench.harness import Context, Result, percentile

TITLE = "exchange: delivery between two installations on loopback"
PACKAGES = 60
PACKAGES_QUICK = 12
TARGET = 2.0  # time per package at most twice the bare POST's: at least 0.5x its rate
SIDE = "from partydesk.exchange.tests.loopback_side import *; "


def run(ctx: Context) -> list[Result]:
    count = PACKAGES_QUICK if ctx.quick else PACKAGES
    url = connection.settings_dict
    base = f"postgres://{url['USER']}@{url['HOST']}:{url['PORT']}/{url['NAME']}"
    with tempfile.TemporaryDirectory() as tmp:
        a, b = _Side("a", base, Path(tmp)), _Side("b", base, Path(tmp))
        _databases(a, b)
        cas = Path(tmp) / "a-ca.pem", Path(tmp) / "b-ca.pem"
        a.call(f"setup('bloc', '{cas[0]}')")
        b.call(f"setup('province', '{cas[1]}')")
        with production_server(**b.env) as server:
            b_url = f"http://127.0.0.1:{server.port}/"
            a.manage("exchange_peer_add", "--name", "Tỉnh ủy", "--url", b_url,
                     "--organ-id", "000.00.00.H40", "--ca", str(cas[1]))  # fmt: skip
            b.manage("exchange_peer_add", "--name", "Đảng ủy Khối", "--url", "http://127.0.0.1:9/",
                     "--organ-id", "000.00.01.H40", "--ca", str(cas[0]))  # fmt: skip
            figures = a.call(
                f"from bench.exchange_loopback import side_a; side_a({count}, '{b_url}')",
                prefix="",
            )
            held = b.call(
                "delivered_count()", prefix=SIDE + "from bench.exchange_loopback import *; "
            )
            if exchange_profile.directory():
                _profile(a, b, count)
    subject, baseline = figures["subject"], figures["baseline"]
    ctx.fact(
        "Packages",
        f"{count} signed resolutions of {figures['bytes'] // 1024} KiB each; B holds "
        f"{held['held']} (each once)",
    )
    if held["held"] != count:
        raise RuntimeError(f"B holds {held['held']} packages, expected {count}")
    rate = 1000 / percentile(subject, 0.5)
    ctx.fact(
        "Packages per second",
        f"{rate:.1f} one at a time (bare POST {1000 / percentile(baseline, 0.5):.1f})",
    )
    result = Result(
        name="package from A's outbox to B's inbox (build, sign, POST, check, keep)",
        baseline="raw POST of the same bytes to a bare endpoint",
        ratio=percentile(subject, 0.5) / percentile(baseline, 0.5),
        target=TARGET,
        p50_ms=percentile(subject, 0.5),
        p99_ms=percentile(subject, 0.99),
        baseline_p50_ms=percentile(baseline, 0.5),
        baseline_p99_ms=percentile(baseline, 0.99),
        iterations=len(subject),
        note=f"{1 / (percentile(subject, 0.5) / percentile(baseline, 0.5)):.2f}x the bare rate",
    )
    ctx.log(
        f"  {result.name}: p50 {result.p50_ms:.1f} ms; bare p50 {result.baseline_p50_ms:.1f} ms"
        f" -> x{result.ratio:.2f}"
    )
    return [result]


def _profile(a: _Side, b: _Side, count: int) -> None:
    """Stages of B's inbox (exchange_profile): A builds and signs `count` more packages, B's
    shell takes them through its inbox view under cProfile; both sides' output logged."""
    out = exchange_profile.directory()
    prefix = "from bench.exchange_profile import *; "
    a.manage("shell", "-c", f"{prefix}side_a_packages({count}, '{out}')")
    b.manage("shell", "-c", f"{prefix}side_b_profile('{out}')")


class _Side:
    """One installation: its database, files and environment."""

    def __init__(self, name: str, base: str, tmp: Path) -> None:
        self.url = f"{base}_loop_{name}"
        directory = tmp / name
        directory.mkdir()
        self.env = {
            "DATABASE_URL": self.url,
            "PARTYDESK_MEDIA_ROOT": str(directory / "media"),
            "PARTYDESK_AUDIT_CHECKPOINT_DIR": str(directory / "audit"),
            "PARTYDESK_EXCHANGE_ALLOW_HTTP_LOOPBACK": "1",
            "PARTYDESK_CACHE": "database",  # as production (the servers and the shells)
            "PARTYDESK_PADES_SEAL_LEVEL": "B-T",
            # The production queue (a job is a row; no worker runs it during the bench).
            "PARTYDESK_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        }

    def manage(self, *args: str) -> str:
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", **self.env}
        done = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
        )
        if done.returncode != 0:
            raise RuntimeError(f"{args!r} failed:\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def call(self, code: str, *, prefix: str = SIDE) -> Any:
        """Run `code` in this installation's shell; its last JSON line."""
        out = self.manage("shell", "-c", prefix + code)
        lines = [line for line in out.splitlines() if line.startswith("{")]
        return json.loads(lines[-1]) if lines else None


def _databases(a: _Side, b: _Side) -> None:
    """Both afresh, as copies of the bench database this run has just migrated (a migrate of
    its own takes minutes on a loaded machine); the seeding then adds each side's rows."""
    template = connection.settings_dict["NAME"]
    connection.close()  # a template database must have no other session
    admin = urlunsplit(urlsplit(a.url)._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        for side in (a, b):
            name = sql.Identifier(urlsplit(side.url).path.lstrip("/"))
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
            conn.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(name, sql.Identifier(template))
            )
    a.manage("createcachetable")
    b.manage("createcachetable")


def side_a(count: int, peer_url: str) -> None:
    """In A's shell: release `count` signed resolutions to the province with their POSTs held
    back, then deliver each through the outbox, timed, interleaved with a raw POST of the same
    bytes to B's bare endpoint. Prints the milliseconds of both."""
    from partydesk.core.models import OutboxMessage
    from partydesk.core.services import outbox
    from partydesk.core.services.files import file_read
    from partydesk.exchange.models import OutgoingPackage, Transfer
    from partydesk.exchange.services.send import REMOTE_DELIVERY, post_signed

    deliver_now = outbox.outbox_deliver_message
    releases_held(count, "về công tác chuyển đổi số")
    messages = list(OutboxMessage.objects.filter(kind=REMOTE_DELIVERY).order_by("pk"))
    profile_to = exchange_profile.directory()
    profile = cProfile.Profile()
    if profile_to:
        deliver_now = exchange_profile.profiled(deliver_now, profile)
    subject: list[float] = []
    baseline: list[float] = []
    size = 0
    for message in messages:
        started = time.perf_counter()
        deliver_now(message.pk)
        subject.append((time.perf_counter() - started) * 1000)
        package = OutgoingPackage.objects.get(
            document_id=message.payload["document"], business_type=0
        )
        if package.transfer != Transfer.DELIVERED:
            raise RuntimeError(
                f"not delivered: {package.transfer_error} {package.transfer_problems}"
            )
        assert package.package is not None and package.signature is not None
        data = file_read(package.package)
        size = len(data)
        started = time.perf_counter()
        status, _answer = post_signed(
            f"{peer_url}bench/bare-receive", data, bytes(package.signature)
        )
        baseline.append((time.perf_counter() - started) * 1000)
        if status != 202:
            raise RuntimeError(f"the bare endpoint answered {status}")
    if profile_to:
        exchange_profile.stages(
            profile, exchange_profile.STAGES_A, len(messages), Path(profile_to, "a.txt")
        )
    print(json.dumps({"subject": subject, "baseline": baseline, "bytes": size}))


def releases_held(count: int, subject: str) -> None:
    """In A's shell: the Bloc releases `count` resolutions to the province, their outbox
    messages written but not delivered (the POSTs after the commit held back)."""
    from partydesk.core.services import outbox
    from partydesk.exchange.tests import loopback_side

    deliver_now = outbox.outbox_deliver_message
    outbox.outbox_deliver_message = lambda pk, **kwargs: outbox.DeliveryReport()  # type: ignore[assignment]
    try:
        for n in range(count):
            loopback_side.release(f"{subject}, đợt {n + 1}")
    finally:
        outbox.outbox_deliver_message = deliver_now  # type: ignore[assignment]


def delivered_count() -> None:
    """In B's shell: how many packages the inbox holds, and that none is held twice."""
    from partydesk.exchange.models import DeliveredPackage

    held = DeliveredPackage.objects.count()
    distinct = DeliveredPackage.objects.values("edxml_document_id").distinct().count()
    print(json.dumps({"held": held if held == distinct else -held}))
