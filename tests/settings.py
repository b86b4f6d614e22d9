"""Test settings: the real settings, with a throwaway key, fast hashing and private files in a temp folder."""

import os
import tempfile

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-not-for-production")

from intl_office.settings import *  # noqa: F403
from intl_office.settings import STORAGES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": tempfile.mkdtemp(prefix="intl-office-test-media-")},
    },
    # The live server serves static files straight from the apps; no collectstatic needed.
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# WhiteNoise looks for STATIC_ROOT at start-up; tests serve static files from the apps instead.
STATIC_ROOT = tempfile.mkdtemp(prefix="intl-office-test-static-")
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# One process's cache in tests: each test starts empty, and cache reads are not counted as queries by
# assertNumQueries. The real settings (database table or Redis) are tested in tests/jobs/test_more_than_one_node.py.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
