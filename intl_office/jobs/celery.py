"""The Celery application: `celery -A intl_office.jobs.celery worker` runs the jobs (see the README's "Background
jobs"). Broker, result store and queue come from settings.CELERY_* (Redis when REDIS_URL is set); how the worker runs
is set here."""

import os

from celery import Celery
from django.conf import settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "intl_office.settings")

app = Celery("intl_office")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.update(
    task_serializer="json",
    accept_content=["json"],
    # A job is acknowledged when done, so a worker that dies mid-job leaves it to another (the runner runs it once).
    task_acks_late=True,
    worker_prefetch_multiplier=1,
    broker_connection_retry_on_startup=True,
    timezone=settings.TIME_ZONE,
    # The worker's beat (`celery ... worker -B`) removes old jobs' files hourly; `manage.py purge_jobs` does the same.
    beat_schedule={"purge-jobs": {"task": "intl_office.jobs.purge_jobs", "schedule": 3600.0}},
)
app.autodiscover_tasks(["intl_office.jobs"])
