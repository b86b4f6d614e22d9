"""The Celery application: `celery -A intl_office.jobs.celery worker` runs the jobs (see the README's "Background
jobs"). Broker and result store come from settings.CELERY_* (Redis when REDIS_URL is set)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "intl_office.settings")

app = Celery("intl_office")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["intl_office.jobs"])
