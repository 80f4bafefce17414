"""Settings for KOVABLIK Portal, driven by environment variables (see README "Configuration").

Production is secure by default: with DEBUG off the portal refuses to start without SECRET_KEY and turns on
HTTPS redirects, secure cookies and HSTS without further flags.
"""

import datetime as dt
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("KOVABLIK_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable (a long random string), "
            "or DEBUG=1 for local development."
        )
    SECRET_KEY = "insecure-development-key-only-used-when-DEBUG-is-on"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# The portal's public address, for links in emails sent outside a request (reminders, state changes).
PORTAL_URL = os.environ.get("PORTAL_URL", "").rstrip("/") or (
    "http://127.0.0.1:8000" if DEBUG else f"https://{ALLOWED_HOSTS[0].lstrip('.')}" if ALLOWED_HOSTS else ""
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "crispy_forms",
    "crispy_bootstrap5",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "core",
    "competitions",
    "proposals",
    "judging",
    "publication",
    # Django's own widget templates, for FORM_RENDERER below.
    "django.forms",
]

MIDDLEWARE = [
    # X-Served-By: the app server's name (KOVABLIK_INSTANCE), when set, on every answer including the probes.
    "kovablik.middleware.ServedByMiddleware",
    # Answers /healthz and /readyz for load balancers before redirects, host checks, sessions and login.
    "kovablik.health.HealthCheckMiddleware",
    # The request id (X-Request-ID) and, in production, one JSON line per request.
    "kovablik.logs.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "kovablik.staticfiles.PortalWhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "kovablik.middleware.PortalLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes requires: it turns a lockout raised during login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # First: refuses logins from a locked-out username/address before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "kovablik.auth.PortalModelBackend",
]

ROOT_URLCONF = "kovablik.urls"
WSGI_APPLICATION = "kovablik.wsgi.application"

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
                "competitions.context_processors.portal",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'kovablik.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT spent ~12 s compiling the ranking's aggregate query for 1,300 entries that runs in 0.3 s
    # without it; a portal's short queries never repay JIT compilation.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "competitions:dashboard"
LOGOUT_REDIRECT_URL = "competitions:home"

# Indonesian first, English second. Dates and times are shown in Asia/Jakarta (WIB).
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "kovablik_language"
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Of the npm packages only the files the pages load (kovablik/staticfiles.py); the icon font is a subset in static/.
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "kovablik.staticfiles.VendorFinder",
]
# Uploaded files live in MEDIA_ROOT (a folder every app server mounts), or in an S3-compatible bucket when
# AWS_STORAGE_BUCKET_NAME is set (django-storages). Either way they are never served from a public URL: a
# permission-checking view streams them through the storage's open(), never a filesystem path.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media-not-public/"
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    MEDIA_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
            # Any S3-compatible service (MinIO, Ceph, a provider's object storage): its address.
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "location": os.environ.get("AWS_LOCATION", ""),
            # Credentials: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY from the environment (read by boto3).
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
            "addressing_style": os.environ.get("AWS_S3_ADDRESSING_STYLE") or None,
        },
    }
else:
    MEDIA_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": MEDIA_STORAGE,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- Proposal attachments (proposals/uploads.py) ---
# Files are checked by content, re-encoded (images) and stored under random names in MEDIA_ROOT/attachments/.
# Service documents are "2 MB each" by the competition's rules; photos may be larger, as phones take them.
# Written exports (rankings, score sheets, minutes) are deleted this many days after they were written
# (manage.py remove_old_exports, daily): they hold scores and judges' names, and can be asked for again.
KOVABLIK_EXPORT_RETENTION_DAYS = int(os.environ.get("KOVABLIK_EXPORT_RETENTION_DAYS", 14))
KOVABLIK_UPLOAD_MAX_BYTES = int(os.environ.get("KOVABLIK_UPLOAD_MAX_BYTES", 2 * 1024 * 1024))
KOVABLIK_UPLOAD_PHOTO_MAX_BYTES = int(os.environ.get("KOVABLIK_UPLOAD_PHOTO_MAX_BYTES", 5 * 1024 * 1024))
KOVABLIK_UPLOAD_PROPOSAL_MAX_BYTES = int(os.environ.get("KOVABLIK_UPLOAD_PROPOSAL_MAX_BYTES", 30 * 1024 * 1024))
KOVABLIK_UPLOAD_MAX_PHOTOS = int(os.environ.get("KOVABLIK_UPLOAD_MAX_PHOTOS", 10))
# Tahap II slides (judging/schedule/materials.py): below the proxy's body limit (nginx client_max_body_size 12m).
KOVABLIK_SLIDES_MAX_BYTES = int(os.environ.get("KOVABLIK_SLIDES_MAX_BYTES", 10 * 1024 * 1024))
# Field verification photos (judging/visits/photos.py): a phone camera's JPEG is 2-6 MB.
KOVABLIK_VISIT_PHOTO_MAX_BYTES = int(os.environ.get("KOVABLIK_VISIT_PHOTO_MAX_BYTES", 8 * 1024 * 1024))
KOVABLIK_VISIT_MAX_PHOTOS = int(os.environ.get("KOVABLIK_VISIT_MAX_PHOTOS", 30))
# Pixel count guards against decompression bombs: a small file declaring a huge canvas (40 MP ≈ 7,700 × 5,200).
KOVABLIK_UPLOAD_MAX_PIXELS = int(os.environ.get("KOVABLIK_UPLOAD_MAX_PIXELS", 40_000_000))
# Uploads above this are streamed to a temporary file instead of memory; form fields (not files) are capped
# at DATA_UPLOAD_MAX_MEMORY_SIZE, ample for the longest proposal text. The proxy in front should cap the body
# (e.g. nginx client_max_body_size 12m) so oversize files are refused before they reach Django.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FILES = 20

# --- Personal data (UU 27/2022; publication/templates/publication/privacy/notice.html) ---
# Where data subjects ask for access, correction or erasure: shown on the privacy notice.
KOVABLIK_PRIVACY_CONTACT = os.environ.get(
    "KOVABLIK_PRIVACY_CONTACT",
    "Biro Organisasi, Sekretariat Daerah Provinsi Jawa Timur, Jl. Pahlawan No. 110, Surabaya 60174",
)
KOVABLIK_PRIVACY_EMAIL = os.environ.get("KOVABLIK_PRIVACY_EMAIL", "privasi@kovablik.jatimprov.go.id")

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
# Forms render through TEMPLATES, so that templates/django/forms/widgets/ may override a widget's template.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "KOVABLIK Portal <no-reply@kovablik.jatimprov.go.id>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Background tasks (django-tasks; README "Background jobs") ---
# Mail, PDFs and exports run as tasks. In production they wait in the database until `manage.py db_worker` runs
# them; in development (DEBUG) the immediate backend runs each task as soon as it is enqueued (after the commit),
# so `make run` needs no worker. TASKS_BACKEND=database|immediate overrides either default.
TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "immediate" if DEBUG else "database")
if TASKS_BACKEND not in TASK_BACKENDS:
    raise ImproperlyConfigured(f"TASKS_BACKEND must be one of {', '.join(TASK_BACKENDS)}, not {TASKS_BACKEND!r}")
TASKS = {"default": {"BACKEND": TASK_BACKENDS[TASKS_BACKEND]}}
# A failed task is tried again up to this many attempts in all, waiting KOVABLIK_TASK_RETRY_SECONDS × 2^(n-1)
# before attempt n+1 (1, 2, 4, 8 minutes by default); after the last it is shown as failed to the organizers.
KOVABLIK_TASK_MAX_ATTEMPTS = int(os.environ.get("KOVABLIK_TASK_MAX_ATTEMPTS", "5"))
KOVABLIK_TASK_RETRY_SECONDS = int(os.environ.get("KOVABLIK_TASK_RETRY_SECONDS", "60"))

# A cache every worker shares, since public pages are cached until the next publication change and their version
# keys (publication/caching.py) must be seen by every process that serves them: Redis when REDIS_URL is set
# (required with several app servers), else files under var/ (all workers of one server). Not local memory: each
# gunicorn worker would keep its own copy, and a publication through one worker would not reach the others.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["REDIS_URL"]}
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ.get("CACHE_DIR", str(VAR_DIR / "cache")),
        }
    }

# Sessions (and the messages they carry) live in the database, so a visitor may move between app servers.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Secure by default whenever DEBUG is off; a reverse proxy terminating TLS must send X-Forwarded-Proto.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Load balancers probe the health URLs over plain HTTP (HealthCheckMiddleware answers them before this applies).
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# No inline script or style anywhere: templates load static files only. Bootstrap draws a few icons as data: SVG.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# Login throttling, each rule counting failures within the cool-off time (30 minutes): 5 for one username from one
# address; 20 for one username from any address (guessing one account from many addresses); 50 from one address for
# any username (one address trying many accounts; looser, as a whole office shares one address). Whichever is
# reached first locks; kovablik.auth.LockoutHandler holds each rule to its own limit (django-axes has one limit).
KOVABLIK_LOCKOUT_RULES = [
    (("username", "ip_address"), int(os.environ.get("AXES_FAILURE_LIMIT", "5"))),
    (("username",), int(os.environ.get("AXES_USERNAME_FAILURE_LIMIT", "20"))),
    (("ip_address",), int(os.environ.get("AXES_IP_FAILURE_LIMIT", "50"))),
]
AXES_LOCKOUT_PARAMETERS = [list(parameters) for parameters, _limit in KOVABLIK_LOCKOUT_RULES]
AXES_FAILURE_LIMIT = KOVABLIK_LOCKOUT_RULES[0][1]
AXES_HANDLER = "kovablik.auth.LockoutHandler"
AXES_COOLOFF_TIME = dt.timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "30")))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
# How many proxies sit in front (1 behind one nginx): the client's address is read from X-Forwarded-For that deep
# (kovablik.auth.client_ip_address; django-axes alone would see only the proxy's address).
KOVABLIK_PROXY_COUNT = int(os.environ.get("AXES_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "kovablik.auth.client_ip_address"
AXES_VERBOSE = False

# The app server's name in the X-Served-By header and in every log line (e.g. "app1"); unset, neither appears.
KOVABLIK_INSTANCE = os.environ.get("KOVABLIK_INSTANCE", "")

# Production logs are JSON, one object a line on stderr (journald or the container collects them): every request
# (kovablik.request), audit events (kovablik.audit) and everything else, each with the request's id. Nothing
# personal is logged: ids and codes only, password reset tokens redacted (kovablik/logs.py).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_context": {"()": "kovablik.logs.RequestContextFilter"}},
    "formatters": {
        "json": {"()": "kovablik.logs.PortalJsonFormatter", "fmt": "%(levelname)s %(name)s %(message)s"},
        "text": {"()": "kovablik.logs.RedactingFormatter", "fmt": "%(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_context"],
            "formatter": "text" if DEBUG else "json",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.server": {"level": "WARNING" if not DEBUG else "INFO"}},
}

FORMAT_MODULE_PATH = ["kovablik.formats"]
