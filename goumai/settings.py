"""Settings, read from the environment.

Two kinds of installation:

* ``embedded`` (default): SQLite under ``var/``, a secret key generated and kept
  under ``var/``, demo data allowed. What ``make run`` gives a newcomer.
* ``production`` (``GOUMAI_ENV=production``): ``DATABASE_URL`` and ``SECRET_KEY``
  must be set, cookies are secure, ``goumai demo`` refuses to run.
"""

import json
import os
import secrets
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = PACKAGE_DIR.parent
VAR_DIR = Path(os.environ.get("GOUMAI_VAR_DIR", BASE_DIR / "var"))

GOUMAI_ENV = os.environ.get("GOUMAI_ENV", "embedded")
if GOUMAI_ENV not in {"embedded", "production"}:
    raise ImproperlyConfigured("GOUMAI_ENV must be 'embedded' or 'production'")
PRODUCTION = GOUMAI_ENV == "production"

DEBUG = env_bool("DEBUG")


def _var_secret(name: str, make) -> str:
    """A secret made once into a file under var/ (embedded only). O_EXCL: two processes
    starting at once must not write two different ones."""
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key_file = VAR_DIR / name
    if not key_file.exists():
        try:
            fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as handle:
                handle.write(make())
    return key_file.read_text().strip()


def _secret_key() -> str:
    if key := os.environ.get("SECRET_KEY"):
        return key
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set in production")
    return _var_secret("secret_key", lambda: secrets.token_urlsafe(50))


SECRET_KEY = _secret_key()


def _bid_key() -> str:
    """The SM4 key that seals online bids until opening (32 hex digits). Never in the
    database: from GOUMAI_BID_KEY, or (embedded only) a file under var/ made once. In
    production without it, sealing a bid fails (``bidding.sealing``), nothing else."""
    if key := os.environ.get("GOUMAI_BID_KEY"):
        return key
    if PRODUCTION:
        return ""
    return _var_secret("bid_key", lambda: secrets.token_hex(16))


GOUMAI_BID_KEY = _bid_key()

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",  # serves Swagger UI from its own static files instead of a CDN
    "axes",
    "django_tasks",
    "django_tasks_db",
    "goumai.core",
    "goumai.regions",
    "goumai.accounts",
    "goumai.documents",
    "goumai.notifications",
    "goumai.holidays",
    "goumai.audit",
    "goumai.catalog",
    "goumai.budgets",
    "goumai.projects",
    "goumai.procurement",
    "goumai.providers",
    "goumai.bidding",
    "goumai.contracts",
    "goumai.cultivation",
    "goumai.evaluation",
    "goumai.disclosure",
    "goumai.indicators",
    "goumai.pilots",
    "goumai.supervision",
    "goumai.imports",
    "goumai.site",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # NUL characters and oversized bodies refused; every API error in one JSON shape.
    "goumai.core.middleware.RequestShapeMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The idle timeout slides, but a read-only request writes no session row.
    "goumai.core.middleware.SlidingSessionMiddleware",
    "goumai.core.locale_middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "goumai.core.middleware.DomainErrorPagesMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "goumai.urls"
WSGI_APPLICATION = "goumai.wsgi.application"
ASGI_APPLICATION = "goumai.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "goumai.site.navigation.navigation",
                "goumai.notifications.context_processors.unread",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------
DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'goumai.sqlite3'}"
if DATABASE_URL.startswith("sqlite"):
    VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # IMMEDIATE takes the write lock when a transaction starts, so two writers
        # queue instead of one failing half-way ("database is locked").
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
else:
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# A streaming replica for reports, dashboards and the public portal (core/replica.py).
# Tests define it as a mirror of the primary, off unless a test turns it on.
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
GOUMAI_READ_REPLICA = bool(DATABASE_REPLICA_URL)
if DATABASE_REPLICA_URL or "pytest" in sys.modules:
    DATABASES["replica"] = {
        **(
            dj_database_url.parse(DATABASE_REPLICA_URL, conn_max_age=60)
            if DATABASE_REPLICA_URL
            else dict(DATABASES["default"])
        ),
        "TEST": {"MIRROR": "default"},
    }
DATABASE_ROUTERS = ["goumai.core.replica.ReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# --- Authentication -----------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "goumai.accounts.login_guard.LoginGuardBackend",
    # ModelBackend, with the user's unit, region and roles in the same query
    "goumai.accounts.backends.AccountBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "goumai.accounts.validators.CharacterClassValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "site:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Login lockout and throttle (goumai/accounts/login_guard.py): an address with 20
# failures in 30 minutes is locked for 30 minutes; an account with 5 failures from
# anywhere waits 15 s, doubling up to 60 s, between tries; never longer.
AXES_FAILURE_LIMIT = int(os.environ.get("GOUMAI_LOGIN_ADDRESS_FAILURE_LIMIT", "20"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("GOUMAI_LOGIN_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = ["ip_address"]
GOUMAI_LOGIN_ACCOUNT_FAILURE_LIMIT = int(os.environ.get("GOUMAI_LOGIN_FAILURE_LIMIT", "5"))
GOUMAI_LOGIN_THROTTLE_SECONDS = 15
GOUMAI_LOGIN_THROTTLE_MAX_SECONDS = int(os.environ.get("GOUMAI_LOGIN_THROTTLE_MAX_SECONDS", "60"))
# Failed attempts during a lockout do not restart it: the owner waits it out once.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# The client's address: X-Forwarded-For only from these proxies (comma-separated
# addresses of the reverse proxies in front of the app; see goumai/core/net.py).
GOUMAI_TRUSTED_PROXIES = tuple(
    a.strip() for a in os.environ.get("GOUMAI_TRUSTED_PROXIES", "").split(",") if a.strip()
)
AXES_CLIENT_IP_CALLABLE = "goumai.core.net.client_address"
# A success clears the account's failures, not the address's (accounts/signals.py).
AXES_RESET_ON_SUCCESS = False
AXES_LOCKOUT_CALLABLE = "goumai.accounts.lockout.lockout_response"
AXES_VERBOSE = False

# Sessions end after 30 idle minutes and when the browser closes.
SESSION_COOKIE_AGE = int(os.environ.get("GOUMAI_SESSION_MINUTES", "30")) * 60
SESSION_SAVE_EVERY_REQUEST = False  # SlidingSessionMiddleware saves it when due
GOUMAI_SESSION_REFRESH_SECONDS = SESSION_COOKIE_AGE // 10
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("BEHIND_TLS_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# In production: HTTPS only, and browsers told to remember it (HSTS).
SECURE_SSL_REDIRECT = env_bool("GOUMAI_SSL_REDIRECT", PRODUCTION)
SECURE_HSTS_SECONDS = int(os.environ.get("GOUMAI_HSTS_SECONDS", "31536000" if PRODUCTION else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = False  # preloading is a decision for the domain's owner
SILENCED_SYSTEM_CHECKS = ["security.W021"]  # (the preload warning, see above)
# The load balancer's health check comes over plain HTTP from inside.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Content-Security-Policy (django-csp): everything from this site only; no inline
# script or style anywhere (pages use data attributes and static files), no frames.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# API pages: 50 rows unless asked, never more than 500.
NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_LIMIT = 500

# Below this budget a purchaser may buy by itself (小额自行采购); at or above it the
# procurement-law methods apply. The province sets the figure (分散采购限额标准).
GOUMAI_SMALL_PURCHASE_THRESHOLD = os.environ.get("GOUMAI_SMALL_PURCHASE_THRESHOLD", "1000000.00")

# The shortest time the law allows between a procurement's announcement and its bid
# deadline, per method: "20d" = 20 calendar days, "3wd" = 3 working days (Chinese
# public holidays and adjusted working days from the legal calendar the province keeps,
# goumai/holidays; periods counted as in goumai/holidays/periods.py).
# Methods not listed have no minimum and need no deadline. Override some or all with
# GOUMAI_MIN_BID_PERIODS='{"open_tender": "25d"}'.
GOUMAI_MIN_BID_PERIODS = {
    "open_tender": "20d",  # 招标投标法第二十四条：不得少于二十日
    "invited_tender": "20d",  # 同上
    "competitive_consultation": "10d",  # 政府采购竞争性磋商采购方式管理暂行办法：不得少于10日
    "competitive_negotiation": "3wd",  # 政府采购非招标采购方式管理办法：不得少于3个工作日
    "request_for_quotation": "3wd",  # 同上
    **json.loads(os.environ.get("GOUMAI_MIN_BID_PERIODS") or "{}"),
}

# Points added to a local provider's selection score (at most 5; see providers/selection.py).
GOUMAI_LOCAL_BONUS = os.environ.get("GOUMAI_LOCAL_BONUS", "2")

# API bearer tokens live this long.
GOUMAI_API_TOKEN_DAYS = int(os.environ.get("GOUMAI_API_TOKEN_DAYS", "30"))

# Uploads: imports are small spreadsheets; anything larger is refused before parsing. The
# same limit holds for each attached file (documents), of the types listed here.
GOUMAI_MAX_UPLOAD_BYTES = int(float(os.environ.get("GOUMAI_MAX_UPLOAD_MB", "5")) * 1024 * 1024)
GOUMAI_DOCUMENT_TYPES = [
    t.strip()
    for t in os.environ.get("GOUMAI_DOCUMENT_TYPES", ".pdf,.jpg,.jpeg,.png,.docx,.xlsx,.ofd").split(
        ","
    )
    if t.strip()
]
DATA_UPLOAD_MAX_MEMORY_SIZE = GOUMAI_MAX_UPLOAD_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = GOUMAI_MAX_UPLOAD_BYTES

# --- Background work: Django's task API on a database queue (no broker) ----------
TASKS = {
    "default": {
        "BACKEND": os.environ.get("GOUMAI_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# A file of more rows than this is imported by the background worker, with progress.
GOUMAI_IMPORT_BACKGROUND_ROWS = int(os.environ.get("GOUMAI_IMPORT_BACKGROUND_ROWS", "500"))

# --- Cache: shared by the web and worker processes (import progress) -------------
# Embedded: files under var/. Several machines: a shared cache, e.g.
# GOUMAI_CACHE_URL=redis://host:6379/0 (needs the `redis` package).
if os.environ.get("GOUMAI_CACHE_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["GOUMAI_CACHE_URL"],
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }

# --- Language and time ----------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
FORMAT_MODULE_PATH = ["goumai.formats"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static files: all served from the project, never a CDN -----------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("GOUMAI_STATIC_ROOT", VAR_DIR / "static"))
# Uploaded evidence, never served directly: pages hand files out after checking who asks.
MEDIA_ROOT = Path(os.environ.get("GOUMAI_MEDIA_ROOT", VAR_DIR / "media"))
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns before collectstatic
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Attached files in an S3-compatible object store (pip install "goumai[s3]"): set the
# bucket; credentials and endpoint come from django-storages' AWS_* variables.
if os.environ.get("GOUMAI_S3_BUCKET"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["GOUMAI_S3_BUCKET"],
            "endpoint_url": os.environ.get("GOUMAI_S3_ENDPOINT") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
# Tests and a fresh checkout may not have run collectstatic yet.
WHITENOISE_USE_FINDERS = True
WHITENOISE_MANIFEST_STRICT = False

# --- Open data ------------------------------------------------------------------------
GOUMAI_OCID_PREFIX = os.environ.get("GOUMAI_OCID_PREFIX", "ocds-goumai")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# A tender closing or a milestone due within this many days is reminded (goumai reminders).
GOUMAI_REMINDER_DAYS = int(os.environ.get("GOUMAI_REMINDER_DAYS", "3"))

# A date typed for a step done on paper (announcement, invitation, bid received, award,
# contract, acceptance, payment) may lie at most this many days back without a recorded
# reason; it may never lie in the future or before the step it follows.
GOUMAI_BACKDATE_DAYS = int(os.environ.get("GOUMAI_BACKDATE_DAYS", "30"))

# Work-plan tasks due within this many days are flagged "即将到期" (supervision).
GOUMAI_TASK_DUE_SOON_DAYS = int(os.environ.get("GOUMAI_TASK_DUE_SOON_DAYS", "14"))

# E-mail: printed to the console in the embedded setup; in production an SMTP server
# (EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS).
EMAIL_BACKEND = os.environ.get(
    "GOUMAI_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "") == "1"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "goumai <noreply@goumai.local>")
