"""Settings for the project progress tracker.

Everything that differs between machines comes from environment variables (or a `.env` file beside
manage.py); the defaults are for a developer's machine: debug on, a SQLite file in the project.
"""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# --- Core -------------------------------------------------------------------------------------------------
DEBUG = env.bool("DEBUG", default=True)
if DEBUG:
    SECRET_KEY = env("SECRET_KEY", default="insecure-development-key-do-not-use-in-production")
else:
    # No default: a production server must be given its own key.
    SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tables2",
    "django_filters",
    "treebeard",
    "simple_history",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    # Imports each app's rules.py: every permission is in projects/rules.py.
    "rules.apps.AutodiscoverRulesConfig",
    "projects",
    "reports",
    "reminders",
    # Last, as its documentation asks: a file leaves storage once the row that holds it is deleted (a purged
    # evidence file, or every file of a project deleted in the admin), after the transaction commits.
    "django_cleanup.apps.CleanupConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "tracker.paths.NulPathMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "tracker.locale.ThaiFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Failed sign-ins per address, and the absolute age of a session.
    "tracker.signin.SignInLimitMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "tracker.db_routers.ReadYourWritesMiddleware",
    # Last, so that a locked-out sign-in never reaches the view.
    "axes.middleware.AxesMiddleware",
]

# A form's text boxes are limited to a few thousand characters each (projects/forms/fields.py); a post this
# large still reaches the form, which refuses the long field with a Thai message and keeps everything else.
# Beyond it Django answers 400 (templates/400.html).
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=16 * 1024 * 1024)

ROOT_URLCONF = "tracker.urls"
WSGI_APPLICATION = "tracker.wsgi.application"

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
                "csp.context_processors.nonce",
                "projects.context_processors.user_role",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------------------------------
# SQLite by default; production sets DATABASE_URL=postgres://user@host:5432/name
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # WAL lets the task worker write while the web server reads.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
else:
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # JIT compiling costs ~200 ms on the quarter page's queries (many cheap subqueries over 10,000 rows,
    # which the planner costs high) and wins nothing on the short queries a web page runs.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
    if env.bool("DB_POOL", default=False):
        # psycopg's pool: connections are kept per process and handed to each request.
        DATABASES["default"]["CONN_MAX_AGE"] = 0
        DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
            "min_size": env.int("DB_POOL_MIN", default=2),
            "max_size": env.int("DB_POOL_MAX", default=4),
            "timeout": 10,
        }
    else:
        DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
# A read replica: reads go there, except for a user who has just written (see tracker/db_routers.py).
if env("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = env.db("DATABASE_REPLICA_URL") | {
        "CONN_MAX_AGE": DATABASES["default"].get("CONN_MAX_AGE", 0),
        "CONN_HEALTH_CHECKS": True,
        "TEST": {"MIRROR": "default"},
    }
    if DATABASES["replica"]["ENGINE"] != "django.db.backends.sqlite3":
        DATABASES["replica"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
    DATABASE_ROUTERS = ["tracker.db_routers.PrimaryReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Authentication ---------------------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    # Throttles repeated failed sign-ins before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    # Every permission of the tracker, named predicates in projects/rules.py.
    "rules.permissions.ObjectPermissionBackend",
    # Django's model backend, refusing demo accounts (published passwords) unless DEBUG.
    "projects.demo_accounts.DemoAwareBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"

AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

# Failed sign-ins from one address (any user names: password spraying) before it must wait; django-ratelimit's
# rate, counted in the cache.
SIGN_IN_FAILURES_PER_ADDRESS = env("SIGN_IN_FAILURES_PER_ADDRESS", default="20/15m")

# Looks at the public verification page from one address, django-ratelimit's rate: enough for an office
# checking a stack of papers, far too few to guess check codes.
VERIFY_LOOKUPS_PER_ADDRESS = env("VERIFY_LOOKUPS_PER_ADDRESS", default="120/h")

# A session ends after a working day without a request (each request renews it) ...
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_SAVE_EVERY_REQUEST = True
# ... and at the latest this long after signing in, however busy (tracker/signin.py).
SESSION_ABSOLUTE_AGE = env.int("SESSION_ABSOLUTE_AGE", default=12 * 60 * 60)

# --- Cache ------------------------------------------------------------------------------------------------
# Rate limits (sign-in failures per address, the public verification page) count in the cache. The default
# is per process: a server running several processes (gunicorn workers, several machines) needs a cache they
# share, e.g. CACHE_URL=redis://127.0.0.1:6379/1 or CACHE_URL=dbcache://tracker_cache (then run
# `manage.py createcachetable`), or each process counts on its own.
CACHES = {
    "default": env.cache("CACHE_URL", default="locmemcache://"),
    # Drawn pages of closed quarters' rows (`reports/_quarter_table.html`), apart from the rate limits: a full
    # cache drops entries to make room, and drawn rows must never push a sign-in counter out. Each process keeps
    # its own (a few hundred pages at most); a shared one can be named with FRAGMENT_CACHE_URL.
    "fragments": env.cache("FRAGMENT_CACHE_URL", default="locmemcache://fragments"),
}
RATELIMIT_USE_CACHE = "default"
# Where rate limits read the client's address. Behind a load balancer every request comes from the balancer:
# name a header it sets and overwrites, e.g. CLIENT_ADDRESS_HEADER=HTTP_X_REAL_IP (docs/deployment.md).
RATELIMIT_IP_META_KEY = env("CLIENT_ADDRESS_HEADER", default="REMOTE_ADDR")

# --- Internationalisation ---------------------------------------------------------------------------------
LANGUAGE_CODE = "th"
LANGUAGES = [("th", "ไทย"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Bangkok"
USE_I18N = True
USE_TZ = True

# --- Static files -----------------------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    # plotly.js as shipped inside the plotly package: served by us, never from a CDN.
    "tracker.staticfinders.PlotlyFinder",
]
# Uploaded and generated files (evidence of reports, batch PDFs) go through Django's storage API: the local
# folder MEDIA_ROOT by default, or an S3-compatible object store with FILE_STORAGE=s3 (django-storages; the
# AWS_* variables below), which several app servers share. None of them is ever served by URL: each file is
# handed out by a view that checks permissions first (docs/deployment.md).
FILE_STORAGE = env("FILE_STORAGE", default="local")
if FILE_STORAGE == "s3":
    DEFAULT_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env("AWS_S3_ENDPOINT_URL", default=None),
            "region_name": env("AWS_S3_REGION_NAME", default=None),
            "access_key": env("AWS_ACCESS_KEY_ID", default=None),
            "secret_key": env("AWS_SECRET_ACCESS_KEY", default=None),
            "location": env("AWS_LOCATION", default=""),
            # Private objects; a download is a redirect to a URL signed for a minute, after the permission check.
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": env.int("AWS_QUERYSTRING_EXPIRE", default=60),
            "file_overwrite": False,
        },
    }
else:
    DEFAULT_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": DEFAULT_STORAGE,
    "staticfiles": {
        "BACKEND": env(
            "STATICFILES_BACKEND",
            default="django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_URL = "media/"

# --- Security ---------------------------------------------------------------------------------------------
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        # plotly.js sets inline styles on the elements it draws.
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    # Only a loopback test server without TLS turns these off.
    SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# --- Background tasks -------------------------------------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": env("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# --- E-mail -----------------------------------------------------------------------------------------------
# EMAIL_URL=smtp://user:password@mail.example:587, smtp+tls://… (STARTTLS), smtp+ssl://…, consolemail:// (django-
# environ). Without it a developer's machine writes each message as a `.eml` file into EMAIL_FILE_PATH (`mail/`);
# a production server sends through the local mail server.
_email_url = env("EMAIL_URL", default="") or ("" if DEBUG else "smtp://localhost:25")
_email = (
    environ.Env.email_url_config(_email_url)
    if _email_url
    else {"EMAIL_BACKEND": "tracker.mail.EmlFileBackend"}
)
if (
    _email["EMAIL_BACKEND"] == "django.core.mail.backends.filebased.EmailBackend"
):  # filemail://: one .eml each
    _email["EMAIL_BACKEND"] = "tracker.mail.EmlFileBackend"
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email.get("EMAIL_HOST") or "localhost"
EMAIL_PORT = _email.get("EMAIL_PORT") or 25
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER") or ""
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD") or ""
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", default=_email.get("EMAIL_FILE_PATH") or str(BASE_DIR / "mail"))
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="ระบบติดตามโครงการ กทม. <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Tables -----------------------------------------------------------------------------------------------
DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5.html"
DJANGO_TABLES2_TABLE_ATTRS = {"class": "data-table"}

# --- Logging ----------------------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
}

# --- Domain -----------------------------------------------------------------------------------------------
# The public address printed on forms (QR code of the verification page) when no request is there to tell it,
# e.g. for `print_form` and batch printing.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
# Seconds a PDF document may take to be laid out (each form of a batch has its own) before rendering stops
# with a Thai message: pathological text must not hold a server process for minutes (reports/pdf.py).
PDF_RENDER_SECONDS = env.float("PDF_RENDER_SECONDS", default=30)
# Day of the month after which a project without a report for the month is overdue.
REPORT_DUE_DAY = env.int("REPORT_DUE_DAY", default=25)
# Reminders (`send_reminders`): an optional reminder reaches a person at most once in this many days, and a
# message the mail server refuses is tried this many times before it is marked failed.
REMINDER_QUIET_DAYS = env.int("REMINDER_QUIET_DAYS", default=5)
REMINDER_MAX_ATTEMPTS = env.int("REMINDER_MAX_ATTEMPTS", default=5)
# A legacy file larger than this is refused before it is read (the largest seen is well under 1 MB).
LEGACY_IMPORT_MAX_BYTES = env.int("LEGACY_IMPORT_MAX_BYTES", default=20 * 1024 * 1024)

# Evidence files of monthly reports (projects/evidence.py): the largest file, the most files per report, and
# the most pixels a photo may decode to (a small file that decodes to a huge bitmap is refused).
EVIDENCE_MAX_BYTES = env.int("EVIDENCE_MAX_BYTES", default=20 * 1024 * 1024)
EVIDENCE_MAX_FILES = env.int("EVIDENCE_MAX_FILES", default=20)
EVIDENCE_MAX_PIXELS = env.int("EVIDENCE_MAX_PIXELS", default=50_000_000)
# Behind nginx with local storage: the internal location that serves MEDIA_ROOT, e.g. /protected-media/.
# A download then answers with `X-Accel-Redirect` after the permission check and nginx sends the bytes
# (docs/deployment.md). Empty: the app sends the file itself.
EVIDENCE_X_ACCEL_PREFIX = env("EVIDENCE_X_ACCEL_PREFIX", default="")
