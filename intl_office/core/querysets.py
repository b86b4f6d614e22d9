"""Date rules the domain apps' QuerySets share: a calendar year's span, and "due within its own lead time"."""

import datetime

from django.db import connections
from django.db.models import Exists, F, Lookup, Q, QuerySet
from django.db.models.expressions import RawSQL


def year_span(year: int) -> tuple[datetime.date, datetime.date]:
    """The first and last day of a calendar year."""
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def within_lead_time(queryset: QuerySet, date_field: str, lead_field: str, today: datetime.date) -> QuerySet:
    """Records whose date falls within their own lead time from ``today`` (or is already past).

    Each record carries its lead time in days (``lead_field``): it is due from ``date - lead time`` on.
    Lead times are few distinct values (the defaults, and the odd edited one), so the comparison is written
    per value in plain date terms, which every database compares alike. Costs one query (the lead times in use, read
    through an index leading with the lead time: ``distinct_values``) when called; the records are read when the
    result is.
    """
    leads = distinct_values(queryset, lead_field)
    if not leads:
        return queryset.none()
    condition = Q()
    for days in leads:
        condition |= Q(**{lead_field: days, f"{date_field}__lte": today + datetime.timedelta(days=days)})
    return queryset.filter(condition)


def distinct_values(queryset: QuerySet, field_name: str) -> list:
    """The distinct non-null values of a column among a QuerySet's records, in order, read through an index on it.

    ``SELECT DISTINCT`` reads every record, however few the values (140,000 students for 150 nationalities). This
    walks the index instead, one value after another (a "loose index scan": a recursive query asking for the least
    value above the previous one), so it costs a probe of the index per distinct value, whatever the number of
    records. Written in SQL both PostgreSQL and SQLite run, as one query. Without an index on the column (or one
    leading with it) the database reads the table once per value: give the column an index.
    """
    values = queryset.order_by().filter(**{f"{field_name}__isnull": False}).values_list(field_name, flat=True)
    connection = connections[queryset.db]
    quote = connection.ops.quote_name
    first_sql, first_params = _sql(values.order_by(field_name)[:1], connection)
    step = values.filter(**{f"{field_name}__gt": RawSQL(f"{quote('_present')}.{quote('value')}", ())})
    step_sql, step_params = _sql(step.order_by(field_name)[:1], connection)
    sql = (
        f"WITH RECURSIVE {quote('_present')} ({quote('value')}) AS ("
        f"SELECT ({first_sql}) "
        f"UNION ALL SELECT ({step_sql}) FROM {quote('_present')} WHERE {quote('_present')}.{quote('value')} IS NOT NULL"
        f") SELECT {quote('value')} FROM {quote('_present')} WHERE {quote('value')} IS NOT NULL"
    )
    column = values.query.resolve_ref(field_name)
    converters = connection.ops.get_db_converters(column) + column.output_field.get_db_converters(connection)
    with connection.cursor() as cursor:
        cursor.execute(sql, (*first_params, *step_params))
        rows = [row[0] for row in cursor.fetchall()]
    for converter in converters:
        rows = [converter(value, column, connection) for value in rows]
    return rows


def _sql(queryset: QuerySet, connection) -> tuple[str, tuple]:
    return queryset.query.get_compiler(connection=connection).as_sql()


class _PkInArray(Lookup):
    """``pk = ANY('{1,2,…}'::bigint[])``: one array value, where ``pk IN (1, 2, …)`` is thousands of constants that
    PostgreSQL parses and types one by one (7,000 due students at 100x: planned in 53 ms as a list, 3 ms as an
    array)."""

    lookup_name = "in_array"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s::bigint[])", [*lhs_params, "{" + ",".join(str(int(pk)) for pk in self.rhs) + "}"]


def keys_read(queryset: QuerySet) -> tuple[list | None, bool]:
    """The keys ``with_pks`` narrowed a QuerySet to (None if it did not), and whether nothing else narrows it."""
    where = queryset.query.where
    if where.negated or where.connector != "AND":
        return None, False
    arrays = [child for child in where.children if isinstance(child, _PkInArray)]
    if len(arrays) != 1:
        return None, False
    return list(arrays[0].rhs), len(where.children) == 1


def with_pks(queryset: QuerySet, pks) -> QuerySet:
    """The records of ``queryset`` whose primary key is one of ``pks`` (a list already read), as one array value on
    PostgreSQL and Django's ``IN`` elsewhere."""
    pks = list(pks)
    if connections[queryset.db].vendor != "postgresql" or not pks:
        return queryset.filter(pk__in=pks)
    return queryset.filter(_PkInArray(F("pk"), pks))


class ExistsPerRow(Exists):
    """``EXISTS`` checked row by row through the subquery's indexes.

    PostgreSQL turns a plain ``EXISTS`` into a join, and when it overestimates the outer rows it hashes the whole of
    the subquery's tables first (every active partner link, for 800 expired agreements at 100x: 125 ms). ``OFFSET 0``
    keeps the subquery a subplan run for each outer row (44 ms there); other databases read it as no offset."""

    template = "EXISTS(%(subquery)s OFFSET 0)"
