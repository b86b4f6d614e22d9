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


def database(config: dict) -> dict:
    """A DATABASES entry from django-environ's parsed URL: no transaction per request, and PostgreSQL's options."""
    config["ATOMIC_REQUESTS"] = False
    if config["ENGINE"] == "django.db.backends.postgresql":
        options = config.setdefault("OPTIONS", {})
        options["options"] = f"{options.get('options', '')} {POSTGRESQL_OPTIONS}".strip()
    return config
