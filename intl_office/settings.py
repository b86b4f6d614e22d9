"""Settings for intl-office, read from the environment (and an optional .env file).

Every value comes from django-environ; a malformed value (``DJANGO_DEBUG=maybe``,
an unparsable ``DATABASE_URL``) stops start-up instead of being guessed at.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# DJANGO_READ_DOT_ENV=false ignores .env (the settings tests use it to see the bare defaults).
if env.str("DJANGO_READ_DOT_ENV", default="true").strip().lower() not in {"0", "false", "no", "off"}:
    environ.Env.read_env(BASE_DIR / ".env")


def _strict_bool(name: str, default: bool) -> bool:
    # environ's own bool() reads any unknown word as False; a typo must not
    # silently switch debug off (or on).
    raw = env.str(name, default=str(default)).strip().lower()
    if raw in {"1", "true", "yes", "on"}:
        return True
    if raw in {"0", "false", "no", "off", ""}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


DEBUG = _strict_bool("DJANGO_DEBUG", False)

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
    "django_countries",
    "django_filters",
    "import_export",
    # The layers, bottom up (see the README's "Architecture"): the core, the domain, then each feature.
    "intl_office.core",
    "partners",
    "programs",
    "students",
    "experts",
    "intl_office.site",
    "intl_office.reports",
    "intl_office.imports",
    "intl_office.reminders",
    "intl_office.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "intl_office.middleware.StaffAreaLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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

# The default is an SQLite file inside the project, built from BASE_DIR so that
# it does not depend on the directory the command was started from.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
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


def _strict_int(name: str, default: int) -> int:
    try:
        return env.int(name, default=default)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {env.str(name)!r}.") from None


# Development prints e-mails to the console; anywhere else they go out over SMTP (manage.py send_reminders
# refuses to record reminders as sent through the console or dummy backend when debug is off).
EMAIL_BACKEND = env.str(
    "DJANGO_EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env.str("DJANGO_EMAIL_HOST", default="localhost")
EMAIL_PORT = _strict_int("DJANGO_EMAIL_PORT", 25)
EMAIL_HOST_USER = env.str("DJANGO_EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("DJANGO_EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = _strict_bool("DJANGO_EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _strict_bool("DJANGO_EMAIL_USE_SSL", False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured(
        "Set DJANGO_EMAIL_USE_TLS (STARTTLS, port 587) or DJANGO_EMAIL_USE_SSL (port 465), not both."
    )
# Seconds; without it a stalled mail server would hang the daily run forever.
EMAIL_TIMEOUT = _strict_int("DJANGO_EMAIL_TIMEOUT", 30)
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
# Spreadsheet imports (intl_office.importing): the largest file accepted.
IMPORT_MAX_FILE_BYTES = _strict_int("DJANGO_IMPORT_MAX_FILE_BYTES", 5 * 1024 * 1024)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG and _strict_bool("DJANGO_SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# HTTPS is usually ended by a proxy in front of gunicorn; these stay off until the deployment says so.
SECURE_SSL_REDIRECT = _strict_bool("DJANGO_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = _strict_int("DJANGO_HSTS_SECONDS", 0)
if _strict_bool("DJANGO_BEHIND_HTTPS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"


# Public inputs: what a visitor's query and an uploaded agreement scan may be (docs/security-public.md).
def _strict_positive_int(name: str, default: int) -> int:
    value = _strict_int(name, default)
    if value < 1:
        raise ImproperlyConfigured(f"{name} must be at least 1, not {value}.")
    return value


# The public program search (?q=) reads this many characters and searches this many words; the rest is left out
# and the page says so. Each word adds conditions to the query.
PUBLIC_SEARCH_MAX_CHARACTERS = _strict_positive_int("DJANGO_PUBLIC_SEARCH_MAX_CHARACTERS", 200)
PUBLIC_SEARCH_MAX_WORDS = _strict_positive_int("DJANGO_PUBLIC_SEARCH_MAX_WORDS", 10)
# The largest scanned agreement accepted, in bytes (checked before the file is read).
AGREEMENT_SCAN_MAX_BYTES = _strict_positive_int("DJANGO_AGREEMENT_SCAN_MAX_BYTES", 20 * 1024 * 1024)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="WARNING")},
}
