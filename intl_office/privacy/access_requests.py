"""Access requests (PIPL art. 45, GDPR art. 15): everything the office holds about one person, as JSON and XLSX.

The dossier has one part per kind of data, found generically so that records added later are included too:

- the record itself, every field;
- its history (its ``history`` manager's rows, where the model keeps a history);
- every record that points to it (outbound stays, appointments, talent projects, documents...), each kind a part;
- the log entries about it: the personal data access log and the admin's change log.

Each part is a list of rows (field → value); the JSON file holds them under the part's key, the workbook one sheet
per part.
"""

import datetime
import decimal
import json

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.http import HttpResponse
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from intl_office.core import spreadsheets as exports
from intl_office.core.models import PersonalDataAccess


def _value(obj, model_field):
    """A field's value as the office reads it: a label for a choice, a name for a related record or a country."""
    if model_field.is_relation:
        related = getattr(obj, model_field.name, None)
        return None if related is None else str(related)
    value = getattr(obj, model_field.attname)
    if model_field.choices and value not in (None, ""):
        return str(dict(model_field.flatchoices).get(value, value))
    if hasattr(value, "code") and hasattr(value, "name"):  # a country
        return str(value.name) if value.code else ""
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or ""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, str | int | float | bool | decimal.Decimal | datetime.date) or value is None:
        return value
    return force_str(value)


def _rows(records, fields=None) -> list[dict]:
    rows = []
    for obj in records:
        concrete = fields or obj._meta.concrete_fields
        rows.append({f.name: _value(obj, f) for f in concrete})
    return rows


class Part:
    def __init__(self, key: str, title, rows: list[dict], headers: dict | None = None):
        self.key = key
        self.title = title
        self.rows = rows
        self.headers = headers or {}


def _headers(model) -> dict:
    return {f.name: capfirst(str(f.verbose_name)) for f in model._meta.concrete_fields}


def dossier(obj) -> list[Part]:
    model = type(obj)
    parts = [Part("record", capfirst(str(model._meta.verbose_name)), _rows([obj]), _headers(model))]
    history = getattr(obj, "history", None)
    if history is not None:
        versions = list(history.all())
        history_model = history.model
        parts.append(Part("history", _("History"), _rows(versions), _headers(history_model)))
    for relation in model._meta.related_objects:
        related_model = relation.related_model
        if related_model._meta.app_label in {"admin", "contenttypes"} or related_model is getattr(
            history, "model", None
        ):
            continue
        if relation.many_to_many or relation.one_to_many:
            records = list(getattr(obj, relation.get_accessor_name()).all())
        else:
            one = getattr(obj, relation.get_accessor_name(), None)
            records = [one] if one is not None else []
        parts.append(
            Part(
                related_model._meta.label_lower,
                capfirst(str(related_model._meta.verbose_name_plural)),
                _rows(records),
                _headers(related_model),
            )
        )
    parts.append(_access_log_part(obj))
    parts.append(_admin_log_part(obj))
    return parts


def _access_log_part(obj) -> Part:
    rows = [
        {
            "at": _value(access, PersonalDataAccess._meta.get_field("created_at")),
            "username": access.username,
            "kind": access.get_kind_display(),
        }
        for access in PersonalDataAccess.objects.about(obj).order_by("created_at")
    ]
    headers = {"at": _("When"), "username": _("Username"), "kind": _("What")}
    return Part("access_log", _("Personal data access log"), rows, headers)


def _admin_log_part(obj) -> Part:
    content_type = ContentType.objects.get_for_model(obj)
    entries = LogEntry.objects.filter(content_type=content_type, object_id=str(obj.pk)).order_by("action_time")
    rows = [
        {
            "at": _value(entry, LogEntry._meta.get_field("action_time")),
            "username": entry.user.get_username(),
            "action": _action(entry),
            "change": entry.get_change_message(),
        }
        for entry in entries.select_related("user")
    ]
    headers = {"at": _("When"), "username": _("Username"), "action": _("Action"), "change": _("Change")}
    return Part("admin_log", _("Admin change log"), rows, headers)


def _action(entry) -> str:
    if entry.is_addition():
        return _("Added")
    return _("Deleted") if entry.is_deletion() else _("Changed")


def file_stem(obj) -> str:
    return f"access-request-{obj._meta.model_name}-{obj.pk}-{timezone.localdate():%Y%m%d}"


def json_response(obj, parts: list[Part]) -> HttpResponse:
    data = {
        "person": {"kind": obj._meta.label_lower, "id": obj.pk},
        "produced_at": timezone.now(),
        **{part.key: part.rows for part in parts},
    }
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="{file_stem(obj)}.json"'
    return response


def xlsx_response(obj, parts: list[Part]):
    sheets = []
    for part in parts:
        names = list(part.headers) or sorted({name for row in part.rows for name in row})
        sheets.append(
            exports.Sheet(
                title=str(part.title),
                header=[part.headers.get(name, name) for name in names],
                rows=[[row.get(name) for name in names] for row in part.rows],
            )
        )
    return exports.xlsx_response(f"{file_stem(obj)}.xlsx", sheets, title=str(obj))
