"""Every record's change history (django-simple-history): who, when, through what, and each field's old → new value.

- ``office_history()``: the ``history = office_history()`` each concrete domain model (and ``Unit``) declares; its
  historical table adds ``via`` (admin form, import, bulk action, command), the import log entry of an import,
  and the username as it was;
- ``recording(via=..., import_log=..., user=...)``: the context in which a change is made. Every historical row
  written inside it, by ``save()``/``delete()`` signals or by ``write_history``, carries that context;
- ``write_history``: history for records written in bulk (imports, bulk actions), one INSERT per batch;
- ``changed_fields``/``changes_since``: which fields differ between two versions, for the refusal of a stale form or
  import (no lost updates).

Why django-simple-history rather than django-pghistory: it shows history in the admin out of the box, keeps one
historical table per model that the ORM queries like any other (``student.history.all()``), writes history for bulk
writes (``bulk_create_with_history``/``bulk_update_with_history``), and works alike on SQLite (the embedded default)
and PostgreSQL; pghistory needs PostgreSQL triggers.
"""

import contextlib
import contextvars
import dataclasses

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

BASELINE_REASON = "baseline"


class Via(models.TextChoices):
    ADMIN_FORM = "admin_form", _("admin form")
    IMPORT = "import", _("import")
    BULK_ACTION = "bulk_action", _("bulk action")
    COMMAND = "command", _("command")
    OTHER = "other", _("other")


class OfficeHistoricalRecord(models.Model):
    """What every historical row adds to simple-history's own columns (``history_user``, ``history_date``...)."""

    via = models.CharField(_("through"), max_length=20, choices=Via, default=Via.OTHER)
    import_log = models.ForeignKey(
        "intl_office.ImportLog",
        verbose_name=_("import"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The import that made this change."),
    )
    # The user's name as it was: a history row keeps it when the user is renamed (or the user row goes).
    history_username = models.CharField(_("username"), max_length=150, blank=True)

    class Meta:
        abstract = True


def office_history(**kwargs) -> HistoricalRecords:
    """The ``history`` of a model: simple-history's, on ``OfficeHistoricalRecord``."""
    return HistoricalRecords(bases=[OfficeHistoricalRecord], **kwargs)


@dataclasses.dataclass(frozen=True)
class Context:
    via: str = Via.OTHER
    import_log: object = None
    user: object = None


_context: contextvars.ContextVar[Context | None] = contextvars.ContextVar("office_history_context", default=None)


@contextlib.contextmanager
def recording(via: str, *, import_log=None, user=None):
    """Changes made inside are recorded as made through ``via`` (by ``user``, for ``import_log``)."""
    token = _context.set(Context(via=via, import_log=import_log, user=user))
    try:
        yield
    finally:
        _context.reset(token)


def current() -> Context:
    return _context.get() or Context()


def _username(user) -> str:
    if user is None or not getattr(user, "is_authenticated", False):
        return ""
    return user.get_username()


def fill_row(history_instance, user=None) -> None:
    """Stamp a historical row with the current context (``pre_create_historical_record`` calls this)."""
    context = current()
    if history_instance.via == Via.OTHER:
        history_instance.via = context.via
    if history_instance.import_log_id is None and context.import_log is not None:
        history_instance.import_log = context.import_log
    if history_instance.history_user_id is None and getattr(context.user, "is_authenticated", False):
        history_instance.history_user = context.user
    history_instance.history_username = _username(user or history_instance.history_user)


def tracks_history(model) -> bool:
    return hasattr(model._meta, "simple_history_manager_attribute")


def write_history(model, objs, *, update: bool, reason: str = "", date=None) -> None:
    """Historical rows for records already written in bulk, in the current context: one INSERT per batch.

    What ``bulk_history_create`` does, without building a model instance per row (``intl_office.core.bulk``)."""
    if not objs or not tracks_history(model):
        return
    from intl_office.core.bulk import insert_fields, insert_values

    context = current()
    user = context.user if getattr(context.user, "is_authenticated", False) else None
    history_model = model.history.model
    stamp = {
        "history_date": date or timezone.now(),
        "history_change_reason": reason or None,
        "history_type": "~" if update else "+",
        "history_user_id": user.pk if user else None,
        "via": context.via,
        "import_log_id": context.import_log.pk if context.import_log is not None else None,
        "history_username": _username(user),
    }
    fields = insert_fields(history_model)
    own = [(f, stamp[f.attname]) for f in fields if f.attname in stamp]
    tracked = [f for f in fields if f.attname not in stamp]
    fields = [*tracked, *(f for f, _value in own)]
    stamp_values = [value for _f, value in own]
    rows = [[getattr(obj, f.attname) for f in tracked] + stamp_values for obj in objs]
    insert_values(history_model, fields, rows)


def write_baseline(model, *, via: str = Via.OTHER, using: str = "default", batch_size: int = 1000) -> int:
    """A baseline historical row for every record of ``model`` that has none yet, so its first change shows
    old → new. Returns the number written. Works on a historical model from a migration's ``apps`` too."""
    history_model = _history_model(model)
    recorded = history_model._default_manager.using(using).values("id")
    missing = model._default_manager.using(using).exclude(pk__in=recorded).order_by("pk")
    tracked = [f.attname for f in history_model._meta.concrete_fields if f.attname not in _HISTORY_OWN_FIELDS]
    now = timezone.now()
    rows = [
        history_model(
            **{name: getattr(record, name) for name in tracked},
            history_date=now,
            history_type="+",
            history_change_reason=BASELINE_REASON,
            via=via,
        )
        for record in missing.iterator(chunk_size=batch_size)
    ]
    history_model._default_manager.using(using).bulk_create(rows, batch_size=batch_size)
    return len(rows)


_HISTORY_OWN_FIELDS = {
    "history_id",
    "history_date",
    "history_change_reason",
    "history_type",
    "history_user_id",
    "via",
    "import_log_id",
    "history_username",
}


def _history_model(model):
    """The historical model of ``model``: by its manager in the running app, by name in a migration's state."""
    if tracks_history(model):
        return getattr(model, model._meta.simple_history_manager_attribute).model
    return model._meta.apps.get_model(model._meta.app_label, f"Historical{model._meta.object_name}")


def baseline_migration(*model_names: str):
    """The ``RunPython`` operation writing baselines for ``"app_label.Model"`` names, once the history tables exist."""
    from django.db import migrations

    def forwards(apps, schema_editor):
        for name in model_names:
            write_baseline(apps.get_model(name), using=schema_editor.connection.alias)

    return migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True)


def m2m_baseline_migration(model_name: str, field_name: str):
    """The ``RunPython`` operation giving each record's latest historical row the many-to-many links the record has
    now, once the links' historical table exists: the first change after it then shows old -> new, not "none" ->."""
    from django.db import migrations

    def forwards(apps, schema_editor):
        using = schema_editor.connection.alias
        model = apps.get_model(model_name)
        history_model = _history_model(model)
        links_model = apps.get_model(model._meta.app_label, f"{history_model._meta.object_name}_{field_name}")
        field = model._meta.get_field(field_name)
        through = field.remote_field.through
        own, other = field.m2m_column_name(), field.m2m_reverse_name()
        latest = {}
        for row in history_model._default_manager.using(using).order_by("history_date", "history_id"):
            latest[row.id] = row
        links = [
            links_model(history=latest[link[own]], id=link["id"], **{own: link[own], other: link[other]})
            for link in through._default_manager.using(using).values("id", own, other)
            if link[own] in latest
        ]
        links_model._default_manager.using(using).bulk_create(links)

    return migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True)


# Change detection for stale forms and imports -------------------------------------------------------------------


def compared_fields(model) -> list:
    """The fields whose change someone else's edit may undo (not the timestamps)."""
    return [f for f in model._meta.concrete_fields if f.name not in ("created_at", "updated_at") and not f.primary_key]


def changed_fields(model, old, new) -> list[str]:
    """Names of the fields whose values differ between two versions (records or historical rows) of a record."""
    return [f.name for f in compared_fields(model) if getattr(old, f.attname) != getattr(new, f.attname)]


def version_at(record, updated_at):
    """The historical row of ``record`` whose ``updated_at`` is ``updated_at`` (the version a form showed)."""
    if not tracks_history(type(record)):
        return None
    return record.history.filter(updated_at=updated_at).order_by("-history_date", "-history_id").first()


def version_before(record, moment):
    """The last historical row of ``record`` written at or before ``moment``."""
    if not tracks_history(type(record)):
        return None
    return record.history.filter(history_date__lte=moment).order_by("-history_date", "-history_id").first()
