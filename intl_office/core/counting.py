"""How an admin list counts its records without reading all of them.

``COUNT(*)`` reads every matching row, so an admin list's cost would grow with its records: at a hundred times the
demo, counting the enrolled students or a search for "Visit" (435,000 delegations) was most of the page's time.
PostgreSQL can estimate instead:

- an unfiltered list of a large table takes the table's row estimate (``pg_class.reltuples``, refreshed by ANALYZE
  and autovacuum);
- a filtered or searched list first asks the planner's estimate of the whole query (``EXPLAIN``, run inside the
  database by ``office_count_estimate``, created by core migration 0014); above ``ADMIN_ESTIMATED_COUNT_ABOVE`` that
  is the count, else the rows are counted, at most that many (with more, the larger of the two);
- a list narrowed to keys read beforehand (the records due, ``with_pks``) has as many records as keys when nothing
  else narrows it, and is counted exactly otherwise (no more than the keys): no estimate, whose planning would weigh
  thousands of keys one by one.

Either way it is one query, so a list costs the same number of queries at any size. A list the planner expects to be
small is counted exactly (every list of the demo, at its size); an estimate may be off by some percent, which is why
the page says "about". The admin's templates say "about" before an estimate
(``templates/admin/pagination.html``, ``actions.html``, ``search_form.html``). SQLite counts exactly.
"""

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db import connections, models
from django.utils.functional import cached_property

from intl_office.core.querysets import keys_read

# Created on PostgreSQL by core migration 0014. EXPLAIN plans the query without running it: the top node's row
# estimate is what the planner expects the whole query to return.
COUNT_ESTIMATE_FUNCTION = """
CREATE OR REPLACE FUNCTION office_count_estimate(query text) RETURNS bigint
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    plan json;
BEGIN
    EXECUTE 'EXPLAIN (FORMAT JSON) ' || query INTO plan;
    RETURN (plan -> 0 -> 'Plan' ->> 'Plan Rows')::numeric::bigint;
END
$$
"""
DROP_COUNT_ESTIMATE_FUNCTION = "DROP FUNCTION IF EXISTS office_count_estimate(text)"


class EstimatedCountPaginator(Paginator):
    """A paginator whose ``count`` is exact up to ``ADMIN_ESTIMATED_COUNT_ABOVE`` and PostgreSQL's estimate above it
    (``count_is_estimate`` then says so)."""

    count_is_estimate = False

    @cached_property
    def count(self):
        counted = self._count_on_postgresql()
        if counted is None:
            return super().count
        count, self.count_is_estimate = counted
        return count

    def _count_on_postgresql(self) -> tuple[int, bool] | None:
        queryset = self.object_list
        if not isinstance(queryset, models.QuerySet):
            return None
        connection = connections[queryset.db]
        if connection.vendor != "postgresql":
            return None
        above = settings.ADMIN_ESTIMATED_COUNT_ABOVE
        keys, only_keys = keys_read(queryset)
        if keys is not None and len(keys) <= above and not queryset.query.distinct:
            if only_keys:
                # Narrowed to keys just read from this table (the records due): as many records as keys.
                return len(set(keys)), False
            # No more records than keys: counted exactly, with no estimate to plan the query with thousands of keys.
            sql, params = self._capped_count_sql(queryset, above, estimate=False)
        elif not queryset.query.where and not queryset.query.distinct:
            sql, params = self._table_count_sql(queryset, above)
        else:
            try:
                sql, params = self._capped_count_sql(queryset, above)
            except EmptyResultSet:
                # A filter no row can match (an empty list of ids): Django's own count answers 0 without a query.
                return None
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            row = cursor.fetchone()
        if row is None or row[0] is None:
            return None
        return int(row[0]), bool(row[1])

    @staticmethod
    def _table_count_sql(queryset, above: int) -> tuple[str, list]:
        """The table's estimate above the threshold, else its exact count: the ``COUNT(*)`` is an InitPlan, run only
        when the estimate is small."""
        connection = connections[queryset.db]
        table = queryset.model._meta.db_table
        return (
            "SELECT CASE WHEN reltuples > %s THEN reltuples::bigint "
            f"ELSE (SELECT COUNT(*) FROM {connection.ops.quote_name(table)}) END, reltuples > %s "
            "FROM pg_class WHERE oid = to_regclass(%s)",
            [above, above, table],
        )

    @staticmethod
    def _capped_count_sql(queryset, above: int, *, estimate: bool = True) -> tuple[str, list]:
        """The planner's estimate when it is above ``above``, else the rows counted, at most ``above`` + 1 of them
        (with more, the larger of the estimate and what was counted).

        The estimate comes first because counting even a capped number of matches costs what the match does: a
        search for a common name reads its whole trigram index entry before the first row. Planning costs about a
        millisecond whatever the size of the table."""
        connection = connections[queryset.db]
        rows = queryset.order_by().values("pk")
        capped_sql, capped_params = rows[: above + 1].query.sql_with_params()
        if not estimate:
            return f"SELECT COUNT(*), false FROM ({capped_sql}) AS capped", list(capped_params)
        whole_sql = connection.ops.compose_sql(*rows.query.sql_with_params())
        return (
            "WITH planned AS (SELECT office_count_estimate(%s) AS estimate), "
            f"counted AS MATERIALIZED (SELECT COUNT(*) AS n FROM ({capped_sql}) AS capped) "
            # Correlated, so run only when the CASE reaches them: no counting when the estimate is large.
            "SELECT CASE WHEN estimate > %s THEN estimate "
            "ELSE (SELECT CASE WHEN n <= %s THEN n ELSE GREATEST(estimate, n) END FROM counted) END, "
            "CASE WHEN estimate > %s THEN true ELSE (SELECT n > %s FROM counted) END "
            "FROM planned",
            [whole_sql, *capped_params, above, above, above, above],
        )
