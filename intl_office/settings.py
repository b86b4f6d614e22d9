"""Settings for intl-office, read from the environment (and an optional .env file).

Every value comes from django-environ; a malformed value (``DJANGO_DEBUG=maybe``,
an unparsable ``DATABASE_URL``) stops start-up instead of being guessed at.
"""

from datetime import timedelta
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from intl_office.database import database
from intl_office.environment import read_environment
from intl_office.security_headers import content_security_policy

BASE_DIR = Path(__file__).resolve().parent.parent

env = read_environment(BASE_DIR)

DEBUG = env.strict_bool("DJANGO_DEBUG", False)

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it in the environment or in .env "
            "(see .env.example); only DJANGO_DEBUG=true runs with a development key."
        )
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "csp",
    "django_countries",
    "django_filters",
    "import_export",
    # The open data API (intl_office.api): Django REST framework and its OpenAPI schema.
    "rest_framework",
    "drf_spectacular",
    # Every record's change history (intl_office.core.history).
    "simple_history",
    # Sign-in protections (intl_office.accounts): lockouts after failed sign-ins, and the second factor.
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # The layers, bottom up (see the README's "Architecture"): the core, the domain, then each feature.
    "intl_office.core",
    "partners",
    "programs",
    "students",
    "experts",
    # Official travel abroad and incoming visits: a workflow on the domain that the site and reports count from.
    "intl_office.travel",
    # Background jobs: the lowest feature; imports, reports and reminders hand their long work to it.
    "intl_office.jobs",
    "intl_office.site",
    "intl_office.reports",
    "intl_office.imports",
    "intl_office.reminders",
    "intl_office.documents",
    "intl_office.accounts",
    "intl_office.privacy",
    "intl_office.api",
    # The office's roles as groups of permissions (unit scope itself is the core's: intl_office.core.scope).
    "intl_office.roles",
    "intl_office.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "intl_office.middleware.StaffAreaLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Lets a historical row name the signed-in user who made the change (intl_office.core.history).
    "simple_history.middleware.HistoryRequestMiddleware",
    # Sign-in and sessions (intl_office.accounts): end sessions past their limits, then the second factor
    # (django-otp reads the verified device from the session; the staff area requires one of those who must).
    "intl_office.accounts.middleware.SessionLimitsMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "intl_office.accounts.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Turns a locked-out sign-in into the login page with its message (intl_office.accounts.lockouts); last.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "intl_office.urls"

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
            ],
        },
    },
]

WSGI_APPLICATION = "intl_office.wsgi.application"

# By default an SQLite file in the project (from BASE_DIR: the same whatever the current directory).
DATABASES = {
    # PostgreSQL connections get the options the office's queries were measured with (intl_office.database).
    "default": database(
        env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env.strict_int("DJANGO_DB_CONN_MAX_AGE", 60, minimum=0),
    ),
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("zh-hans", _("Simplified Chinese")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    # Scanned agreements are private: they live outside STATIC/public URLs and
    # are only served through a permission-checked view.
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "private_media")},
    },
    "staticfiles": {
        "BACKEND": env.str(
            "DJANGO_STATICFILES_STORAGE",
            default="django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage",
        ),
    },
}

LOGIN_URL = "admin:login"


# Development prints e-mails to the console; anywhere else they go out over SMTP (manage.py send_reminders
# refuses to record reminders as sent through the console or dummy backend when debug is off).
EMAIL_BACKEND = env.str(
    "DJANGO_EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env.str("DJANGO_EMAIL_HOST", default="localhost")
EMAIL_PORT = env.strict_int("DJANGO_EMAIL_PORT", 25)
EMAIL_HOST_USER = env.str("DJANGO_EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("DJANGO_EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.strict_bool("DJANGO_EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env.strict_bool("DJANGO_EMAIL_USE_SSL", False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured(
        "Set DJANGO_EMAIL_USE_TLS (STARTTLS, port 587) or DJANGO_EMAIL_USE_SSL (port 465), not both."
    )
# Seconds; without it a stalled mail server would hang the daily run forever.
EMAIL_TIMEOUT = env.strict_int("DJANGO_EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="intl-office@localhost")
# manage.py send_reminders: links in the digests point to this site; due items of a unit without a contact
# e-mail go to the fallback address (when set), else only the admin's front page shows them.
REMINDERS_BASE_URL = env.str("DJANGO_REMINDERS_BASE_URL", default="http://127.0.0.1:8000")
REMINDERS_FALLBACK_EMAIL = env.str("DJANGO_REMINDERS_FALLBACK_EMAIL", default="")

# Countries and regions: Hong Kong, Macao and Taiwan are regions, as the
# university's own statistics count them; django-countries' names say so.
COUNTRIES_OVERRIDE = {
    "HK": _("Hong Kong, China"),
    "MO": _("Macao, China"),
    "TW": _("Taiwan, China"),
}

# django-import-export: whole-file transactions, never a partial bulk write.
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG and env.strict_bool("DJANGO_SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# HTTPS is usually ended by a proxy in front of gunicorn; these stay off until the deployment says so.
SECURE_SSL_REDIRECT = env.strict_bool("DJANGO_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env.strict_int("DJANGO_HSTS_SECONDS", 0)
if env.strict_bool("DJANGO_BEHIND_HTTPS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"


# Public inputs: what a visitor's query and an uploaded agreement scan may be (docs/security-public.md).
# The public program search (?q=) reads this many characters and searches this many words; the rest is left out
# and the page says so. Each word adds conditions to the query.
PUBLIC_SEARCH_MAX_CHARACTERS = env.strict_positive_int("DJANGO_PUBLIC_SEARCH_MAX_CHARACTERS", 200)
PUBLIC_SEARCH_MAX_WORDS = env.strict_positive_int("DJANGO_PUBLIC_SEARCH_MAX_WORDS", 10)
# The largest scanned agreement accepted, in bytes (checked before the file is read).
AGREEMENT_SCAN_MAX_BYTES = env.strict_positive_int("DJANGO_AGREEMENT_SCAN_MAX_BYTES", 20 * 1024 * 1024)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="WARNING")},
    # Sign-ins, failures, lockouts, unlocks and second-factor resets (never a password or a code; intl_office.accounts).
    "loggers": {"intl_office.signin": {"level": "INFO"}},
}

# Security headers and deployment (see docs/security-headers.md): the Content-Security-Policy of
# intl_office.security_headers; DJANGO_CSP_REPORT_ONLY=true sends it as Content-Security-Policy-Report-Only (browsers
# report violations and block nothing), to try a change.
CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY_REPORT_ONLY = content_security_policy(
    report_uri=env.str("DJANGO_CSP_REPORT_URI", default=""),
    report_only=env.strict_bool("DJANGO_CSP_REPORT_ONLY", False),
)
# HSTS (with DJANGO_HSTS_SECONDS above): subdomains of the site's own host name are included by default; the
# preload keyword is off until the deployment opts in (see the README's "Serving in production").
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.strict_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env.strict_bool("DJANGO_HSTS_PRELOAD", False)

# --- Sign-in and sessions (intl_office.accounts; docs/security-signin.md) ---
# These stay on with DJANGO_DEBUG=true: a laptop with a copy of the office's database is where leaks start.


# Lockouts (django-axes): a username is locked from one address after this many failed sign-ins in a row (a wrong
# password or a wrong second-factor code), for this many minutes; a superuser can unlock it sooner in the admin.
LOGIN_FAILURE_LIMIT = env.strict_positive_int("DJANGO_LOGIN_FAILURE_LIMIT", 5)
LOGIN_LOCKOUT_MINUTES = env.strict_positive_int("DJANGO_LOGIN_LOCKOUT_MINUTES", 15)
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(minutes=LOGIN_LOCKOUT_MINUTES)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# A successful sign-in clears the count; attempts during a lockout neither count nor prolong it.
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# The login page again, with the lockout's message, instead of a bare error page.
AXES_LOCKOUT_CALLABLE = "intl_office.accounts.lockouts.lockout_response"
# Never stored in an attempt's form data (the password is always masked).
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "otp_token"]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# With Redis (REDIS_URL, e.g. redis://127.0.0.1:6379/0) the failure counts live in its cache, shared by every
# worker; without it, in the database.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    # The cache itself (Redis here, else the database) is set with the background jobs' settings below.
    AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
else:
    AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"

# The second factor (django-otp): an authenticator app (TOTP) and backup codes. Required of superusers and of
# everyone who may see personal data, export or import (intl_office.accounts.policy); with this, of all staff.
OTP_REQUIRED_FOR_ALL = env.strict_bool("DJANGO_OTP_REQUIRED_FOR_ALL", False)
OTP_TOTP_ISSUER = "BJTU International Office"
# The device admins never show a secret key or a backup code.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Sessions end after this many minutes without a request, and this many hours after signing in however active.
SESSION_IDLE_MINUTES = env.strict_positive_int("DJANGO_SESSION_IDLE_MINUTES", 30)
SESSION_MAX_HOURS = env.strict_positive_int("DJANGO_SESSION_MAX_HOURS", 12)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60

# Argon2 first: new passwords are hashed with it, and older hashes are re-hashed at their next sign-in.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

# Spreadsheet imports: what a file may hold, checked before it is parsed (docs/security-imports.md). A file over a
# limit is refused with a message naming the limit; raise one only if the server has the memory and time for it.
# The largest file accepted, in bytes.
IMPORT_MAX_FILE_BYTES = env.strict_int("DJANGO_IMPORT_MAX_FILE_BYTES", 5 * 1024 * 1024)
# Records (rows below the header) in one file, and columns and cells in its sheet.
IMPORT_MAX_ROWS = env.strict_positive_int("DJANGO_IMPORT_MAX_ROWS", 20_000)
IMPORT_MAX_COLUMNS = env.strict_positive_int("DJANGO_IMPORT_MAX_COLUMNS", 100)
IMPORT_MAX_CELLS = env.strict_positive_int("DJANGO_IMPORT_MAX_CELLS", 1_000_000)
# An XLSX file is a zip: the total of its unpacked parts, and the distinct texts of its shared-strings table.
IMPORT_XLSX_MAX_UNCOMPRESSED_BYTES = env.strict_positive_int(
    "DJANGO_IMPORT_XLSX_MAX_UNCOMPRESSED_BYTES", 64 * 1024 * 1024
)
IMPORT_XLSX_MAX_SHARED_STRINGS = env.strict_positive_int("DJANGO_IMPORT_XLSX_MAX_SHARED_STRINGS", 200_000)
# The package's shape, not meant to change: parts in the zip; the unpacked size of the shared-strings table (read
# whole into memory) and of any other part but a worksheet (worksheets are read as a stream).
IMPORT_XLSX_MAX_PARTS = 200
IMPORT_XLSX_MAX_SHARED_STRINGS_BYTES = 16 * 1024 * 1024
IMPORT_XLSX_MAX_PART_BYTES = 4 * 1024 * 1024

# Privacy (intl_office.privacy, docs/privacy.md): students whose stay ended, and experts whose last appointment
# ended, this many years ago are anonymised by `manage.py purge_personal_data` (their figures are kept).
PERSONAL_DATA_RETENTION_YEARS = env.strict_positive_int("DJANGO_PERSONAL_DATA_RETENTION_YEARS", 5)

# --- Open data (intl_office.api): the read-only JSON API at /api/v1/ and the overview's figures as CSV ---
# Responses are cached this many seconds (the figures change when records do, a few times a day at most).
API_CACHE_SECONDS = env.strict_positive_int("DJANGO_API_CACHE_SECONDS", 600)
REST_FRAMEWORK = {
    # Public and read-only: no sign-in, JSON only (the docs page at /api/v1/ is drawn from the schema).
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "BJTU International Office open data",
    "DESCRIPTION": (
        "Published programs, partner institutions and the overview's figures by year, in English and Chinese. "
        "Only what the public pages show; never a person."
    ),
    "VERSION": "1",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SERVE_INCLUDE_SCHEMA": False,
}
# The office's public contact, shown in the public site's footer when set (an office's, never a person's own).
PUBLIC_OFFICE_EMAIL = env.str("DJANGO_PUBLIC_OFFICE_EMAIL", default="")
PUBLIC_OFFICE_PHONE = env.str("DJANGO_PUBLIC_OFFICE_PHONE", default="")
# --- Background jobs and more than one machine (intl_office.jobs; docs/deployment.md) ---
# Nothing lives in one process's memory: sessions in the database, the cache in Redis (REDIS_URL) or else in a
# database table (made by the jobs app's migration), lockouts in that cache or the database (above), and every job's
# state in its row. Any number of web nodes can then serve the same users.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# The table is made by intl_office/jobs/migrations/0002_cache_table.py (migrate is the only set-up step).
CACHE_TABLE = "intl_office_cache"
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": CACHE_TABLE}}
# Celery (intl_office.jobs.celery, which sets how the worker runs): Redis is the broker and result store when
# REDIS_URL is set (or CELERY_BROKER_URL); with neither, jobs run in the process that submits them (a lone `make run`).
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_RESULT_BACKEND = CELERY_BROKER_URL or None
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
# The queue the web nodes send jobs to and the workers read (one per deployment sharing a Redis).
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_QUEUE", default="intl-office")
# A finished job's file is kept this many hours, then removed with the job.
JOBS_KEEP_HOURS = env.strict_positive_int("DJANGO_JOBS_KEEP_HOURS", 24)
# List exports of more rows than this, and imports of more rows than IMPORT_BACKGROUND_ROWS, run as jobs.
EXPORT_BACKGROUND_ROWS = env.strict_positive_int("DJANGO_EXPORT_BACKGROUND_ROWS", 5000)
IMPORT_BACKGROUND_ROWS = env.strict_positive_int("DJANGO_IMPORT_BACKGROUND_ROWS", 2000)
# make backup / make restore: where the database dump and the private files' archive go.
BACKUP_DIR = env.path("BACKUP_DIR", default=BASE_DIR / "backups")

# --- Change history (intl_office.core.history, django-simple-history) ---
# History pages show old -> new values; reverting from them would bypass the checks of the change form (stale copies,
# personal data), so the admin offers no revert.
SIMPLE_HISTORY_REVERT_DISABLED = True
# Performance at scale. The cache is Redis or the database (the background jobs' block above), shared by every
# process, so a write forgets the cached figures for every worker.
# The overview's and the annual report's figures stay cached this long at most; any write to a record they read
# forgets them at once (intl_office.core.figure_cache).
FIGURES_CACHE_SECONDS = env.strict_positive_int("DJANGO_FIGURES_CACHE_SECONDS", 300)
# The admin's lists count at most this many rows on PostgreSQL and show the planner's estimate ("about N") above it,
# filtered or not (a full COUNT(*) of many rows takes long; intl_office.core.counting).
ADMIN_ESTIMATED_COUNT_ABOVE = env.strict_positive_int("DJANGO_ADMIN_ESTIMATED_COUNT_ABOVE", 20_000)
# The sitemap's addresses per file (both languages counted): /sitemap.xml is the index of the files. Small enough
# that BJTU's own records fill a file of partners (156 partners, 312 addresses): a file then has the same size
# however many records there are, and only the index grows, by one short entry per file.
SITEMAP_LIMIT = env.strict_positive_int("DJANGO_SITEMAP_LIMIT", 100)
# Compliance reminders and the admin's front page (issue 14). Days before a passport or an insurance expires that it
# is listed as due (residence and work permits carry their own lead time on each record).
PASSPORT_REMINDER_DAYS = env.strict_positive_int("DJANGO_PASSPORT_REMINDER_DAYS", 180)
INSURANCE_REMINDER_DAYS = env.strict_positive_int("DJANGO_INSURANCE_REMINDER_DAYS", 30)
# An item lapsed longer than this many days leaves the top of the due list for its own "overdue, unresolved" list.
DUE_OVERDUE_AFTER_DAYS = env.strict_positive_int("DJANGO_DUE_OVERDUE_AFTER_DAYS", 90)
