"""What `make run` does before serving, on a fresh SQLite database in its own process:
migrate, seed the whole demo (every step, at full size), and let the outbox worker deliver
what the demo queued (certificates to seal, recall answers). A step that fails only with the
whole demo's data (a replacement chosen by a rule other than the service's, say) breaks the
README's first command while every step's own test passes: this runs it as users do.

Marked `installations` (its own database and processes): CI runs it once, in the SQLite pass."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]

pytestmark = pytest.mark.installations


def _manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return done.stdout


def test_the_whole_demo_seeds_and_its_queued_work_is_delivered(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}",
        "PARTYDESK_MEDIA_ROOT": str(tmp_path / "media"),
        "PARTYDESK_AUDIT_CHECKPOINT_DIR": str(tmp_path / "audit-checkpoints"),
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    _manage(env, "migrate", "--noinput")
    seeded = _manage(env, "seed_demo", "--once")
    assert "Done in" in seeded and "documents replaced" in seeded
    delivered = _manage(env, "outbox_deliver")
    assert "failed 0" in delivered and "to retry 0" in delivered, delivered
    again = _manage(env, "seed_demo", "--once")  # `make run` a second time: nothing seeded
    assert "Done in" not in again and "partydesk-demo-2026" in again
