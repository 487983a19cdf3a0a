"""Acceptance of issue 9 between two real installations on loopback: two gunicorn processes,
each with its own SQLite database, files and CA, each trusting the other's root CA. The Bloc
(A) releases a signed resolution to the provincial committee (B); B's inbox holds it once,
its PDF is the signed one, B's clerk registers it and A sees 01 then 03. Then B is stopped,
A releases another, and when B is back the outbox worker delivers it exactly once and the
status comes back.

Runs once per CI run (marker `installations`, skipped like browser tests on the PostgreSQL
pass); about 45 s, most of it one `migrate` that the module's tests share, on a quiet
machine. The second test recalls and replaces across the two installations.

What each side does runs in one Python process per installation that stays up for the test
(`Installation.call`): a fresh `manage.py shell` per step spent about 3 s starting Django, a
minute and a half of the module's time."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from partydesk.exchange.tests.loopback_side import BLOC, PROVINCE

pytestmark = pytest.mark.installations

ROOT = Path(settings.BASE_DIR)


# One installation's side, kept up between steps: each stdin line is JSON-encoded code; the
# reply is one JSON line with what it printed and the trace if it failed. After each step the
# database connection is closed and the caches cleared, as a process of its own would start.
SESSION = """
import contextlib, io, json, sys, traceback
import django
django.setup()
from django.core.cache import caches
from django.db import connections
namespace = {}
exec("from partydesk.exchange.tests.loopback_side import *", namespace)
for line in sys.stdin:
    printed, error = io.StringIO(), ""
    try:
        with contextlib.redirect_stdout(printed):
            exec(json.loads(line), namespace)
    except BaseException:
        error = traceback.format_exc()
    finally:
        connections.close_all()
        for cache in caches.all():
            cache.clear()
    sys.__stdout__.write(json.dumps({"printed": printed.getvalue(), "error": error}) + "\\n")
    sys.__stdout__.flush()
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Installation:
    """One partydesk: its directory (database, files, audit checkpoints), port and server."""

    def __init__(self, name: str, base: Path) -> None:
        self.name = name
        self.dir = base / name
        self.dir.mkdir()
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.database = self.dir / "partydesk.sqlite3"
        self.server: subprocess.Popen[bytes] | None = None
        self.session: subprocess.Popen[str] | None = None
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PARTYDESK_", "DATABASE"))}
        self.env = {
            **env,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": f"sqlite:///{self.database}",
            "PARTYDESK_MEDIA_ROOT": str(self.dir / "media"),
            "PARTYDESK_AUDIT_CHECKPOINT_DIR": str(self.dir / "audit"),
            "PARTYDESK_CACHE": "locmem",
            "PARTYDESK_SITE_URL": self.url.rstrip("/"),
            "PARTYDESK_EXCHANGE_ALLOW_HTTP_LOOPBACK": "1",
            "PARTYDESK_OUTBOX_BACKOFF_SECONDS": "1",
            "PARTYDESK_PADES_SEAL_LEVEL": "B-T",
            "PARTYDESK_EXCHANGE_SEND_TIMEOUT_SECONDS": "10",
        }

    def run(self, *args: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def call(self, code: str) -> Any:
        """Run `code` (loopback_side functions) in this installation's side process; the
        last JSON line it printed."""
        if self.session is None:
            self.session = subprocess.Popen(
                [sys.executable, "-c", SESSION],
                cwd=ROOT,
                env={**self.env, "PYTHONUNBUFFERED": "1"},
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )
        assert self.session.stdin is not None and self.session.stdout is not None
        self.session.stdin.write(json.dumps(code) + "\n")
        self.session.stdin.flush()
        reply = self.session.stdout.readline()
        assert reply, f"{self.name}'s side process ended (exit {self.session.poll()})"
        result = json.loads(reply)
        assert not result["error"], f"{code}\n{result['error']}"
        lines = [line for line in result["printed"].splitlines() if line.startswith("{")]
        return json.loads(lines[-1]) if lines else None

    def close(self) -> None:
        self.stop()
        if self.session is not None:
            assert self.session.stdin is not None
            self.session.stdin.close()
            self.session.wait(timeout=30)
            self.session = None

    def start(self) -> None:
        self.launch()
        self.wait_ready()

    def launch(self) -> None:
        log = (self.dir / "server.log").open("ab")
        self.server = subprocess.Popen(
            [
                *(sys.executable, "-m", "gunicorn", "config.wsgi"),
                *("--bind", f"127.0.0.1:{self.port}", "--workers", "1", "--threads", "4"),
            ],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=log,
        )

    def wait_ready(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"{self.url}exchange/inbox/", timeout=2)  # noqa: S310
            except urllib.error.HTTPError:
                return  # 405: Django answers
            except OSError:
                time.sleep(0.2)
        raise AssertionError(f"{self.name} did not start: {(self.dir / 'server.log').read_text()}")

    def stop(self) -> None:
        if self.server is not None:
            self.server.terminate()
            self.server.wait(timeout=15)
            self.server = None


def finish(process: subprocess.Popen[str]) -> Any:
    out, err = process.communicate(timeout=600)  # a loaded machine: migrate alone can take minutes
    assert process.returncode == 0, f"{process.args!r}\n{out}\n{err}"
    lines = [line for line in out.splitlines() if line.startswith("{")]
    return json.loads(lines[-1]) if lines else None


@pytest.fixture(scope="module")
def migrated(tmp_path_factory):  # type: ignore[no-untyped-def]
    """One migrated database for the module's tests to copy: `migrate` is most of their time."""
    template = Installation("template", tmp_path_factory.mktemp("installations"))
    finish(template.run("migrate", "--noinput"))
    return template.database


@pytest.fixture
def installations(tmp_path, migrated):  # type: ignore[no-untyped-def]
    bloc, province = Installation("bloc", tmp_path), Installation("province", tmp_path)
    shutil.copy(migrated, bloc.database)  # the same schema for both: migrated once
    shutil.copy(migrated, province.database)
    bloc_ca, province_ca = tmp_path / "bloc-ca.pem", tmp_path / "province-ca.pem"
    bloc.call(f"setup('bloc', '{bloc_ca}')")
    province.call(f"setup('province', '{province_ca}')")
    trusts = [
        bloc.run(
            "exchange_peer_add",
            "--name",
            "Tỉnh ủy",
            "--url",
            province.url,
            "--organ-id",
            PROVINCE,
            "--ca",
            str(province_ca),
        ),
        province.run(
            "exchange_peer_add",
            "--name",
            "Đảng ủy Khối",
            "--url",
            bloc.url,
            "--organ-id",
            BLOC,
            "--ca",
            str(bloc_ca),
        ),
    ]
    for process in trusts:
        finish(process)
    bloc.launch()
    province.launch()
    bloc.wait_ready()
    province.wait_ready()
    yield bloc, province
    bloc.close()
    province.close()


def test_two_installations_exchange_a_signed_resolution_and_its_statuses(installations):
    bloc, province = installations
    # When the Bloc releases a signed resolution to the provincial committee
    sent = bloc.call("release('về chuyển đổi số trong các cơ quan đảng')")
    # Then it crossed to the province's inbox, once, and the PDF inside is the signed one
    assert sent["transfer"] == "delivered", sent
    assert sent["document_id"].startswith(f"{BLOC},")
    inbox = province.call("delivered()")["delivered"]
    assert [row["document_id"] for row in inbox] == [sent["document_id"]]
    assert sent["number"] in inbox[0]["text"] and "chuyển đổi số" in inbox[0]["text"]
    # When the province's worker runs (01) and its clerk registers the package (03)
    province.call("worker()")
    assert bloc.call(f"statuses({sent['document']})")["statuses"] == ["01"]
    assert province.call(f"register('{sent['document_id']}')")["created"] is True
    # Then the Bloc sees 01 then 03
    assert bloc.call(f"statuses({sent['document']})")["statuses"] == ["01", "03"]

    # When the province is down while the Bloc releases another resolution
    province.stop()
    second = bloc.call("release('về công tác kiểm tra, giám sát năm 2027')")
    assert second["transfer"] == "retrying" and "Connection refused" in second["error"], second
    # And the province comes back and the Bloc's worker runs after the backoff
    province.start()
    time.sleep(1.2)
    assert bloc.call("worker()")["delivered"] == 1
    # Then the province holds it exactly once, and its 01 comes back
    inbox = province.call("worker(); delivered()")["delivered"]
    assert [row["document_id"] for row in inbox].count(second["document_id"]) == 1
    assert len(inbox) == 2
    after = bloc.call(f"worker(); statuses({second['document']})")
    assert after["transfer"] == "delivered" and after["statuses"] == ["01"]
    # And the worker did not send it twice (its second run found nothing due)
    assert len(province.call("delivered()")["delivered"]) == 2


def test_a_recall_and_a_replacement_cross_to_the_other_installation(installations):
    bloc, province = installations
    # Given a resolution the province registered
    sent = bloc.call("release('về sắp xếp bộ máy')")
    assert sent["transfer"] == "delivered", sent
    province.call(f"worker(); register('{sent['document_id']}')")
    # When the Bloc recalls it
    recall = bloc.call(f"business({sent['document']}, 1, 'Ban hành sai thẩm quyền.')")
    assert recall["transfer"] == "delivered", recall
    assert bloc.call(f"statuses({sent['document']}, 1)")["statuses"] == ["13"]
    # And the province's worker applies it
    province.call("worker()")
    # Then the province's copy is cancelled, out of the queue, its history kept
    copy = province.call(f"copy('{sent['document_id']}')")
    assert copy["status"] == "cancelled" and not copy["open"], copy
    assert copy["history"][-1] == "recalled" and len(copy["history"]) > 1, copy
    assert copy["answers"] == [[1, "15", ""]]
    # And the Bloc sees 13 then 15
    assert bloc.call(f"statuses({sent['document']}, 1)")["statuses"] == ["13", "15"]
    # And running both workers again changes nothing (delivered once, answered once)
    bloc.call("worker()")
    again = province.call(f"worker(); copy('{sent['document_id']}')")
    assert again["answers"] == [[1, "15", ""]]
    assert bloc.call(f"statuses({sent['document']}, 1)")["statuses"] == ["13", "15"]

    # Given two more resolutions, the second the new version of the first, both registered
    old = bloc.call("release('về công tác cán bộ')")
    new = bloc.call("release('về công tác cán bộ (thay thế)')")
    province.call(f"worker(); register('{old['document_id']}'); register('{new['document_id']}')")
    # When the Bloc replaces the old by the new and the province's worker runs
    replace = bloc.call(f"business({old['document']}, 3, 'Sai số liệu.', {new['document']})")
    assert replace["transfer"] == "delivered", replace
    province.call("worker()")
    # Then the old copy is cancelled, the new one is in force, and the Bloc sees 15
    assert province.call(f"copy('{old['document_id']}')")["status"] == "cancelled"
    assert province.call(f"copy('{new['document_id']}')")["open"] is True
    assert bloc.call(f"statuses({old['document']}, 3)")["statuses"] == ["15"]
