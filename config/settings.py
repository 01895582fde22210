"""Caseboard settings, read from the environment (see README.md, "Configuration")."""

import ipaddress
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("CASEBOARD_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
TESTING = bool(os.environ.get("CASEBOARD_TESTING"))
# Demo mode lists the demo accounts on the login page and shows the "fictional data" banner.
DEMO_MODE = env_bool("CASEBOARD_DEMO", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG or DEMO_MODE or TESTING:
        SECRET_KEY = "insecure-development-key-do-not-use-in-production-0123456789"
    else:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("Set SECRET_KEY (a long random string) or run with DEBUG=true")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if (DEBUG or DEMO_MODE) else "")
if TESTING:
    ALLOWED_HOSTS += ["testserver", "localhost", "127.0.0.1"]
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")


def default_site_url(addr: str, port: str) -> str:
    """Where email links point when ``SITE_URL`` is not set: the address and port the app listens on (``ADDR`` and
    ``PORT``, as ``./dev run`` uses them), with this machine's name for an address that means "every interface"."""
    import socket

    host = addr.strip() or "127.0.0.1"
    if host in {"0.0.0.0", "::", "[::]"}:  # noqa: S104 (a name to recognise, not an address to bind)
        host = socket.getfqdn()
    elif ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}:{port.strip() or '8000'}"


SITE_URL = (
    os.environ.get("SITE_URL") or default_site_url(os.environ.get("ADDR", ""), os.environ.get("PORT", ""))
).rstrip("/")
DECISION_ESCALATION_WORKING_DAYS = int(os.environ.get("DECISION_ESCALATION_WORKING_DAYS", "5"))
COUNCIL_NAME = os.environ.get("CASEBOARD_COUNCIL_NAME", "Northmoor Council")
SERVICE_NAME = "Caseboard"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_forms_gds",
    "rules.apps.AutodiscoverRulesConfig",
    "auditlog",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "rest_framework",
    "knox",
    "drf_spectacular",
    "django_tasks",
    "django_tasks_db",
    "caseboard.core",
    "caseboard.accounts",
    "caseboard.people",
    "caseboard.casework",
    "caseboard.policy",
    "caseboard.compliance",
    "caseboard.decisions",
    "caseboard.visits",
    "caseboard.prioritisation",
    "caseboard.frontdoor",
    "caseboard.meetings",
    "caseboard.familytime",
    "caseboard.placements",
    "caseboard.education",
    "caseboard.finance",
    "caseboard.staff",
    "caseboard.workforce",
    "caseboard.partners",
    "caseboard.plans",
    "caseboard.reporting",
    "caseboard.interchange",
    "caseboard.api",
    "caseboard.security",
    "caseboard.devtools",
]

MIDDLEWARE = [
    # First: the client's address and scheme come only from trusted proxies (TRUSTED_PROXIES).
    "caseboard.core.middleware.TrustedProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The second factor: django-otp marks a session verified; ours sends a user who must verify to do so first.
    "django_otp.middleware.OTPMiddleware",
    "caseboard.accounts.second_factor.SecondFactorMiddleware",
    "caseboard.core.middleware.AbsoluteSessionMiddleware",
    "caseboard.core.middleware.NoStoreMiddleware",
    "caseboard.core.middleware.InputLimitsMiddleware",
    "caseboard.core.middleware.RateLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "caseboard.core.middleware.AuditMiddleware",
    "caseboard.core.middleware.LoginRequiredMiddleware",
    # django-axes must be last.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "caseboard.core.context_processors.caseboard",
            ],
        },
    }
]

# Databases: embedded SQLite under var/ by default, PostgreSQL (or any) through DATABASE_URL.
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # One runaway query cannot hold a worker and the database for ever (seconds; 0 turns it off).
        _statement_timeout = int(os.environ.get("DB_STATEMENT_TIMEOUT_SECONDS", "60")) * 1000
        DATABASES["default"].setdefault("OPTIONS", {})["options"] = f"-c statement_timeout={_statement_timeout}"
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("CASEBOARD_SQLITE", str(VAR_DIR / "caseboard.sqlite3")),
            # WAL and IMMEDIATE transactions avoid "database is locked" under concurrent requests.
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Single sign-on with the council's account (OpenID Connect); it does nothing unless OIDC_ISSUER and
    # OIDC_CLIENT_ID are set, so passwords stay the only way in by default (./dev run, the demo).
    "caseboard.accounts.oidc.CouncilSignInBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# A one-time link to set a password (a new starter's first, or a reset an administrator sends) lasts this long.
PASSWORD_RESET_TIMEOUT = int(float(os.environ.get("PASSWORD_LINK_DAYS", "3")) * 24 * 3600)
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sessions: idle timeout (minutes), renewed on every request; the page warns before it ends.
SESSION_IDLE_MINUTES = int(os.environ.get("SESSION_IDLE_MINUTES", "30"))
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# However active, a session ends this many hours after sign-in (caseboard.core.middleware.AbsoluteSessionMiddleware).
SESSION_ABSOLUTE_HOURS = float(os.environ.get("SESSION_ABSOLUTE_HOURS", "10"))

# Where ./dev backup (manage.py backup) writes when no file is named.
BACKUP_DIR = Path(os.environ.get("BACKUP_DIR", VAR_DIR / "backups"))

# How long a write's Idempotency-Key (API) or one-time form token (pages) is remembered: a retry within this time
# answers with the first response and records nothing twice (caseboard/core/idempotency.py).
IDEMPOTENCY_KEY_HOURS = float(os.environ.get("IDEMPOTENCY_KEY_HOURS", "24"))

# Lock-out after repeated failed logins (django-axes).
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "0.5"))
# Locked per account (whatever the address: another address cannot keep guessing one account's password) and per
# address (one address cannot spray a password over many accounts). The address is the client's own, from trusted
# proxies only (TRUSTED_PROXIES), so a load balancer's address never locks everyone out.
# A sign-in with the council's account names no username until the provider has answered, so its failures count
# per address only (caseboard.accounts.oidc.lockout_parameters).
AXES_LOCKOUT_PARAMETERS = "caseboard.accounts.oidc.lockout_parameters"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True

# A second factor (django-otp: a time-based code from an authenticator app, and ten single-use recovery codes).
# Required of the roles named (and of superusers) when SECOND_FACTOR_REQUIRED is on; anyone may enrol, and whoever
# has enrolled is always asked. The demo's own accounts are let off in demo mode, so a trainer can sign in as an
# administrator without a phone. Tests turn the requirement on where they test it.
SECOND_FACTOR_REQUIRED = env_bool("SECOND_FACTOR_REQUIRED", not TESTING)
SECOND_FACTOR_ROLES = env_list("SECOND_FACTOR_ROLES", "administrator,head_of_service")
SECOND_FACTOR_EXEMPT_DEMO_ACCOUNTS = env_bool("SECOND_FACTOR_EXEMPT_DEMO_ACCOUNTS", DEMO_MODE)
OTP_TOTP_ISSUER = SERVICE_NAME
# After this many wrong codes in a row the device waits, doubling each time (django-otp's throttling).
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1

# Single sign-on with OpenID Connect (mozilla-django-oidc; README, "Single sign-on"): a "Sign in with your council
# account" button when OIDC_ISSUER and OIDC_CLIENT_ID are set. Endpoints come from the issuer's discovery document
# unless given. Who signs in is found by a stable claim (OIDC_USER_ID_CLAIM), their role and teams follow the
# provider's groups through the mappings an administrator keeps ("Provider groups" in Django admin), and a provider
# that asserts a second factor (OIDC_MFA_CLAIM containing one of OIDC_MFA_VALUES) stands for Caseboard's own.
OIDC_ISSUER = os.environ.get("OIDC_ISSUER", "").strip().rstrip("/")
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_CLIENT_ID", "").strip()
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_CLIENT_SECRET", "")
OIDC_RP_SCOPES = os.environ.get("OIDC_SCOPES", "openid email profile")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("OIDC_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("OIDC_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("OIDC_USERINFO_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_JWKS_ENDPOINT", "")
OIDC_USE_USERINFO = env_bool("OIDC_USE_USERINFO", True)
OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_SIGN_ALGO", "RS256")
OIDC_USER_ID_CLAIM = os.environ.get("OIDC_USER_ID_CLAIM", "sub")
OIDC_GROUPS_CLAIM = os.environ.get("OIDC_GROUPS_CLAIM", "groups")
OIDC_MFA_CLAIM = os.environ.get("OIDC_MFA_CLAIM", "amr")
OIDC_MFA_VALUES = env_list("OIDC_MFA_VALUES", "mfa")
OIDC_CREATE_USERS = env_bool("OIDC_CREATE_USERS", True)
OIDC_LINK_BY_EMAIL = env_bool("OIDC_LINK_BY_EMAIL", False)
OIDC_USE_PKCE = True
OIDC_USE_NONCE = True
OIDC_TIMEOUT = int(os.environ.get("OIDC_TIMEOUT_SECONDS", "10"))
OIDC_DISCOVERY_CACHE_SECONDS = 3600

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATE_FORMAT = "j M Y"

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

# A strict Content-Security-Policy: no inline script or style without the per-request nonce.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Email: console in demo, memory in tests, SMTP by configuration.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if (DEBUG or DEMO_MODE)
    # Test settings (the suite, the benchmark, seed_demo run by hand with CASEBOARD_TESTING) never send mail.
    else "django.core.mail.backends.locmem.EmailBackend"
    if TESTING
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
# TLS on by default: STARTTLS on the submission port, or implicit TLS with EMAIL_USE_SSL (port 465).
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", not EMAIL_USE_SSL)
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "465" if EMAIL_USE_SSL else "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "caseboard@localhost")

# Background tasks: the database queue, run by `./dev worker` (manage.py db_worker).
TASKS = {
    "default": {
        # Tests run tasks at once, in the request; everywhere else they queue for `manage.py db_worker`.
        "BACKEND": os.environ.get(
            "TASKS_BACKEND",
            "django_tasks.backends.immediate.ImmediateBackend"
            if TESTING
            else "django_tasks_db.backend.DatabaseBackend",
        ),
    }
}

# The shared cache (a database table, created by the `security` app's migration) behind rate limits: every web
# worker sees the same counts.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "caseboard_cache",
        "OPTIONS": {"MAX_ENTRIES": 50_000},
    }
}

# Limits that keep one user or one client from stopping the service. Request bodies: forms (Django) and JSON (the
# API's parser) alike; lists and text inside them are also bounded field by field (caseboard.core.limits).
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("MAX_REQUEST_BYTES", str(1024 * 1024)))
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000
DATA_UPLOAD_MAX_NUMBER_FILES = 10
# Rate limits per user (writes, in pages and the API) and per address (failed sign-ins); "N/s", "N/m", "N/h".
# Tests set their own low limits where they test them, so that a suite of journeys signed in from one address
# never trips them.
WRITE_RATE_LIMIT = os.environ.get("WRITE_RATE_LIMIT", "100000/m" if TESTING else "120/m")
SIGN_IN_RATE_LIMIT = os.environ.get("SIGN_IN_RATE_LIMIT", "100000/m" if TESTING else "20/m")

# API tokens (django-rest-knox, caseboard.security): hashed at rest, named, expiring, revocable.
KNOX_TOKEN_MODEL = "security.ApiToken"
# knox's own migrations create its default token table even when the model is swapped for ours; that unused table's
# foreign key to the user stops PostgreSQL from flushing (TRUNCATE) the users table. Our tokens have their own
# migrations in caseboard.security, so knox's are not run.
MIGRATION_MODULES = {"knox": None}
API_TOKEN_DAYS = int(os.environ.get("API_TOKEN_DAYS", "90"))
API_TOKEN_MAX_DAYS = int(os.environ.get("API_TOKEN_MAX_DAYS", "365"))
REST_KNOX = {"TOKEN_TTL": timedelta(days=API_TOKEN_DAYS), "AUTO_REFRESH": False, "AUTH_HEADER_PREFIX": "Token"}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first, so that a refused token answers 401 with WWW-Authenticate (DRF asks the first class).
        "knox.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": [
        "caseboard.api.parsers.LimitedJSONParser",
        "caseboard.api.parsers.LimitedFormParser",
        "caseboard.api.parsers.LimitedMultiPartParser",
    ],
    "DEFAULT_THROTTLE_CLASSES": ["caseboard.api.throttling.WriteRateThrottle"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "caseboard.api.schema.CaseboardAutoSchema",
    "EXCEPTION_HANDLER": "caseboard.api.exceptions.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Caseboard API",
    "DESCRIPTION": "Children, episodes and allocations, scoped to what the caller may see. Every read of a "
    "child's record is audited.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1/",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "caseboard.api.schema.document_limits",
        "caseboard.api.schema.document_errors",
    ],
    "ENUM_NAME_OVERRIDES": {
        "ReturnKindEnum": "caseboard.interchange.models.ReturnKind",
        "ReturnFormatEnum": "caseboard.interchange.models.ReturnFormat",
        "MeetingFormatEnum": "caseboard.meetings.models.MeetingFormat",
        "DownloadFormatEnum": "caseboard.reporting.models.DownloadFormat",
        "CategoryOfAbuseEnum": "caseboard.casework.codes.CategoryOfAbuse",
        "UnitEnum": "caseboard.policy.models.Unit",
        "EpisodeKindEnum": "caseboard.casework.models.EpisodeKind",
        "ReferralSourceEnum": "caseboard.casework.codes.ReferralSource",
        "PrimaryNeedEnum": "caseboard.casework.codes.PrimaryNeed",
        "VisitModeEnum": "caseboard.visits.models.VisitMode",
        "CheckInModeEnum": "caseboard.workforce.models.CheckInMode",
        "MeetingKindEnum": "caseboard.meetings.models.MeetingKind",
        "MeetingOutcomeEnum": "caseboard.meetings.models.MeetingOutcome",
        "Section47OutcomeEnum": "caseboard.meetings.models.Section47Outcome",
        "FamilyTimeModeEnum": "caseboard.familytime.models.Mode",
        "FamilyTimeSessionStatusEnum": "caseboard.familytime.models.SessionStatus",
        "FamilyTimeCancelReasonEnum": "caseboard.familytime.models.CancelReason",
        "FamilyTimeCancelledByEnum": "caseboard.familytime.models.CancelledBy",
        "FamilyTimeSourceEnum": "caseboard.familytime.models.Source",
        "FamilyTimePeriodEnum": "caseboard.familytime.models.Period",
        "FamilyTimeSupervisionEnum": "caseboard.familytime.models.Supervision",
        "FamilyTimeVenueKindEnum": "caseboard.familytime.models.VenueKind",
        "FamilyTimeArrangementStatusEnum": "caseboard.familytime.models.ArrangementStatus",
        "ReasonPlaceChangeEnum": "caseboard.casework.codes.ReasonPlaceChange",
        "ApprovalKindEnum": "caseboard.placements.models.ApprovalKind",
        "SettingKindEnum": "caseboard.placements.models.SettingKind",
        "PlanActionStatusEnum": "caseboard.plans.models.ActionStatus",
        "PartnerProblemStatusEnum": "caseboard.partners.models.ProblemStatus",
    },
}

AUDITLOG_INCLUDE_ALL_MODELS = False
BREAK_GLASS_MINUTES = int(os.environ.get("BREAK_GLASS_MINUTES", "60"))

# Production hardening; `manage.py check --deploy` is clean with DEBUG off.
# Over plain HTTP on one machine (demo, tests) these are off; in production they are on unless configured off.
LOCAL_HTTP = DEBUG or DEMO_MODE or TESTING
# The proxies (addresses or networks, comma-separated: the council's load balancer) whose X-Forwarded-For and
# X-Forwarded-Proto are believed. Without any, the peer's own address is the client's and nobody can claim HTTPS
# with a header; forwarding headers from anyone else are dropped (caseboard.core.middleware.TrustedProxyMiddleware).
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(f"TRUSTED_PROXIES: {_proxy!r} is not an address or network") from None
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if TRUSTED_PROXIES else None
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not LOCAL_HTTP)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not LOCAL_HTTP)
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", not LOCAL_HTTP)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if LOCAL_HTTP else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not LOCAL_HTTP
SECURE_HSTS_PRELOAD = not LOCAL_HTTP
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # The scheduler says what it runs itself; APScheduler's own lines ("Added job ...") are noise.
        "apscheduler": {"level": "WARNING"},
    },
}

# The council's codes in the DfE returns: the 3-digit LA code (CIN census LEA) and the 9-character ONS code (SSDA903).
# The demo council borrows the City of London's, which the DfE validators know.
COUNCIL_LA_CODE = os.environ.get("CASEBOARD_LA_CODE", "201")
COUNCIL_ONS_CODE = os.environ.get("CASEBOARD_ONS_CODE", "E09000001")
