"""The database connection the settings build from DATABASE_URL, with the options the office's queries were measured
with on PostgreSQL (docs/benchmarks.md)."""

# Set when connecting, so that they cost no statement of their own:
# - no JIT compilation: the figures' aggregates over every delegation are estimated above PostgreSQL's JIT thresholds,
#   and compiling them took longer than running them (at 100x the reports page's first visit spent 7 of its 19 s
#   compiling; the delegations by country: 3.3 s, 0.4 s without). JIT pays off for long analytic queries only; the
#   office's pages run short ones.
# - random reads priced as on solid-state storage (PostgreSQL's default, 4, prices a spinning disk's seek): at the
#   default the planner read the whole experts table for a name search (83 ms at 100x) instead of the trigram
#   indexes' bitmap (14 ms), and likewise for the other lists' searches.
POSTGRESQL_OPTIONS = "-c jit=off -c random_page_cost=1.1"


def database(config: dict, conn_max_age: int = 0) -> dict:
    """A DATABASES entry from django-environ's parsed URL: no transaction per request, connections kept for
    ``conn_max_age`` seconds (checked before reuse), and PostgreSQL's options."""
    config["ATOMIC_REQUESTS"] = False
    # A new PostgreSQL connection per request starts a server process each time: under gunicorn that was most of the
    # cost of a page served from the cache (`/`: one cache read).
    config["CONN_MAX_AGE"] = conn_max_age
    # A kept connection the server has dropped (a restart, a failover) is noticed before the request uses it.
    config["CONN_HEALTH_CHECKS"] = conn_max_age > 0
    if config["ENGINE"] == "django.db.backends.postgresql":
        options = config.setdefault("OPTIONS", {})
        options["options"] = f"{options.get('options', '')} {POSTGRESQL_OPTIONS}".strip()
    return config
