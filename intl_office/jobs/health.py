"""Health endpoints for a load balancer: /healthz (the process answers) and /readyz (it can serve: the database,
the cache and, when configured, the job broker answer). Neither needs a session or shows any record."""

import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

BROKER_TIMEOUT_SECONDS = 2


@never_cache
@require_GET
def healthz(request):
    return JsonResponse({"status": "ok"})


def _database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache():
    key = f"readyz-{uuid.uuid4().hex}"
    cache.set(key, "1", 10)
    if cache.get(key) != "1":
        raise RuntimeError("the cache did not keep a value")
    cache.delete(key)


def _broker():
    from intl_office.jobs.celery import app

    with app.connection_for_write(settings.CELERY_BROKER_URL) as conn:
        conn.ensure_connection(max_retries=1, timeout=BROKER_TIMEOUT_SECONDS)


def broker_answers() -> bool:
    """Whether a job broker is configured and answers (`make run` then starts a worker beside the server)."""
    if not settings.CELERY_BROKER_URL:
        return False
    try:
        _broker()
    except Exception:
        return False
    return True


@never_cache
@require_GET
def readyz(request):
    checks = {"database": _database, "cache": _cache}
    if settings.CELERY_BROKER_URL:
        checks["broker"] = _broker
    results = {}
    for name, check in checks.items():
        try:
            check()
        except Exception:
            results[name] = "failed"
        else:
            results[name] = "ok"
    failed = [name for name, result in results.items() if result != "ok"]
    return JsonResponse({"status": "failed" if failed else "ok", "checks": results}, status=503 if failed else 200)
