"""Running an import: columns and duplicate rows checked, the resource run in one transaction, plain messages."""

import re
from dataclasses import dataclass, field

import tablib
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext
from import_export.results import RowResult

from intl_office.core.history import Via, recording
from intl_office.core.resources import OfficeResource
from intl_office.core.scope import unit_scope
from intl_office.imports.duplicates import duplicate_rows

from .files import ImportFileError, Table, read_table
from .kinds import resource_class, resource_for


def _header_key(text) -> str:
    return re.sub(r"[\s_\-]+", "_", str(text).strip().lower()).strip("_")


def column_aliases(resource: OfficeResource) -> dict[str, str]:
    """Header spellings accepted for each column: its name, and its plain name in English or Chinese."""
    aliases = {}
    for f in resource.get_import_fields():
        name = f.column_name
        aliases[_header_key(name)] = name
        for language in ("en", "zh-hans"):
            with translation.override(language):
                aliases.setdefault(_header_key(resource.label_for(name)), name)
    return aliases


@dataclass
class RowPreview:
    line: int
    action: str  # new, update, skip, invalid, error
    record: str
    # For an update: each changed column's label, old value and new value, as the export writes them.
    changes: list[tuple[str, str, str]] = field(default_factory=list)


@dataclass
class ImportReport:
    kind: str
    file_name: str
    dry_run: bool
    created: int = 0
    updated: int = 0
    skipped: int = 0
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    rows: list[RowPreview] = field(default_factory=list)
    # The file as read, and each problem row's messages by spreadsheet row, for the file handed back annotated.
    table: object = None
    problems_by_line: dict = field(default_factory=dict)
    written: bool = False
    log: object = None

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def total(self) -> int:
        return self.created + self.updated + self.skipped


def _violated_constraint(message: str, model):
    """The model's named constraint a refusal is about, if the message says which.

    Model validation says "Constraint “name” is violated" (a constraint without a message of its own); the databases
    name it in their own words (SQLite: "CHECK constraint failed: name"; PostgreSQL: 'violates check constraint
    "name"'), except SQLite for a unique constraint on fields, where it lists the constrained columns instead.
    """
    if model is None:
        return None
    constraints = model._meta.constraints
    for constraint in constraints:
        if re.search(rf"\b{re.escape(constraint.name)}\b", message):
            return constraint
    columns = _sqlite_unique_columns(message)
    for constraint in constraints:
        fields = getattr(constraint, "fields", ())
        if columns and fields and {model._meta.get_field(name).column for name in fields} == set(columns):
            return constraint
    return None


def _sqlite_unique_columns(message: str) -> list[str]:
    found = re.search(r"UNIQUE constraint failed: (.+)$", message)
    return [part.strip().split(".")[-1] for part in found.group(1).split(",")] if found else []


def _field_for_column(model, column: str):
    return next((f for f in model._meta.concrete_fields if f.column == column), None)


def plain_message(message: str, model=None) -> str:
    """A model or database refusal in plain words: a named constraint's own message (``violation_error_message``,
    the words the staff admin shows), or which values clash for a field that must be unique."""
    constraint = _violated_constraint(message, model)
    if constraint is not None:
        return str(constraint.get_violation_error_message())
    columns = _sqlite_unique_columns(message)
    fields = [_field_for_column(model, column) for column in columns] if model is not None else []
    if fields and all(fields):
        labels = ", ".join(str(f.verbose_name) for f in fields)
        return gettext("another record already has this %(fields)s") % {"fields": labels}
    return message


def _row_messages(resource: OfficeResource, line: int, error: ValidationError) -> list[str]:
    messages = []
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            for message in errors:
                if name == NON_FIELD_ERRORS:
                    messages.append(
                        gettext("row %(row)d: %(message)s")
                        % {"row": line, "message": plain_message(message, resource._meta.model)}
                    )
                else:
                    messages.append(
                        gettext("row %(row)d, %(column)s: %(message)s")
                        % {
                            "row": line,
                            "column": resource.label_for(name),
                            "message": plain_message(message, resource._meta.model),
                        }
                    )
    else:
        for message in error.messages:
            messages.append(
                gettext("row %(row)d: %(message)s")
                % {"row": line, "message": plain_message(message, resource._meta.model)}
            )
    return messages


def can_import(user, kind: str) -> bool:
    """Import needs its own permission, and the right to add and change records of the kind."""
    if user is None or not user.is_active:
        return False
    opts = resource_class(kind)._meta.model._meta
    return (
        user.has_perm("intl_office.import_records")
        and user.has_perm(f"{opts.app_label}.add_{opts.model_name}")
        and user.has_perm(f"{opts.app_label}.change_{opts.model_name}")
    )


def _prepare(resource: OfficeResource, table: Table) -> tuple[tablib.Dataset, list[str]]:
    aliases = column_aliases(resource)
    withheld = {} if resource.include_personal else column_aliases(type(resource)())
    problems, headers, seen = [], [], set()
    for header in table.headers:
        name = aliases.get(_header_key(header))
        if name is None and _header_key(header) in withheld:
            problems.append(
                gettext(
                    "Column '%(column)s' holds personal data, which you may not see or import; "
                    "remove the column, or ask for the personal data permission."
                )
                % {"column": header}
            )
        elif name is None:
            problems.append(gettext("Unknown column '%(column)s'.") % {"column": header})
        elif name in seen:
            problems.append(gettext("Column '%(column)s' appears twice.") % {"column": header})
        headers.append(name or header)
        seen.add(name)
    missing = [name for name in resource.required_columns if name not in seen]
    if missing:
        names = ", ".join(resource.header_for(name) for name in missing)
        problems.append(gettext("Missing columns: %(columns)s.") % {"columns": names})
    if problems:
        expected = ", ".join(resource.column_names())
        problems.append(gettext("The columns of this kind are: %(columns)s.") % {"columns": expected})
    dataset = tablib.Dataset(*[tuple(row) for row in table.rows], headers=headers)
    return dataset, problems


# The import log keeps this much of a failed file's messages.
LOGGED_ERROR_CHARS = 4000


def _log(report: ImportReport, user, *, error: str = "", log=None):
    """Record the attempt truthfully: a failed file imported nothing (its counts are 0); a preview, or a run stopped
    for similar names, wrote nothing and its counts are what the import would do.

    ``log``: the entry made before the import started (the history rows it writes point to it), now completed."""
    from intl_office.core.models import ImportLog

    if report.errors:
        status = ImportLog.Status.FAILED
    elif report.written:
        status = ImportLog.Status.IMPORTED
    elif report.dry_run:
        status = ImportLog.Status.PREVIEWED
    else:
        status = ImportLog.Status.STOPPED
    counted = status != ImportLog.Status.FAILED
    values = {
        "user": user if user is not None and user.is_authenticated else None,
        "kind": report.kind,
        "file_name": report.file_name[:255],
        "dry_run": not report.written,
        "status": status,
        "created_count": report.created if counted else 0,
        "updated_count": report.updated if counted else 0,
        "skipped_count": report.skipped if counted else 0,
        "error_count": len(report.errors),
        "error": error[:LOGGED_ERROR_CHARS],
    }
    if log is None:
        return ImportLog.objects.create(**values)
    for name, value in values.items():
        setattr(log, name, value)
    log.save()
    return log


ACTIONS = {
    RowResult.IMPORT_TYPE_NEW: "new",
    RowResult.IMPORT_TYPE_UPDATE: "update",
    RowResult.IMPORT_TYPE_SKIP: "skip",
    RowResult.IMPORT_TYPE_INVALID: "invalid",
    RowResult.IMPORT_TYPE_ERROR: "error",
}


# Rows shown on the preview page, each update with its changed fields.
PREVIEW_ROWS = 500


def run_import(
    kind: str,
    data: bytes,
    file_name: str,
    *,
    user=None,
    dry_run: bool = True,
    accept_similar: bool = False,
    size: int | None = None,
    unchanged_since=None,
) -> ImportReport:
    """Preview (``dry_run``) or import a file of one kind; writes everything or nothing, and logs the attempt.

    ``user=None`` is the command line without ``--user``; otherwise the user must pass ``can_import``.
    Similar-name warnings stop the import unless ``accept_similar`` (the user looked and confirmed).
    ``unchanged_since``: the time of the preview the user confirms; a row whose record someone else saved since
    is refused, naming the fields they changed (no lost updates).

    A real import writes each record's history (through "import", pointing to this import's log entry).
    """
    if user is not None and not can_import(user, kind):
        raise PermissionDenied(gettext("You do not have permission to import records of this kind."))
    resource = resource_for(kind, user)
    # A unit-scoped user imports their units' records only (intl_office.core.scope).
    resource.units = unit_scope(user)
    report = ImportReport(kind=kind, file_name=file_name, dry_run=dry_run)
    try:
        table = read_table(data, file_name, size)
    except ImportFileError as e:
        # The file itself: its messages say nothing of any record, so the log keeps them in full.
        report.errors = e.messages
        report.log = _log(report, user, error="\n".join(e.messages))
        return report

    report.table = table
    dataset, problems = _prepare(resource, table)
    if problems:
        report.errors = problems
        report.log = _log(report, user, error="\n".join(problems))
        return report
    problems = duplicate_rows(resource, dataset, table.line_numbers)
    if problems:
        report.errors = problems
        report.log = _log(report, user, error=_rows_failed(problems))
        return report

    resource.write_in_bulk()
    log = None
    if not dry_run:
        # Made first, so that the history rows the import writes can point to it; completed below.
        from intl_office.core.models import ImportLog

        log = ImportLog.objects.create(kind=kind, file_name=file_name[:255], status=ImportLog.Status.FAILED)
        resource.records_history = True
        resource.unchanged_since = unchanged_since
    history_user = user if user is not None and user.is_authenticated else None
    with transaction.atomic(), recording(Via.IMPORT, import_log=log, user=history_user):
        result = resource.import_data(
            dataset,
            dry_run=False,
            use_transactions=True,
            rollback_on_validation_errors=True,
            # The preview shows each update's changed fields, old -> new (_changes reads the instances).
            retain_instance_in_row_result=True,
        )
        for number, row_result in enumerate(result.rows, 1):
            line = table.line_numbers[number - 1]
            record = row_result.object_repr or _row_name(resource, dataset.dict[number - 1])
            # Old -> new for the rows a page shows only: rendering every column twice per row would cost more than
            # the import itself.
            changes = _changes(resource, row_result) if number <= PREVIEW_ROWS else []
            report.rows.append(RowPreview(line, ACTIONS.get(row_result.import_type, "?"), record, changes))
        for error in result.base_errors:
            report.errors.append(str(error.error))
        row_problems = []
        for invalid in result.invalid_rows:
            line = table.line_numbers[invalid.number - 1]
            row_problems += [(line, m) for m in _row_messages(resource, line, invalid.error)]
        for failed in result.error_rows:
            line = table.line_numbers[failed.number - 1]
            for error in failed.errors:
                message = plain_message(str(error.error), resource._meta.model)
                row_problems.append((line, gettext("row %(row)d: %(message)s") % {"row": line, "message": message}))
        report.errors += [message for _line, message in sorted(row_problems, key=lambda pair: pair[0])]
        for line, message in row_problems:
            report.problems_by_line.setdefault(line, []).append(message)
        for number, message in resource.import_warnings:
            report.warnings.append(
                gettext("row %(row)d: %(message)s") % {"row": table.line_numbers[number - 1], "message": message}
            )
        totals = result.totals
        report.created = totals[RowResult.IMPORT_TYPE_NEW]
        report.updated = totals[RowResult.IMPORT_TYPE_UPDATE]
        report.skipped = totals[RowResult.IMPORT_TYPE_SKIP]
        blocked = bool(report.errors) or (report.warnings and not accept_similar)
        if dry_run or blocked:
            transaction.set_rollback(True)
        else:
            report.written = True
    report.log = _log(report, user, error=_rows_failed(report.errors) if report.errors else "", log=log)
    return report


def refused_file(report: ImportReport) -> bytes | None:
    """The refused file handed back as CSV: its own columns, and beside each row the messages about it (an empty
    cell for a row without problems). None when the file could not be read or no row has a problem."""
    if report.table is None or not report.problems_by_line:
        return None
    from intl_office.core.spreadsheets import csv_lines

    header = [*report.table.headers, gettext("problems")]
    rows = (
        [*row, "; ".join(report.problems_by_line.get(line, []))]
        for row, line in zip(report.table.rows, report.table.line_numbers, strict=False)
    )
    return "".join(csv_lines(header, rows)).encode("utf-8")


def _changes(resource: OfficeResource, row_result) -> list[tuple[str, str, str]]:
    """An update's changed columns: label, old and new value as the export writes them (labels, not codes)."""
    original, instance = getattr(row_result, "original", None), getattr(row_result, "instance", None)
    if row_result.import_type != RowResult.IMPORT_TYPE_UPDATE or original is None or instance is None:
        return []
    changes = []
    for name, column in resource.fields.items():
        if column.readonly:
            continue
        old, new = column.export(original), column.export(instance)
        if old != new:
            changes.append((resource.label_for(name), "" if old is None else str(old), "" if new is None else str(new)))
    return changes


def _row_name(resource: OfficeResource, row: dict) -> str:
    """A row the importer could not make a record of, named by its key cells (a name, a number), never by a
    personal cell the user may not see."""
    for key in getattr(resource, "natural_keys", ()):
        parts = [str(row.get(name) or "").strip() for name in key]
        if any(parts) and not any(name in resource.personal_columns for name in key):
            return " ".join(part for part in parts if part)
    return ""


def _rows_failed(errors: list[str]) -> str:
    # Messages about rows may quote a cell (a passport number, a date of birth): the log only counts them.
    return gettext("%(count)d problem(s) in the rows; nothing was imported.") % {"count": len(errors)}


def template_file(kind: str, file_format: str, user=None) -> bytes:
    """An empty spreadsheet whose columns are exactly the kind's export columns (for this user)."""
    resource = resource_for(kind, user)
    dataset = tablib.Dataset(headers=resource.column_names())
    if file_format == "xlsx":
        return dataset.export("xlsx")
    return dataset.export("csv").encode("utf-8-sig")
