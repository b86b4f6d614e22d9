"""The demo data set multiplied: ``generate_data --scale N`` for benchmarks and load tests.

Copy 0 is the demo itself (``loader.load``). Copies 1 to N-1 are the demo built from seeds ``seed + k``, so their
dates, people, statuses and proportions vary like the demo's, with every unique key given a copy suffix (slugs,
references, student and passport numbers, approval numbers) and the names of institutions a campus number, so every
constraint holds. BJTU's units are not copied: one university's units serve every copy.

Speed: rows are written with explicit ids (no round trip to learn them), with PostgreSQL's ``COPY`` on PostgreSQL and
``bulk_create`` elsewhere; each copy is one transaction, and a copy already in the database is skipped, so an
interrupted run resumes.
"""

import datetime
import io
from collections.abc import Callable, Iterable

from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from experts.models import Appointment, Expert, TalentProject
from intl_office.core.models import DerivedTextField, Unit
from intl_office.demo import loader
from intl_office.demo.common import DemoData
from partners.models import Agreement, Contact, Delegation, Institution
from programs.models import Program
from students.models import InternationalStudent, OutboundMobility

BATCH_SIZE = 2000

# Models in the order their rows are written (foreign keys point to earlier ones), with their M2M tables.
MODELS = (
    Institution,
    Contact,
    Agreement,
    Agreement.partners.through,
    Program,
    Program.partners.through,
    Delegation,
    InternationalStudent,
    OutboundMobility,
    Expert,
    Appointment,
    TalentProject,
)


def suffix(copy: int) -> str:
    """What a copy appends to each unique key (copy 0, the demo itself, appends nothing)."""
    return f"-g{copy}" if copy else ""


def copy_present(copy: int) -> bool:
    """Whether the copy was written already (its first institution is there: a copy is written in one transaction)."""
    first = loader.build().institutions[0]["slug"]
    return Institution.objects.filter(slug=first + suffix(copy)).exists()


def rows_per_copy(data: DemoData) -> int:
    m2m = sum(len(row["partners"]) for row in data.agreements + data.programs)
    return sum(len(rows) for rows in vars(data).values()) - len(data.units) + m2m


class Writer:
    """Writes plain rows (field attnames to values) with ids it hands out itself."""

    def __init__(self, progress: Callable[[int], None] = lambda n: None):
        self.progress = progress
        self.now = timezone.now()
        self.next_id = {model: (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1 for model in MODELS}
        self.postgresql = connection.vendor == "postgresql"

    def ids(self, model, n: int) -> range:
        start = self.next_id[model]
        self.next_id[model] = start + n
        return range(start, start + n)

    def write(self, model, rows: list[dict]) -> list[int]:
        ids = self.ids(model, len(rows))
        fields = model._meta.concrete_fields
        derived = [field for field in fields if isinstance(field, DerivedTextField)]
        for pk, row in zip(ids, rows, strict=True):
            row["id"] = pk
            for field in fields:
                if field.attname not in row:
                    row[field.attname] = self.now if field.name in ("created_at", "updated_at") else field.get_default()
            if derived:
                # COPY runs no field's pre_save (bulk_create does): without this, every copy's partners had empty
                # search and sort keys, so the directory's and the catalogue's name searches missed them.
                instance = model(**{field.attname: row[field.attname] for field in fields})
                for field in derived:
                    row[field.attname] = field.pre_save(instance, True)
        for start in range(0, len(rows), BATCH_SIZE):
            batch = rows[start : start + BATCH_SIZE]
            if self.postgresql:
                self._copy(model, fields, batch)
            else:
                model.objects.bulk_create([model(**row) for row in batch])
            self.progress(len(batch))
        return list(ids)

    def _copy(self, model, fields, rows: list[dict]) -> None:
        buffer = io.StringIO()
        attnames = [field.attname for field in fields]
        for row in rows:
            buffer.write("\t".join(_copy_text(row[name]) for name in attnames))
            buffer.write("\n")
        buffer.seek(0)
        columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
        with connection.cursor() as cursor:
            cursor.cursor.copy_expert(
                f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN", buffer
            )

    def finish(self) -> None:
        """Point the id sequences past the ids handed out, and leave the database as it is once autovacuum has
        caught up with the rows written in bulk.

        Rows written in bulk leave each trigram index's pending list full (GIN's ``fastupdate``: up to
        ``gin_pending_list_limit``, 4 MB by default, which every search reads whole) and no table page marked
        all-visible (an index-only count still reads the table). Autovacuum settles both some minutes later, while
        `make bench` may be measuring; ``VACUUM (ANALYZE)`` settles them now and refreshes the planner's statistics.
        Inside a transaction (the tests), where VACUUM cannot run, the statistics alone are refreshed."""
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), MODELS):
                cursor.execute(statement)
            if not self.postgresql:
                return
            if connection.in_atomic_block:
                for model in (*MODELS, Unit):
                    cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
            else:
                cursor.execute("VACUUM (ANALYZE)")


def _copy_text(value) -> str:
    """A value in COPY's text format."""
    if value is None:
        return r"\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, str):
        return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return str(value)


def write_copy(data: DemoData, copy: int, writer: Writer, units: dict[str, int]) -> None:
    """Write one copy of the demo data set, every unique key suffixed."""
    s = suffix(copy)

    def keyed(value: str) -> str:
        return value + s if value else value

    with transaction.atomic():
        # Institutions: merged ones point to an institution of the same copy, by its English name.
        institution_names = {}
        plain = [row for row in data.institutions if "merged_into" not in row]
        merged = [row for row in data.institutions if "merged_into" in row]
        slugs = {}
        for group in (plain, merged):
            rows = []
            for row in group:
                new = dict(row)
                new["slug"] = _slug(row["slug"], s)
                new["name_en"] = f"{row['name_en']}, campus {copy + 1}"
                if row.get("name_zh"):
                    new["name_zh"] = f"{row['name_zh']}{copy + 1}校区"
                if "merged_into" in row:
                    new["merged_into_id"] = institution_names[new.pop("merged_into")]
                rows.append(new)
            for original, pk in zip(group, writer.write(Institution, rows), strict=True):
                slugs[original["slug"]] = pk
                institution_names[original["name_en"]] = pk

        def institution(slug):
            return None if slug is None else slugs[slug]

        writer.write(Contact, [_fk(row, institution=institution) for row in data.contacts])

        agreement_ids = {}
        rows = [_fk(row, unit=units.get) | {"reference": keyed(row["reference"])} for row in data.agreements]
        for row, pk in zip(data.agreements, writer.write(Agreement, rows), strict=True):
            if row["reference"]:
                agreement_ids[row["reference"]] = pk
            row["_pk"] = pk
        _write_partners(writer, Agreement, data.agreements, slugs)

        def agreement(reference):
            return None if reference is None else agreement_ids[reference]

        program_ids = {}
        rows = [
            _fk(row, unit=units.get, agreement=agreement)
            | {"slug": _slug(row["slug"], s), "moe_approval_number": keyed(row.get("moe_approval_number", ""))}
            for row in data.programs
        ]
        for row, pk in zip(data.programs, writer.write(Program, rows), strict=True):
            program_ids[row["slug"]] = pk
            row["_pk"] = pk
        _write_partners(writer, Program, data.programs, slugs)

        def program(slug):
            return None if slug is None else program_ids[slug]

        writer.write(Delegation, [_fk(row, institution=institution, host_unit=units.get) for row in data.delegations])
        writer.write(
            InternationalStudent,
            [
                _fk(row, program=program, home_institution=institution, unit=units.get)
                | {"student_number": keyed(row["student_number"]), "passport_number": _passport(row, copy)}
                for row in data.students
            ],
        )
        writer.write(
            OutboundMobility,
            [
                _fk(row, unit=units.get, destination=institution, program=program, agreement=agreement)
                | {"student_number": row["student_number"] + s}
                for row in data.outbound
            ],
        )
        rows = [
            _fk(row, home_institution=institution) | {"passport_number": _passport(row, copy)} for row in data.experts
        ]
        expert_ids = {
            (row["nationality"], row["passport_number"]): pk
            for row, pk in zip(data.experts, writer.write(Expert, rows), strict=True)
        }

        def expert(key):
            return None if key is None else expert_ids[key]

        writer.write(Appointment, [_fk(row, expert=expert, unit=units.get) for row in data.appointments])
        writer.write(
            TalentProject,
            [
                _fk(row, lead_expert=expert, unit=units.get) | {"reference": keyed(row["reference"])}
                for row in data.talent_projects
            ],
        )


def _slug(slug: str, suffix: str) -> str:
    # Slugs hold 120 characters; the demo's longest program slugs are close to it.
    return slug[: 120 - len(suffix)] + suffix


def _passport(row: dict, copy: int) -> str:
    # Demo passports are "DEMO" and six digits, so a copy letter and number after them never meets another copy's.
    return f"{row['passport_number']}C{copy}" if row.get("passport_number") and copy else row.get("passport_number", "")


def _fk(row: dict, **resolvers: Callable) -> dict:
    """The row as model fields: natural keys of related rows replaced by the ids the resolvers give."""
    new = {name: value for name, value in row.items() if name not in ("partners", "_pk")}
    for name, resolve in resolvers.items():
        key = new.pop(name, None)
        new[f"{name}_id"] = None if key is None else resolve(key)
    return new


def _write_partners(writer: Writer, model, rows: Iterable[dict], slugs: dict[str, int]) -> None:
    through = model.partners.through
    owner = f"{model._meta.model_name}_id"
    writer.write(
        through,
        [{owner: row["_pk"], "institution_id": slugs[slug]} for row in rows for slug in row["partners"]],
    )
