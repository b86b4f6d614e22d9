"""The retention rule: personal data of people who left long ago is removed, their statistics kept.

A person (every concrete model built on ``intl_office.core.people.Person``: international students, foreign experts)
whose stay or last appointment ended before the cut-off day (``gone_before``, each model's own rule in its domain
app) is anonymised:

- every personal field (``PERSONAL_FIELDS``, whatever is declared there now or later) is cleared;
- the names become a stable pseudonym derived from the record's primary key (the same on every run);
- files of the person and of their documents (file fields of the records that point to them) are cleared and leave
  storage once the purge commits;
- the same happens to their rows in the record's history (when the model keeps one), and the admin's log entries
  about them name the pseudonym.

Records about a person without being one (with ``pseudonymised_fields``: a BJTU student's stay abroad, a trip's
member, a visit's guest) lose their personal fields (passport numbers) and get the pseudonym in those fields once
their ``gone_before`` rule says so.

Everything else stays: nationality, gender, dates, category, unit..., so every figure of past years is unchanged.
Searches logged before the cut-off day lose their text (it may be a passport number). Files in the upload folders
of file fields that no record names any more (a scan replaced while its removal failed, say) are removed as well.
"""

import datetime
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Q, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from intl_office.core.models import PersonalDataAccess
from intl_office.core.people import Person, personal_fields
from intl_office.privacy.models import PurgeRun

PSEUDONYM_PREFIX = "ANON-"
# The name fields of a person (Person's own), replaced by the pseudonym (the family name) or emptied.
PSEUDONYM_FIELD = "family_name"
NAME_FIELDS = ("family_name", "given_name", "name_zh")
# A file younger than this may belong to an upload whose record is not saved yet: it is never an orphan.
ORPHAN_MIN_AGE = datetime.timedelta(days=1)
CHUNK = 500


@dataclass
class PurgeReport:
    before: datetime.date
    dry_run: bool
    people: dict[str, int] = field(default_factory=dict)
    # (file field, name in its storage): the people's files and their documents'.
    files: list[tuple] = field(default_factory=list)
    orphans: list[str] = field(default_factory=list)
    searches_cleared: int = 0
    run: PurgeRun | None = None

    @property
    def people_count(self) -> int:
        return sum(self.people.values())


def cutoff(years: int | None = None, today: datetime.date | None = None) -> datetime.date:
    """The day ``years`` years (PERSONAL_DATA_RETENTION_YEARS) before today: people gone before it are purged."""
    years = settings.PERSONAL_DATA_RETENTION_YEARS if years is None else years
    today = today or timezone.localdate()
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def person_models() -> list[type[models.Model]]:
    return [model for model in apps.get_models() if issubclass(model, Person)]


def named_models() -> list[type[models.Model]]:
    """Records about a person without being one, which say what they keep past the retention period
    (``pseudonymised_fields``; their personal fields are cleared): a BJTU student's stay abroad, a trip's member,
    a visit's guest."""
    return [
        model for model in apps.get_models() if hasattr(model, "pseudonymised_fields") and not issubclass(model, Person)
    ]


def pseudonym(obj) -> str:
    """The name an anonymised person is shown under: the same for the record on every run."""
    return f"{PSEUDONYM_PREFIX}{obj.pk}"


def _pseudonym_expression(model):
    return Concat(Value(PSEUDONYM_PREFIX), Cast(model._meta.pk.attname, models.CharField()))


def _cleared_value(model_field):
    if model_field.null:
        return None
    if model_field.has_default():
        return model_field.get_default()
    return ""


def anonymised_values(model) -> dict:
    """The update that anonymises the model's records: personal fields cleared, names replaced."""
    if not issubclass(model, Person):
        values = {name: _cleared_value(model._meta.get_field(name)) for name in personal_fields(model)}
        return values | {name: _pseudonym_expression(model) for name in model.pseudonymised_fields}
    values = {name: _cleared_value(model._meta.get_field(name)) for name in personal_fields(model)}
    for name in NAME_FIELDS:
        values[name] = ""
    values[PSEUDONYM_FIELD] = _pseudonym_expression(model)
    values.update({f.name: "" for f in model._meta.concrete_fields if isinstance(f, models.FileField)})
    return values


def _already_anonymised(model) -> Q:
    condition = Q()
    for name, value in anonymised_values(model).items():
        condition &= Q(**{f"{name}__isnull": True}) if value is None else Q(**{name: value})
    return condition


def _documents(model) -> list[tuple[type[models.Model], str, list]]:
    """Records that point to a person and hold files or personal data of their own (their documents):
    (model, the link's name, the fields to clear)."""
    found = []
    for relation in model._meta.related_objects:
        if not (relation.one_to_many or relation.one_to_one):
            continue
        related = relation.related_model
        fields = [f for f in related._meta.concrete_fields if isinstance(f, models.FileField)]
        fields += [related._meta.get_field(name) for name in personal_fields(related)]
        if fields:
            found.append((related, relation.field.name, fields))
    return found


def _file_names(queryset, file_fields) -> list[tuple]:
    names = []
    for f in file_fields:
        for name in (
            queryset.exclude(**{f.name: ""}).exclude(**{f"{f.name}__isnull": True}).values_list(f.name, flat=True)
        ):
            names.append((f, name))
    return names


def purge(before: datetime.date, *, dry_run: bool = False, retention_years: int | None = None) -> PurgeReport:
    """Anonymises everyone gone before the day, in one transaction; with ``dry_run`` only reports what it would do."""
    report = PurgeReport(before=before, dry_run=dry_run)
    with transaction.atomic():
        for model in [*person_models(), *named_models()]:
            _purge_model(model, before, report)
        searches = PersonalDataAccess.objects.filter(created_at__date__lt=before).exclude(query="")
        report.searches_cleared = searches.count()
        report.orphans = orphaned_files()
        if dry_run:
            return report
        searches.update(query="")
        _delete_after_commit(report.files)
        _delete_orphans_after_commit(report.orphans)
        report.run = PurgeRun.objects.create(
            before=before,
            retention_years=settings.PERSONAL_DATA_RETENTION_YEARS if retention_years is None else retention_years,
            people=report.people,
            people_count=report.people_count,
            files_removed=len(report.files) + len(report.orphans),
            searches_cleared=report.searches_cleared,
        )
    return report


def _purge_model(model, before, report: PurgeReport) -> None:
    manager = model._default_manager
    if not hasattr(manager, "gone_before"):
        raise NotImplementedError(
            f"{model._meta.label} keeps personal data but has no retention rule: add gone_before() to its QuerySet."
        )
    ids = list(manager.gone_before(before).exclude(_already_anonymised(model)).values_list("pk", flat=True))
    report.people[model._meta.label_lower] = len(ids)
    own_files = [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]
    content_type = ContentType.objects.get_for_model(model)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        people = manager.filter(pk__in=chunk)
        report.files += _file_names(people, own_files)
        documents = []
        for related, link, fields in _documents(model):
            rows = related._default_manager.filter(**{f"{link}__in": chunk})
            report.files += _file_names(rows, [f for f in fields if isinstance(f, models.FileField)])
            documents.append((rows, {f.name: _cleared_value(f) for f in fields}))
        if report.dry_run:
            continue
        people.update(**anonymised_values(model))
        for rows, values in documents:
            rows.update(**values)
        history = getattr(model, "history", None)
        if history is not None:
            # The record's past versions hold the same personal data.
            history.model._default_manager.filter(**{f"{model._meta.pk.attname}__in": chunk}).update(
                **anonymised_values(model)
            )
        LogEntry.objects.filter(content_type=content_type, object_id__in=[str(pk) for pk in chunk]).update(
            object_repr=Concat(Value(PSEUDONYM_PREFIX), "object_id")
        )


def _delete_after_commit(files) -> None:
    def delete():
        for model_field, name in files:
            if not _named_anywhere(model_field.storage, name):
                model_field.storage.delete(name)

    if files:
        transaction.on_commit(delete, robust=True)


def _delete_orphans_after_commit(orphans: list[str]) -> None:
    def delete():
        for storage, name in _orphans_with_storage(orphans):
            storage.delete(name)

    if orphans:
        transaction.on_commit(delete, robust=True)


def _file_fields() -> list[models.FileField]:
    return [
        f
        for model in apps.get_models()
        for f in model._meta.concrete_fields
        if isinstance(f, models.FileField) and not model._meta.abstract
    ]


def _named_anywhere(storage, name: str) -> bool:
    return any(
        f.storage is storage and f.model._default_manager.filter(**{f.name: name}).exists() for f in _file_fields()
    )


def _upload_folders() -> dict:
    """Each storage's folders that file fields upload to (the part of ``upload_to`` before any date pattern)."""
    folders: dict = {}
    for f in _file_fields():
        if callable(f.upload_to) or not f.upload_to:
            continue
        folder = f.upload_to.split("%", 1)[0].rsplit("/", 1)[0]
        if folder:
            folders.setdefault(f.storage, set()).add(folder)
    return folders


def _walk(storage, folder: str):
    try:
        directories, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{folder}/{name}"
    for directory in directories:
        yield from _walk(storage, f"{folder}/{directory}")


def _orphans_with_storage(names=None):
    old = timezone.now() - ORPHAN_MIN_AGE
    for storage, folders in _upload_folders().items():
        named = {
            name
            for f in _file_fields()
            if f.storage is storage
            for name in f.model._default_manager.exclude(**{f.name: ""}).values_list(f.name, flat=True)
        }
        for folder in sorted(folders):
            for name in _walk(storage, folder):
                if name in named or (names is not None and name not in names):
                    continue
                if storage.get_modified_time(name) < old:
                    yield storage, name


def orphaned_files() -> list[str]:
    """Files in the file fields' upload folders that no record names, older than a day."""
    return sorted(name for _storage, name in _orphans_with_storage())
