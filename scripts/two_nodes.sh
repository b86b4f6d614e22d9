#!/usr/bin/env bash
# Two web nodes and a job worker on one machine, against one PostgreSQL and one Redis: the smallest copy of a
# multi-node deployment (docs/deployment.md). Put any load balancer in front of the ports; stop with Ctrl-C.
#
#   DATABASE_URL=postgres://... REDIS_URL=redis://127.0.0.1:6379/0 DJANGO_SECRET_KEY=... scripts/two_nodes.sh
#
# Variables: NODE_PORTS (default "8001 8002"), PYTHON (default .venv/bin/python), RUN_DIR (logs; default a new
# temporary folder), PRIVATE_MEDIA_ROOT (the private files every node and the worker share; across machines a
# shared volume), SKIP_MIGRATE=1 (the database is already migrated and the static files collected).
set -euo pipefail
cd "$(dirname "$0")/.."

: "${DATABASE_URL:?Set DATABASE_URL to the one PostgreSQL database every node uses.}"
: "${REDIS_URL:?Set REDIS_URL to the one Redis every node uses (cache, lockouts, job queue).}"
case "$DATABASE_URL" in
	postgres://* | postgresql://* | pgsql://*) ;;
	*) echo "DATABASE_URL must be PostgreSQL: several nodes cannot share an SQLite file." >&2; exit 2 ;;
esac

PYTHON="${PYTHON:-.venv/bin/python}"
NODE_PORTS="${NODE_PORTS:-8001 8002}"
RUN_DIR="${RUN_DIR:-$(mktemp -d -t intl-office-nodes-XXXXXX)}"
export PRIVATE_MEDIA_ROOT="${PRIVATE_MEDIA_ROOT:-$PWD/private_media}"
mkdir -p "$RUN_DIR" "$PRIVATE_MEDIA_ROOT"

if [ "${SKIP_MIGRATE:-}" != 1 ]; then
	"$PYTHON" manage.py migrate --noinput
	"$PYTHON" manage.py collectstatic --noinput -v0
fi

pids=()
stop() {
	trap - EXIT INT TERM
	for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
	wait || true
}
trap stop EXIT INT TERM

for port in $NODE_PORTS; do
	"$PYTHON" -m gunicorn intl_office.wsgi --bind "127.0.0.1:$port" --workers 2 --access-logfile - \
		>"$RUN_DIR/node-$port.log" 2>&1 &
	pids+=($!)
done
# One worker with the beat (the hourly purge of old jobs); more workers go without -B.
"$PYTHON" -m celery -A intl_office.jobs.celery worker -B --concurrency 2 --loglevel INFO \
	--schedule "$RUN_DIR/celerybeat-schedule" >"$RUN_DIR/worker.log" 2>&1 &
pids+=($!)

for port in $NODE_PORTS; do
	for _ in $(seq 1 60); do
		curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
		sleep 0.5
	done
	if ! curl -fsS "http://127.0.0.1:$port/readyz"; then
		echo "Node on port $port is not ready; see $RUN_DIR/node-$port.log" >&2
		exit 1
	fi
	echo
done
echo "ready: nodes on ports $NODE_PORTS, a worker; logs in $RUN_DIR"
# Until one of them stops (or Ctrl-C): then everything stops.
wait -n
