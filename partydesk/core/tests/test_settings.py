"""Start-up reads the environment once: a bad value stops it with a message that names the
variable, and production mode turns on every transport protection.

Each story starts a fresh interpreter, because settings are read only at start-up.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[3]
GOOD_SECRET = "k" * 30 + "-production-secret-0123456789"
PRODUCTION = {
    "PARTYDESK_PRODUCTION": "true",
    "PARTYDESK_SECRET_KEY": GOOD_SECRET,
    "PARTYDESK_CA_PASSPHRASE": "a-long-ca-passphrase",
}

READ_SETTINGS = """
import json
from django.conf import settings
print(json.dumps({
    "debug": settings.DEBUG,
    "session_secure": settings.SESSION_COOKIE_SECURE,
    "csrf_secure": settings.CSRF_COOKIE_SECURE,
    "ssl_redirect": settings.SECURE_SSL_REDIRECT,
    "hsts": settings.SECURE_HSTS_SECONDS,
    "proxy_header": settings.SECURE_PROXY_SSL_HEADER,
    "static_storage": settings.STORAGES["staticfiles"]["BACKEND"],
    "engine": settings.DATABASES["default"]["ENGINE"],
    "files": settings.STORAGES["partydesk_files"],
    "email": settings.PARTYDESK_EMAIL_ENABLED,
}))
"""


def start(
    env: dict[str, str], code: str = READ_SETTINGS, *, tmp: Path
) -> subprocess.CompletedProcess[str]:
    """Run `code` in a new interpreter whose environment holds only `env` (plus the basics)."""
    clean = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp),
        "PYTHONPATH": str(BASE_DIR),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": f"sqlite:///{tmp / 'db.sqlite3'}",
        "PARTYDESK_MEDIA_ROOT": str(tmp / "media"),
    }
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, **env},
        cwd=tmp,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"PARTYDESK_DEBUG": "maybe"}, "PARTYDESK_DEBUG must be true or false"),
        ({"PARTYDESK_PRODUCTION": "yes please"}, "PARTYDESK_PRODUCTION must be true or false"),
        ({"PARTYDESK_PRODUCTION": "true"}, "PARTYDESK_SECRET_KEY must be set"),
        (
            {"PARTYDESK_PRODUCTION": "true", "PARTYDESK_SECRET_KEY": "short"},
            "PARTYDESK_SECRET_KEY must be set",
        ),
        (
            {**PRODUCTION, "PARTYDESK_DEBUG": "true"},
            "PARTYDESK_DEBUG must be off when PARTYDESK_PRODUCTION is on",
        ),
        ({"DATABASE_URL": "mysql://user@db.example/partydesk"}, "SQLite or PostgreSQL"),
        ({"DATABASE_URL": "not a url"}, "DATABASE_URL is not a database address"),
        ({"DATABASE_URL": "postgres://127.0.0.1:5432"}, "DATABASE_URL must name a database"),
        ({"PARTYDESK_LOCKOUT_THRESHOLD": "abc"}, "PARTYDESK_LOCKOUT_THRESHOLD must be a whole"),
        ({"PARTYDESK_LOCKOUT_THRESHOLD": "0"}, "PARTYDESK_LOCKOUT_THRESHOLD must be at least 1"),
        ({"PARTYDESK_SESSION_MINUTES": "2"}, "PARTYDESK_SESSION_MINUTES must be at least 5"),
        ({"PARTYDESK_CACHE": "memcached"}, "PARTYDESK_CACHE must be one of"),
        ({"PARTYDESK_LANGUAGE": "fr"}, "PARTYDESK_LANGUAGE must be vi or en"),
        ({"PARTYDESK_TIME_ZONE": "Mars/Olympus"}, "PARTYDESK_TIME_ZONE must be an IANA zone"),
        ({"PARTYDESK_LOG_LEVEL": "LOUD"}, "PARTYDESK_LOG_LEVEL must be one of"),
        ({"PARTYDESK_ALLOWED_HOSTS": " , "}, "PARTYDESK_ALLOWED_HOSTS must name at least one"),
        ({"PARTYDESK_SITE_URL": "partydesk.example"}, "PARTYDESK_SITE_URL must be an http(s)"),
        ({"PARTYDESK_FILES_OPTIONS": "bucket=x"}, "PARTYDESK_FILES_OPTIONS must be a JSON object"),
        ({"PARTYDESK_FILES_OPTIONS": "[1]"}, "PARTYDESK_FILES_OPTIONS must be a JSON object"),
    ],
)
def test_start_up_refuses_a_bad_value_and_names_it(env, message, tmp_path):
    # Given an environment with one bad value
    # When the settings are read at start-up
    proc = start(env, tmp=tmp_path)
    # Then start-up stops, and the message names the variable and what it must be
    assert proc.returncode != 0, proc.stdout
    assert "ImproperlyConfigured" in proc.stderr
    assert message in proc.stderr


def test_development_defaults_start_without_any_variable(tmp_path):
    proc = start({}, tmp=tmp_path)
    assert proc.returncode == 0, proc.stderr
    values = json.loads(proc.stdout)
    assert values["debug"] is False
    assert values["session_secure"] is False
    assert values["hsts"] == 0
    assert values["engine"] == "django.db.backends.sqlite3"
    assert values["files"] == {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {},
    }
    assert values["email"] is False


def test_files_can_go_to_object_storage_by_configuration(tmp_path):
    options = {"bucket_name": "partydesk", "endpoint_url": "https://s3.internal"}
    proc = start(
        {
            "PARTYDESK_FILES_BACKEND": "storages.backends.s3.S3Storage",
            "PARTYDESK_FILES_OPTIONS": json.dumps(options),
            "PARTYDESK_EMAIL_HOST": "smtp.internal",
        },
        tmp=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    values = json.loads(proc.stdout)
    assert values["files"] == {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}
    assert values["email"] is True


def test_production_mode_sets_secure_cookies_hsts_and_https_redirect(tmp_path):
    # Given production mode with a proper secret
    proc = start(PRODUCTION, tmp=tmp_path)
    assert proc.returncode == 0, proc.stderr
    values = json.loads(proc.stdout)
    # Then cookies travel only over TLS, browsers are told to stay on HTTPS for a year,
    # plain HTTP is redirected, and the reverse proxy's X-Forwarded-Proto is trusted
    assert values["session_secure"] is True
    assert values["csrf_secure"] is True
    assert values["hsts"] == 31_536_000
    assert values["ssl_redirect"] is True
    assert values["proxy_header"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    # And static files get hashed names, so they can be cached for ever
    assert values["static_storage"].endswith("CompressedManifestStaticFilesStorage")


SERVE = """
import django
django.setup()
from django.test import Client
client = Client()
plain = client.get("/healthz", HTTP_HOST="127.0.0.1")
tls = client.get("/healthz", HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")
print(plain.status_code, plain.headers.get("Location", ""))
print(tls.status_code, tls.headers.get("Strict-Transport-Security", ""))
print(tls.headers.get("X-Frame-Options", ""), tls.headers.get("X-Content-Type-Options", ""))
print(tls.headers.get("Content-Security-Policy", ""))
"""


def test_production_answers_with_hsts_over_tls_and_redirects_plain_http(tmp_path):
    # Given a production process behind a TLS-terminating proxy
    proc = start(PRODUCTION, SERVE, tmp=tmp_path)
    assert proc.returncode == 0, proc.stderr
    plain, tls, framing, csp = proc.stdout.splitlines()[-4:]
    # When a request arrives over plain HTTP, then it is sent to HTTPS
    assert plain == "301 https://127.0.0.1/healthz"
    # When it arrives over TLS, then it is served with HSTS and the other security headers
    assert tls == "200 max-age=31536000; includeSubDomains"
    assert framing == "DENY nosniff"
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp


def test_production_without_redirect_for_a_proxy_that_redirects_itself(tmp_path):
    proc = start({**PRODUCTION, "PARTYDESK_SSL_REDIRECT": "false"}, SERVE, tmp=tmp_path)
    assert proc.returncode == 0, proc.stderr
    plain, tls, _framing, _csp = proc.stdout.splitlines()[-4:]
    assert plain == "200 "  # no HSTS on plain HTTP: browsers ignore it there anyway
    assert tls.startswith("200 max-age=31536000")


def test_without_a_mail_host_sending_mail_is_a_no_op_not_an_smtp_error(tmp_path):
    # Wagtail mails moderators itself when a page is submitted for review: with no host set
    # (make run) that must not reach for an SMTP server and fail the submission.
    send = (
        "import django; django.setup()\n"
        "from django.conf import settings\n"
        "from django.core.mail import send_mail\n"
        "print(settings.EMAIL_BACKEND)\n"
        "print(send_mail('s', 'b', 'a@example.org', ['m@example.org']))\n"
    )
    result = start({"PARTYDESK_EMAIL_PORT": "9"}, send, tmp=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.core.mail.backends.dummy.EmailBackend", "1"]
    with_host = start({"PARTYDESK_EMAIL_HOST": "smtp.internal"}, READ_SETTINGS, tmp=tmp_path)
    assert json.loads(with_host.stdout)["email"] is True
