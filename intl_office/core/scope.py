"""Unit scope: staff linked to BJTU units work with the records of those units only.

A member of staff linked to one or more units (``Unit.members``: a school's foreign-affairs secretary) sees, edits,
exports and imports only the records of those units; staff with no unit link (and superusers) work office-wide.

Which records are a unit's is a rule of each domain model, stated once on its QuerySet: ``for_units(units)``
(``UnitScopedQuerySet``; ``unit_field`` names the record's unit, or the QuerySet overrides ``for_units`` when the
unit is on related records, as an expert's is on the appointments). The staff admin (``UnitScopeAdminMixin`` in
``intl_office.core.admin``), list exports, imports (``OfficeResource``), the reminders' due list and the reports ask
``unit_scope`` and ``visible_to``; none re-states the rule.
"""

from django.db import models

from intl_office.core.models import Unit

_UNSET = object()


def unit_scope(user) -> frozenset[int] | None:
    """The ids of the units the user is limited to, or None when the user works office-wide.

    Read once per user object (one query per request): the admin asks for every list, form and field.
    """
    if user is None or not getattr(user, "is_authenticated", False) or user.is_superuser:
        return None
    scope = getattr(user, "_office_unit_scope", _UNSET)
    if scope is _UNSET:
        scope = frozenset(Unit.objects.of_user(user).values_list("pk", flat=True)) or None
        user._office_unit_scope = scope
    return scope


def is_unit_scoped(user) -> bool:
    return unit_scope(user) is not None


def scoped_model(model) -> bool:
    """Whether the model's records belong to units (its QuerySet says which: ``for_units``)."""
    return hasattr(model._default_manager.get_queryset(), "for_units")


def visible_to(queryset, user):
    """The records of the queryset the user may work with: all of them, or their units' for a unit-scoped user."""
    units = unit_scope(user)
    if units is None or not hasattr(queryset, "for_units"):
        return queryset
    return queryset.for_units(units)


def unit_field(model) -> str | None:
    """The name of the foreign key holding a record's own unit, if it has one (an expert has none)."""
    return getattr(model._default_manager.get_queryset(), "unit_field", None)


def belongs_to_units(record, units) -> bool:
    """Whether the record is one of these units' (always, for a record of a model shared by every unit)."""
    model = type(record)
    if not scoped_model(model):
        return True
    field = unit_field(model)
    if field is not None:
        return getattr(record, f"{field}_id") in units
    return record.pk is not None and model._default_manager.for_units(units).filter(pk=record.pk).exists()


def unit_names(units) -> str:
    return ", ".join(Unit.objects.filter(pk__in=units).values_list("name_en", flat=True))


class UnitScopedQuerySet(models.QuerySet):
    """A QuerySet of records that belong to a BJTU unit, through the foreign key ``unit_field``."""

    unit_field: str | None = "unit"

    def for_units(self, units):
        """The records of these units (ids or Unit objects); a record with no unit belongs to none."""
        return self.filter(**{f"{self.unit_field}__in": units})

    def visible_to(self, user):
        return visible_to(self, user)
