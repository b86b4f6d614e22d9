"""The admin's search (``?q=``) with each field across a relation matched in its own table first.

Django's search joins every related table named by ``search_fields`` and ORs the columns of all of them:
``UPPER(student_name) LIKE … OR UPPER(institution.name_en) LIKE …``. No index serves an OR spanning two tables, so
PostgreSQL reads the whole join and the search grows with the records. Here each field across a relation
(``destination__name_en``) becomes a condition on the listed table's own column: the related records' keys, read
through their own trigram index (``intl_office.core.trigram``), then ``destination_id = ANY(ARRAY(SELECT id FROM
partners_institution WHERE …))``. The planner runs that subquery once (an InitPlan) and combines the columns' indexes
in a BitmapOr. Other databases get ``destination_id IN (SELECT …)``, the same plain ``icontains``.

Django's rules stay: each word must match some field, ``^`` means starts with, ``=`` means exactly, ``@`` a full
text search, quotes keep words together. One exception keeps Django's joins: several words searched on a relation
to many (an agreement's partners). Django asks then that one and the same partner match every word not matched by
the agreement itself, which a condition per word cannot say.
"""

from django.contrib.admin.utils import lookup_spawns_duplicates
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models.constants import LOOKUP_SEP
from django.db.models.lookups import In
from django.utils.text import smart_split, unescape_string_literal

PREFIXES = {"^": "istartswith", "=": "iexact", "@": "search"}


class AnyOf(In):
    """``column = ANY(ARRAY(subquery))`` on PostgreSQL: unlike ``IN (subquery)``, a value list an index can serve
    inside an OR. Elsewhere, Django's ``IN``."""

    def get_rhs_op(self, connection, rhs):
        if connection.vendor == "postgresql" and not self.rhs_is_direct_value():
            return f"= ANY(ARRAY{rhs})"
        return super().get_rhs_op(connection, rhs)


class RelationSearchMixin:
    """``get_search_results`` with fields across relations matched in their own tables (see the module)."""

    def get_search_results(self, request, queryset, search_term):
        search_fields = [str(name) for name in self.get_search_fields(request)]
        terms = _terms(search_term)
        if not search_fields or not terms:
            return super().get_search_results(request, queryset, search_term)
        searches = [_FieldSearch(queryset.model, name) for name in search_fields]
        if any(search.unsupported for search in searches) or (
            len(terms) > 1 and any(search.joined and search.to_many for search in searches)
        ):
            return super().get_search_results(request, queryset, search_term)
        queryset = queryset.filter(
            models.Q.create(
                [
                    models.Q.create([search.condition(term) for search in searches], connector=models.Q.OR)
                    for term in terms
                ]
            )
        )
        return queryset, False


def _terms(search_term: str) -> list[str]:
    # As Django splits them: quoted words stay together, unquoted.
    terms = []
    for bit in smart_split(search_term or ""):
        if bit.startswith(('"', "'")) and bit[0] == bit[-1]:
            bit = unescape_string_literal(bit)
        terms.append(bit)
    return terms


class _FieldSearch:
    """One entry of ``search_fields``: its path of fields, its lookup, and whether it crosses a relation.

    Anything unusual (a transform, ``exact`` on a number, which Django casts to text first, a generic relation) is
    ``unsupported``: the whole search is then Django's own.
    """

    def __init__(self, model, name: str):
        lookup = PREFIXES.get(name[:1])
        parts = (name[1:] if lookup else name).split(LOOKUP_SEP)
        self.unsupported = False
        opts = model._meta
        fields = []
        for index, part in enumerate(parts):
            try:
                field = opts.get_field(opts.pk.name if part == "pk" else part)
            except FieldDoesNotExist:
                explicit = lookup is None and index == len(parts) - 1 and fields and fields[-1].get_lookup(part)
                self.unsupported = not explicit or (
                    part == "exact" and not isinstance(fields[-1], models.CharField | models.TextField)
                )
                lookup = part
                break
            fields.append(field)
            if field.is_relation:
                opts = field.related_model._meta
        self.lookup = lookup or "icontains"
        self.path = [field.name for field in fields]
        self.first = fields[0] if fields else None
        self.joined = bool(self.first is not None and self.first.is_relation and len(fields) > 1)
        if (
            self.first is None
            or (self.first.is_relation and len(fields) == 1)
            or isinstance(self.first, GenericRelation)
        ):
            # A bare relation ("partners") compares keys: Django's own.
            self.unsupported = True
        self.to_many = not self.unsupported and lookup_spawns_duplicates(model._meta, LOOKUP_SEP.join(self.path))

    def condition(self, term: str):
        if not self.joined:
            return models.Q(**{LOOKUP_SEP.join([*self.path, self.lookup]): term})
        first = self.first
        inner = first.related_model._base_manager.filter(
            **{LOOKUP_SEP.join([*self.path[1:], self.lookup]): term}
        ).order_by()
        if first.concrete and not first.many_to_many:
            # A foreign key of the listed table: its column against the related records' keys.
            return AnyOf(models.F(first.name), inner.values(first.target_field.name))
        if first.many_to_many:
            # The listed records' keys, read from the linking table.
            own, back = "pk", first.related_query_name() if first.concrete else first.field.name
        else:
            # Records pointing at the listed ones (a reverse foreign key): the keys they point at.
            own, back = first.field.target_field.name, first.field.name
        # Related records linked to none are no key: an inner join, no NULL in the list.
        return AnyOf(models.F(own), inner.filter(**{f"{back}__isnull": False}).values(back))
