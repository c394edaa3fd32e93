"""Django settings for Shisaku, read from the environment.

SHISAKU_ENV=production makes SECRET_KEY and ALLOWED_HOSTS mandatory and turns
on the HTTPS hardening that `check --deploy` expects. Development (the default)
keeps a generated secret key under var/ so sessions survive restarts.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent
VAR_DIR = Path(os.environ.get("SHISAKU_VAR_DIR", PROJECT_DIR / "var"))

ENV = os.environ.get("SHISAKU_ENV", "development")
PRODUCTION = ENV == "production"


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def _development_secret_key() -> str:
    # A per-checkout key, generated once, never committed (var/ is ignored).
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(64))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set when SHISAKU_ENV=production")
    SECRET_KEY = _development_secret_key()

DEBUG = env_bool("DEBUG", False)

if PRODUCTION:
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [])
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("ALLOWED_HOSTS must be set when SHISAKU_ENV=production")
else:
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "auditlog",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "shisaku.core",
    "shisaku.accounts",
    "shisaku.city",
    "shisaku.ordinance",
    "shisaku.plan",
    "shisaku.projects",
    "shisaku.sheets",
    "shisaku.verification",
    "shisaku.stats",
    "shisaku.reports",
    "shisaku.consultation",
    "shisaku.ingest",
    "shisaku.demo",
    "shisaku.audit",
    "shisaku.operations",
    # The public side (#13): the published record, portal, read API, open data, search.
    "shisaku.published",
    "shisaku.portal",
    "shisaku.api",
    "shisaku.opendata",
    "shisaku.search",
    # Above every app: the home page of each role and the navigation.
    "shisaku.drafting",
    "shisaku.home",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "shisaku.core.middleware.JapaneseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "shisaku.core.middleware.NoStoreForSignedInMiddleware",
    "shisaku.audit.middleware.AuditMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "shisaku.accounts.middleware.SignInMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "shisaku.urls"

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
                "django.template.context_processors.i18n",
                "shisaku.home.context.navigation",
            ],
            "builtins": ["shisaku.core.templatetags.shisaku"],
        },
    },
]

WSGI_APPLICATION = "shisaku.wsgi.application"

_default_db = f"sqlite:///{VAR_DIR / 'shisaku.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", _default_db), conn_max_age=60, conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # WAL lets gunicorn workers read while one writes; IMMEDIATE avoids
    # "database is locked" on upgrade from a read to a write transaction.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# A covering index (Index.include) lets PostgreSQL count a year's sheets from the index
# alone (sheets.Sheet.Meta.indexes); SQLite builds it as a plain index, which is what we want.
SILENCED_SYSTEM_CHECKS = ["models.W040"]
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", _("日本語")), ("en", _("英語"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Uploads are parsed in memory up to this size and refused beyond it.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# The audit trail (django-auditlog): changes are stored as text pairs; display labels are
# applied when the trail is read (shisaku/audit/display.py).
AUDITLOG_DISABLE_REMOTE_ADDR = False
AUDITLOG_CHANGE_DISPLAY_TRUNCATE_LENGTH = 500

# Charts are deterministic: keep drawn ones so unchanged data is not drawn again.
CHART_CACHE_DIR = VAR_DIR / "cache" / "charts"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# --- sign-in protection and sessions (#11) ---
# Lockout after repeated failed sign-ins (django-axes): a name tried from one address is
# refused after SHISAKU_SIGNIN_FAILURES_PER_ACCOUNT failures, an address after
# SHISAKU_SIGNIN_FAILURES_PER_ADDRESS failures over any names (an office behind one
# proxy is not shut out by a few typing errors), for SHISAKU_SIGNIN_LOCKOUT_MINUTES
# after the last failure. The planning division lifts a lockout at /accounts/lockouts/
# or with `shisaku unlock-user NAME`.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, which loads a request's user with their second factor (one query).
    "shisaku.accounts.backends.UserBackend",
]
SHISAKU_SIGNIN_FAILURES_PER_ACCOUNT = int(os.environ.get("SHISAKU_SIGNIN_FAILURES_PER_ACCOUNT", "10"))
SHISAKU_SIGNIN_FAILURES_PER_ADDRESS = int(os.environ.get("SHISAKU_SIGNIN_FAILURES_PER_ADDRESS", "50"))
SHISAKU_SIGNIN_LOCKOUT_MINUTES = int(os.environ.get("SHISAKU_SIGNIN_LOCKOUT_MINUTES", "30"))
AXES_HANDLER = "shisaku.accounts.lockout.LockoutHandler"
AXES_FAILURE_LIMIT = "shisaku.accounts.lockout.failure_limit"
AXES_COOLOFF_TIME = "shisaku.accounts.lockout.cool_off"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]  # per address: LockoutHandler
AXES_CLIENT_IP_CALLABLE = "shisaku.accounts.lockout.client_address"
AXES_LOCKOUT_CALLABLE = "shisaku.accounts.lockout.lockout_response"
# A refused attempt during a lockout does not prolong it: the page says how long to wait.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ADMIN = False  # lockouts are listed and lifted at /accounts/lockouts/
AXES_DISABLE_ACCESS_LOG = True  # sign-ins are in the audit trail already
AXES_VERBOSE = False
# Behind a reverse proxy, how many proxies append to X-Forwarded-For (0: use REMOTE_ADDR;
# the header is never trusted further than that, so a client cannot pick its address).
SHISAKU_TRUSTED_PROXY_COUNT = int(os.environ.get("SHISAKU_TRUSTED_PROXY_COUNT", "0"))
# The public comment form: opinions accepted from one address per window (the cache counts).
SHISAKU_COMMENT_LIMIT = int(os.environ.get("SHISAKU_COMMENT_LIMIT", "5"))
SHISAKU_COMMENT_WINDOW_SECONDS = int(os.environ.get("SHISAKU_COMMENT_WINDOW_SECONDS", "3600"))

# Sessions end after SHISAKU_SESSION_IDLE_MINUTES without a request, and in any case
# SESSION_COOKIE_AGE seconds (SHISAKU_SESSION_MAX_HOURS) after signing in.
SHISAKU_SESSION_IDLE_MINUTES = int(os.environ.get("SHISAKU_SESSION_IDLE_MINUTES", "30"))
SESSION_COOKIE_AGE = int(float(os.environ.get("SHISAKU_SESSION_MAX_HOURS", "12")) * 3600)

# Second factor (django-otp, TOTP): anyone may enrol from their account page; with
# SHISAKU_REQUIRE_2FA (set it in production) superusers and planning admins must.
SHISAKU_REQUIRE_2FA = env_bool("SHISAKU_REQUIRE_2FA", False)
OTP_TOTP_ISSUER = os.environ.get("SHISAKU_OTP_ISSUER", "Shisaku")
OTP_TOTP_THROTTLE_FACTOR = 1  # each wrong code doubles the wait before the next try

# --- headers (#11) ---
# Content-Security-Policy (django-csp 4): no inline script, style or event handler anywhere;
# charts are inlined as SVG with presentation attributes (shisaku/lib/svg.py), or as data: images.
# The Django admin needs no relaxation (its scripts and styles are static files).
from csp.constants import NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# Permissions-Policy (django-permissions-policy): the app uses no device or browser feature.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer", "autoplay", "browsing-topics",
        "camera", "display-capture", "encrypted-media", "geolocation", "gyroscope", "hid",
        "idle-detection", "local-fonts", "magnetometer", "microphone", "midi", "payment",
        "publickey-credentials-get", "screen-wake-lock", "serial", "usb", "xr-spatial-tracking",
    )
}
# Error pages in the layout: the CSRF failure page too (shisaku/core/errors.py).
CSRF_FAILURE_VIEW = "shisaku.core.errors.csrf_failure"

# --- background jobs and stateless app servers (#15) ---
# Everything a request writes goes to the database, the cache or STORAGES, so any number of
# app servers can serve the same site (README「複数台での運用」).
INSTALLED_APPS += ["django_tasks", "django_tasks_db", "shisaku.jobs"]

# Jobs run on Django's Tasks framework (the django-tasks backport). The default queue is the
# database itself (django-tasks-db: nothing more to run than `shisaku worker`, which `shisaku
# serve` starts beside the web server); SHISAKU_TASKS_BACKEND=immediate runs them in the
# request (tests, one-off scripts); SHISAKU_TASKS_BACKEND=rq puts the queue in Redis (RQ,
# through django-tasks-rq) at SHISAKU_RQ_URL (default: SHISAKU_REDIS_URL).
SHISAKU_TASKS_BACKEND = os.environ.get("SHISAKU_TASKS_BACKEND", "database")
TASKS = {
    "default": {
        "BACKEND": {
            "database": "django_tasks_db.DatabaseBackend",
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
            "rq": "django_tasks_rq.RQBackend",
        }[SHISAKU_TASKS_BACKEND],
    },
}
if SHISAKU_TASKS_BACKEND == "rq":
    INSTALLED_APPS += ["django_rq"]
    RQ_QUEUES = {"default": {
        "URL": os.environ.get("SHISAKU_RQ_URL") or os.environ.get("SHISAKU_REDIS_URL")
        or os.environ.get("CACHE_URL") or "redis://127.0.0.1:6379/0",
        "DEFAULT_TIMEOUT": 3600,  # a publication typesets twelve documents
    }}
# Finished jobs, their files and task records are removed after this many days (the daily
# housekeeping job, which also removes expired sessions).
SHISAKU_JOB_KEEP_DAYS = int(os.environ.get("SHISAKU_JOB_KEEP_DAYS", "30"))
# Days the senders' names, e-mail addresses and addresses of a public comment are kept after
# its result is published; then the daily housekeeping erases them (consultation.retention).
SHISAKU_CONSULTATION_KEEP_DAYS = int(os.environ.get("SHISAKU_CONSULTATION_KEEP_DAYS", "180"))

# Files (documents built by jobs, uploads waiting for a job): the file system under var/files
# by default (SHISAKU_MEDIA_ROOT: a directory every app server and worker shares), or any
# S3-compatible object store with SHISAKU_STORAGE=s3 (django-storages; `pip install
# shisaku[s3]`), configured by its own AWS_* variables (AWS_STORAGE_BUCKET_NAME,
# AWS_S3_ENDPOINT_URL, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, ...).
MEDIA_ROOT = Path(os.environ.get("SHISAKU_MEDIA_ROOT", VAR_DIR / "files"))
if os.environ.get("SHISAKU_STORAGE", "filesystem") == "s3":
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage",
                           "OPTIONS": {"default_acl": "private", "file_overwrite": True}}
else:
    STORAGES["default"] = {"BACKEND": "django.core.files.storage.FileSystemStorage",
                           "OPTIONS": {"location": str(MEDIA_ROOT)}}

# Caches: local memory by default (one server); Redis with SHISAKU_REDIS_URL (or CACHE_URL),
# shared by every app server, so what one invalidates the others no longer see.
SHISAKU_REDIS_URL = os.environ.get("SHISAKU_REDIS_URL") or os.environ.get("CACHE_URL", "")
if SHISAKU_REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                          "LOCATION": SHISAKU_REDIS_URL,
                          "KEY_PREFIX": os.environ.get("SHISAKU_CACHE_PREFIX", "shisaku")}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Sessions live in the database (every app server reads them); with Redis, through the
# cache first (cached_db: still written to the database, so a restarted cache loses none).
SESSION_ENGINE = ("django.contrib.sessions.backends.cached_db" if SHISAKU_REDIS_URL
                  else "django.contrib.sessions.backends.db")

# PostgreSQL read replica (optional): DATABASE_REPLICA_URL adds a "replica" database that
# reads outside a transaction may use (shisaku.core.routers.ReplicaRouter); writes, and
# reads within a request that wrote, stay on the primary.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"], conn_max_age=60, conn_health_checks=True)
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["shisaku.core.routers.ReplicaRouter"]

# --- api (#13) ---
# The read API at /api/ may be read from any origin (GET only; no cookies: a staff token goes
# in the Authorization header). django-cors-headers answers only under /api/.
INSTALLED_APPS += ["corsheaders"]
MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.common.CommonMiddleware"),
                  "corsheaders.middleware.CorsMiddleware")
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_HEADERS = ["accept", "authorization", "if-none-match", "if-modified-since"]
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified"]
# Anonymous callers per address (django-ninja throttling; "": no limit). Token holders: none.
SHISAKU_API_ANON_RATE = os.environ.get("SHISAKU_API_ANON_RATE", "600/min")
# --- end api ---

# --- deadlines and notices (#14) ---
# Notices are e-mailed with Django's e-mail: printed on the console in development, sent by
# SMTP in production (EMAIL_HOST and the others from the environment); EMAIL_BACKEND
# overrides either. SHISAKU_SITE_URL makes the e-mail's links absolute.
INSTALLED_APPS += ["shisaku.notices"]
TEMPLATES[0]["OPTIONS"]["context_processors"].append("shisaku.notices.context.unread_notices")
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND") or (
    "django.core.mail.backends.smtp.EmailBackend" if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "shisaku@localhost")
SHISAKU_SITE_URL = os.environ.get("SHISAKU_SITE_URL", "")
# Reminders go this many days before a deadline (and once after it has passed).
SHISAKU_REMINDER_DAYS = int(os.environ.get("SHISAKU_REMINDER_DAYS", "3"))
# --- end deadlines and notices ---
