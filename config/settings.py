"""partydesk settings: one module, driven by the environment (see .env.example)."""

from __future__ import annotations

import json
import zoneinfo
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.caches import caches_for
from config.env import (
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_secret,
    env_str,
    load_dotenv,
)

BASE_DIR = Path(__file__).resolve().parent.parent
load_dotenv(BASE_DIR / ".env")
# After .env is loaded: the modules' limits and switches, and the portal's Wagtail settings.
from config.settings_apps import *  # noqa: E402, F403
from config.settings_portal import *  # noqa: E402, F403
from config.settings_portal import PARTYDESK_PORTAL_HOST  # noqa: E402 (read below)

DEBUG = env_bool("PARTYDESK_DEBUG", False)
PRODUCTION = env_bool("PARTYDESK_PRODUCTION", False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("PARTYDESK_DEBUG must be off when PARTYDESK_PRODUCTION is on")

_DEV_SECRET = "insecure-development-key-never-use-in-production"  # noqa: S105
SECRET_KEY = env_str("PARTYDESK_SECRET_KEY", "" if PRODUCTION else _DEV_SECRET)
if PRODUCTION and len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("PARTYDESK_SECRET_KEY must be set to 50+ random characters")

ALLOWED_HOSTS = env_list("PARTYDESK_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
if not ALLOWED_HOSTS:
    # An empty list answers every request with 400: refuse to start instead.
    raise ImproperlyConfigured("PARTYDESK_ALLOWED_HOSTS must name at least one host")
CSRF_TRUSTED_ORIGINS = env_list("PARTYDESK_CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("PARTYDESK_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
if not SITE_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured(f"PARTYDESK_SITE_URL must be an http(s) address, not {SITE_URL!r}")
if PARTYDESK_PORTAL_HOST:
    if urlsplit(SITE_URL).hostname == PARTYDESK_PORTAL_HOST:
        raise ImproperlyConfigured("PARTYDESK_PORTAL_HOST must not be the office's (SITE_URL) host")
    ALLOWED_HOSTS = [*ALLOWED_HOSTS, PARTYDESK_PORTAL_HOST]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",  # its sitemap.xml template, for the portal's sitemap
    "django.forms",  # its widget templates, found through TEMPLATES by the form renderer below
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "partydesk.core",
    "partydesk.organizations",
    "partydesk.accounts",
    "partydesk.search",
    "partydesk.signatures",
    "partydesk.documents",
    "partydesk.exchange",
    "partydesk.learning",
    "partydesk.contests",
    "partydesk.meetings",
    "partydesk.portal",
    "partydesk.assignments",
    "partydesk.demo",
    # The portal's CMS (docs/decisions/0022). No wagtail.embeds: the closed network has no
    # oEmbed provider to ask, and the portal embeds only the office's published documents.
    "wagtail.contrib.table_block",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "partydesk.portal.hosts.PortalHostMiddleware",
    "partydesk.core.middleware.ApiJsonErrorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "partydesk.accounts.middleware.ActingOrganizationMiddleware",
    "partydesk.accounts.middleware.TwoFactorRequiredMiddleware",
    "partydesk.portal.middleware.PortalAdminGateMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "partydesk.core.middleware.RequestContextMiddleware",
]

# Widgets render through the project's template engine, so templates/django/forms/ overrides
# Django's (the empty choice reads "— Choose —" in the user's language, not "---------").
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "partydesk.accounts.context_processors.acting_organization",
                "partydesk.core.context_processors.notifications",
            ],
        },
    }
]

# --- Database: SQLite (WAL) by default, PostgreSQL through DATABASE_URL ------------------
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'partydesk.sqlite3'}")
try:
    _db = dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("PARTYDESK_DB_CONN_MAX_AGE", 0))
except (ValueError, KeyError) as exc:
    raise ImproperlyConfigured(f"DATABASE_URL is not a database address: {exc}") from exc
if _db["ENGINE"] == "django.db.backends.sqlite3":
    Path(_db["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    _db["OPTIONS"] = {
        # WAL lets readers and the one writer work at once; IMMEDIATE takes the write lock at
        # BEGIN so two writers queue instead of failing on lock upgrade (numbering races).
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
    }
    # Tests use a file next to the database, so two checkouts (or DATABASE_URLs) never share one.
    _db["TEST"] = {"NAME": str(Path(_db["NAME"]).with_name(f"test_{Path(_db['NAME']).name}"))}
elif _db["ENGINE"] == "django.db.backends.postgresql":
    # Short OLTP queries: JIT compilation of an over-estimated plan cost 1.5 s on a 70 ms query.
    _db.setdefault("OPTIONS", {})["options"] = "-c jit=off"
else:
    raise ImproperlyConfigured("DATABASE_URL must point at SQLite or PostgreSQL")
if not _db.get("NAME"):
    raise ImproperlyConfigured("DATABASE_URL must name a database, e.g. postgres://host/partydesk")
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache (rate limits, lockouts): shared across processes by default --------------------
CACHES = caches_for(
    env_choice("PARTYDESK_CACHE", "database", ("database", "redis", "locmem")),
    redis_url=env_str("REDIS_URL", "redis://127.0.0.1:6379/0"),
    # Several installations (or a bench beside one) sharing a Redis server keep apart.
    key_prefix=env_str("PARTYDESK_CACHE_KEY_PREFIX", ""),
)

# --- Background work: the database queue (django-tasks) -----------------------------------
TASKS = {
    "default": {
        "BACKEND": env_choice(
            "PARTYDESK_TASKS_BACKEND",
            "django_tasks_db.DatabaseBackend",
            ("django_tasks_db.DatabaseBackend", "django_tasks.backends.immediate.ImmediateBackend"),
        )
    }
}

# --- Accounts and security ----------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "partydesk.accounts.backends.UsernameOrEmailBackend",
    # Wagtail's access_admin from the portal capabilities (ADR 0022); logs nobody in.
    "partydesk.portal.backends.PortalAccessBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env_int("PARTYDESK_PASSWORD_MIN_LENGTH", 10, minimum=8)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Believe X-Real-IP only behind a reverse proxy that sets it (otherwise clients could fake it).
PARTYDESK_TRUST_X_REAL_IP = env_bool("PARTYDESK_TRUST_X_REAL_IP", False)
PARTYDESK_LOCKOUT_THRESHOLD = env_int("PARTYDESK_LOCKOUT_THRESHOLD", 5, minimum=1)
PARTYDESK_LOCKOUT_MINUTES = env_int("PARTYDESK_LOCKOUT_MINUTES", 15, minimum=1)
PARTYDESK_LOGIN_RATE_PER_MINUTE = env_int("PARTYDESK_LOGIN_RATE_PER_MINUTE", 20, minimum=1)
PARTYDESK_TWO_FACTOR_RATE_PER_MINUTE = env_int("PARTYDESK_TWO_FACTOR_RATE_PER_MINUTE", 5, minimum=1)
SESSION_COOKIE_AGE = env_int("PARTYDESK_SESSION_MINUTES", 480, minimum=5) * 60
SESSION_SAVE_EVERY_REQUEST = True  # idle expiry: the clock restarts on every request
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("PARTYDESK_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("PARTYDESK_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# --- Languages ----------------------------------------------------------------------------
LANGUAGE_CODE = env_str("PARTYDESK_LANGUAGE", "vi")
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
if LANGUAGE_CODE not in dict(LANGUAGES):
    raise ImproperlyConfigured("PARTYDESK_LANGUAGE must be vi or en")
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]  # English keeps Vietnamese day/month/year dates
TIME_ZONE = env_str("PARTYDESK_TIME_ZONE", "Asia/Ho_Chi_Minh")
try:
    zoneinfo.ZoneInfo(TIME_ZONE)
except (zoneinfo.ZoneInfoNotFoundError, ValueError):
    raise ImproperlyConfigured(
        f"PARTYDESK_TIME_ZONE must be an IANA zone name, not {TIME_ZONE!r}"
    ) from None
USE_I18N = True
USE_TZ = True

# --- Files --------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns at every start without it
# Outside production WhiteNoise serves straight from the apps' static folders (and notices
# edits), so `make run` needs no collectstatic; production serves the collected, hashed copy.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env_str("PARTYDESK_MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
MEDIA_URL = "/media/"
# Content-addressed files (documents, imports, archives: partydesk.core.services.files) live
# in their own storage: a folder under MEDIA_ROOT unless configured, e.g. S3-compatible object
# storage with PARTYDESK_FILES_BACKEND=storages.backends.s3.S3Storage and its options as JSON.
PARTYDESK_FILES_BACKEND = env_str(
    "PARTYDESK_FILES_BACKEND", "django.core.files.storage.FileSystemStorage"
)
_files_options_raw = env_str("PARTYDESK_FILES_OPTIONS", "{}")
try:
    PARTYDESK_FILES_OPTIONS = json.loads(_files_options_raw or "{}")
except json.JSONDecodeError as exc:
    raise ImproperlyConfigured(f"PARTYDESK_FILES_OPTIONS must be a JSON object: {exc}") from exc
if not isinstance(PARTYDESK_FILES_OPTIONS, dict):
    raise ImproperlyConfigured("PARTYDESK_FILES_OPTIONS must be a JSON object")
# The portal's media (Wagtail images, renditions, uploads) sit in a folder of their own, never
# reaching the office's files above; its storage keeps members' pictures in private/ (ADR 0022).
PARTYDESK_PORTAL_MEDIA_BACKEND = env_str(
    "PARTYDESK_PORTAL_MEDIA_BACKEND", "partydesk.portal.storage.PortalMediaStorage"
)
_portal_media_raw = env_str("PARTYDESK_PORTAL_MEDIA_OPTIONS", "")
try:
    PARTYDESK_PORTAL_MEDIA_OPTIONS = (
        json.loads(_portal_media_raw)
        if _portal_media_raw
        else {
            "location": str(MEDIA_ROOT / "portal"),
            "base_url": f"{MEDIA_URL}portal/",
        }
    )
except json.JSONDecodeError as exc:
    raise ImproperlyConfigured(
        f"PARTYDESK_PORTAL_MEDIA_OPTIONS must be a JSON object: {exc}"
    ) from exc
if not isinstance(PARTYDESK_PORTAL_MEDIA_OPTIONS, dict):
    raise ImproperlyConfigured("PARTYDESK_PORTAL_MEDIA_OPTIONS must be a JSON object")
# Outside production Django serves /media/portal/ itself; behind a proxy, the proxy does.
PARTYDESK_SERVE_PORTAL_MEDIA = env_bool("PARTYDESK_SERVE_PORTAL_MEDIA", not PRODUCTION)
STORAGES = {
    "default": {
        "BACKEND": PARTYDESK_PORTAL_MEDIA_BACKEND,
        "OPTIONS": PARTYDESK_PORTAL_MEDIA_OPTIONS,
    },
    "partydesk_files": {"BACKEND": PARTYDESK_FILES_BACKEND, "OPTIONS": PARTYDESK_FILES_OPTIONS},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WAGTAILADMIN_BASE_URL = SITE_URL

# --- Audit chain checkpoints (docs/decisions/0007) -------------------------------------------
# The chain head is signed (HMAC-SHA256) and written to files outside the database, so a
# rewrite of the database alone shows in `audit_verify`. Keep the directory on other storage
# than the database (or copy it off the machine) and the key out of the database's backups.
AUDIT_CHECKPOINT_DIR = Path(
    env_str("PARTYDESK_AUDIT_CHECKPOINT_DIR", str(BASE_DIR / "var" / "audit-checkpoints"))
)
if not AUDIT_CHECKPOINT_DIR.is_absolute() or (
    AUDIT_CHECKPOINT_DIR.exists() and not AUDIT_CHECKPOINT_DIR.is_dir()
):
    raise ImproperlyConfigured(
        f"PARTYDESK_AUDIT_CHECKPOINT_DIR must be an absolute directory path, "
        f"not {str(AUDIT_CHECKPOINT_DIR)!r}"
    )
_checkpoint_key = env_secret("PARTYDESK_AUDIT_CHECKPOINT_KEY", "")
if _checkpoint_key and len(_checkpoint_key) < 32:
    raise ImproperlyConfigured("PARTYDESK_AUDIT_CHECKPOINT_KEY must be 32+ random characters")
# Unset: a key derived from the secret key (changing that key then invalidates old checkpoints).
AUDIT_CHECKPOINT_KEY = _checkpoint_key or f"partydesk.audit.checkpoint:{SECRET_KEY}"

# --- Email and the outbox (docs/decisions/0008) ------------------------------------------
# No host: notifications stay under the bell, nothing is mailed (Wagtail's moderation notices
# call send_mail; SMTP without a host made them a 500). With one, mail goes through the outbox.
EMAIL_HOST = env_str("PARTYDESK_EMAIL_HOST", "")
EMAIL_PORT = env_int("PARTYDESK_EMAIL_PORT", 587, minimum=1)
EMAIL_HOST_USER = env_str("PARTYDESK_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = env_secret("PARTYDESK_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("PARTYDESK_EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = env_str("PARTYDESK_EMAIL_FROM", "partydesk@localhost")
PARTYDESK_EMAIL_ENABLED = bool(EMAIL_HOST)
EMAIL_BACKEND = f"django.core.mail.backends.{'smtp' if EMAIL_HOST else 'dummy'}.EmailBackend"
PARTYDESK_OUTBOX_MAX_ATTEMPTS = env_int("PARTYDESK_OUTBOX_MAX_ATTEMPTS", 10, minimum=1)
PARTYDESK_OUTBOX_BACKOFF_SECONDS = env_int("PARTYDESK_OUTBOX_BACKOFF_SECONDS", 30, minimum=1)

# --- Signatures: internal CA, time-stamping, PAdES levels (docs/decisions/0003) ---------------
# The passphrase that encrypts the CA and server-held signing keys at rest (PKCS#8). It comes
# from the environment or a secret file, never from the database.
_DEV_CA_PASSPHRASE = "insecure-development-ca-passphrase"  # noqa: S105
PARTYDESK_CA_PASSPHRASE = env_secret(
    "PARTYDESK_CA_PASSPHRASE", "" if PRODUCTION else _DEV_CA_PASSPHRASE
)
if PRODUCTION and len(PARTYDESK_CA_PASSPHRASE) < 16:
    raise ImproperlyConfigured("PARTYDESK_CA_PASSPHRASE (or _FILE) must be set to 16+ characters")
PARTYDESK_CA_NAME = env_str("PARTYDESK_CA_NAME", "partydesk")
# Empty: our own RFC 3161 time-stamp authority (served at /signatures/tsa) is used in-process.
PARTYDESK_TSA_URL = env_str("PARTYDESK_TSA_URL", "")
_PADES_LEVELS = ("B-B", "B-T", "B-LT", "B-LTA")
PARTYDESK_PADES_LEVEL = env_choice("PARTYDESK_PADES_LEVEL", "B-T", _PADES_LEVELS)
PARTYDESK_PADES_SEAL_LEVEL = env_choice("PARTYDESK_PADES_SEAL_LEVEL", "B-LTA", _PADES_LEVELS)
PARTYDESK_TRUST_ROOTS_FILE = env_str("PARTYDESK_TRUST_ROOTS_FILE", "")
PARTYDESK_REVOCATION_FETCH = env_bool("PARTYDESK_REVOCATION_FETCH", False)
PARTYDESK_PKCS11_MODULE = env_str("PARTYDESK_PKCS11_MODULE", "")
PARTYDESK_PKCS11_PIN = env_secret("PARTYDESK_PKCS11_PIN", "")
PARTYDESK_SIGNATURE_FONT = env_str("PARTYDESK_SIGNATURE_FONT", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {
        "handlers": ["console"],
        "level": env_choice(
            "PARTYDESK_LOG_LEVEL", "INFO", ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
        ),
    },
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "wagtail": {"level": "WARNING"},  # not a line per page created or deleted
    },
}
