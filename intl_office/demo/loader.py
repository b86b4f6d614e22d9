"""Build the demo data set from its seed, and load whatever part of it the database is missing.

``build()`` turns the seed into rows (plain dicts, foreign keys given by natural key) without touching the database;
``load()`` creates the rows that are missing, so a second run changes nothing.
"""

import random

from django.db import transaction
from django.utils import translation

from experts.models import Appointment, Expert, TalentProject
from intl_office.core.history import Via, recording, write_baseline
from intl_office.core.models import Unit
from intl_office.demo.common import SEED, DemoData, counted
from intl_office.demo.delegations import build_delegations
from intl_office.demo.experts import build_experts
from intl_office.demo.partners import build_agreements, build_institutions
from intl_office.demo.partners_data import COUNTED_INSTITUTIONS, PARTNER_COUNTRIES
from intl_office.demo.people import People
from intl_office.demo.programs import build_programs
from intl_office.demo.students import build_outbound, build_students
from intl_office.demo.students_data import RECEIVED_STUDENT_COUNTRIES, STUDENT_COUNTRIES
from intl_office.demo.travel import build_travel, load_travel
from intl_office.demo.units import build_units
from partners.models import Agreement, Contact, Delegation, Institution
from programs.models import Program
from students.models import InternationalStudent, OutboundMobility

BATCH_SIZE = 1000


def build(seed: int = SEED) -> DemoData:
    """The whole demo data set, from the seed alone (no database access). One random sequence runs through every
    part, so the parts are built in this order."""
    rng = random.Random(seed)
    people = People(rng)
    data = DemoData()
    # Country names in titles must not depend on the active language.
    with translation.override("en"):
        build_units(data)
        mobility, institutions = build_institutions(rng, people, data)
        agreements, in_force = build_agreements(rng, data, mobility, institutions)
        build_programs(rng, data, agreements, in_force, institutions)
        build_delegations(rng, people, data)
        build_students(rng, people, data)
        build_outbound(rng, people, data)
        build_experts(rng, people, data)
        # Its own random sequence: the parts above stay what the seed gives.
        build_travel(seed, data)
    _check(data)
    return data


def _check(data: DemoData) -> None:
    """Fail early if the tables were edited out of step with the overview's figures."""
    partners = counted(data.institutions)
    problems = []
    if len(partners) != COUNTED_INSTITUTIONS:
        problems.append(f"{len(partners)} counted institutions, not {COUNTED_INSTITUTIONS}")
    if len({i["country"] for i in partners}) != PARTNER_COUNTRIES:
        problems.append(f"counted institutions are not from {PARTNER_COUNTRIES} countries")
    if len(dict(STUDENT_COUNTRIES)) != RECEIVED_STUDENT_COUNTRIES:
        problems.append(f"STUDENT_COUNTRIES does not list {RECEIVED_STUDENT_COUNTRIES} distinct countries")
    if problems:
        raise ValueError("Demo data out of step with its figures: " + "; ".join(problems) + ".")


# ---------------------------------------------------------------- load


HISTORY_MODELS = (
    Unit,
    Institution,
    Contact,
    Agreement,
    Program,
    Delegation,
    InternationalStudent,
    OutboundMobility,
    Expert,
    Appointment,
    TalentProject,
)


def load(data: DemoData | None = None) -> dict[str, int]:
    """Create whatever part of the demo data set is missing, in one transaction; return counts created."""
    data = data or build()
    created = {}
    with transaction.atomic(), recording(Via.COMMAND):
        ids = _load_partners_and_programs(data, created)
        _load_people(data, created, ids)
        load_travel(data, created, ids["unit"], ids["institution"])
        # Rows are created in bulk (no save() signals): each gets its baseline history row here, so the first change
        # made in the admin already shows old -> new.
        for model in HISTORY_MODELS:
            write_baseline(model, via=Via.COMMAND)
    return created


def _load_partners_and_programs(data: DemoData, created: dict[str, int]) -> dict[str, dict]:
    """Units, institutions, contacts, agreements, programs and delegations; returns the ids by natural key."""
    created["units"] = len(_create_missing(Unit, data.units, ("code",)))
    units = dict(Unit.objects.values_list("code", "pk"))

    plain = [row for row in data.institutions if "merged_into" not in row]
    merged = [row for row in data.institutions if "merged_into" in row]
    new = _create_missing(Institution, plain, ("slug",))
    institutions = dict(Institution.objects.values_list("slug", "pk"))
    by_name = {row["name_en"]: institutions[row["slug"]] for row in plain}
    new += _create_missing(Institution, merged, ("slug",), merged_into=by_name)
    created["institutions"] = len(new)
    institutions = dict(Institution.objects.values_list("slug", "pk"))

    created["contacts"] = len(
        _create_missing(Contact, data.contacts, ("institution_id", "name"), institution=institutions)
    )
    new = _create_missing(Agreement, data.agreements, ("reference",), unit=units)
    _add_partners(Agreement, data.agreements, new, "reference", institutions)
    created["agreements"] = len(new)
    agreements = dict(Agreement.objects.exclude(reference="").values_list("reference", "pk"))

    new = _create_missing(Program, data.programs, ("slug",), agreement=agreements, unit=units)
    _add_partners(Program, data.programs, new, "slug", institutions)
    created["programs"] = len(new)
    programs = dict(Program.objects.values_list("slug", "pk"))

    created["delegations"] = len(
        _create_missing(
            Delegation, data.delegations, ("direction", "starts_on", "title"), institution=institutions, host_unit=units
        )
    )
    return {"unit": units, "institution": institutions, "agreement": agreements, "program": programs}


def _load_people(data: DemoData, created: dict[str, int], ids: dict[str, dict]) -> None:
    """International students, BJTU students abroad, experts, their appointments and talent projects."""
    units, institutions = ids["unit"], ids["institution"]
    created["students"] = len(
        _create_missing(
            InternationalStudent, data.students, ("student_number",),
            program=ids["program"], home_institution=institutions, unit=units,
        )
    )  # fmt: skip
    created["outbound"] = len(
        _create_missing(
            OutboundMobility, data.outbound, ("student_number", "starts_on", "destination_country"),
            unit=units, destination=institutions, program=ids["program"], agreement=ids["agreement"],
        )
    )  # fmt: skip
    created["experts"] = len(
        _create_missing(Expert, data.experts, ("nationality", "passport_number"), home_institution=institutions)
    )
    experts = {
        (nationality, passport): pk
        for nationality, passport, pk in Expert.objects.exclude(passport_number="").values_list(
            "nationality", "passport_number", "pk"
        )
    }
    created["appointments"] = len(
        _create_missing(
            Appointment, data.appointments, ("expert_id", "unit_id", "starts_on"), expert=experts, unit=units
        )
    )
    created["talent_projects"] = len(
        _create_missing(TalentProject, data.talent_projects, ("reference",), lead_expert=experts, unit=units)
    )


def _resolved(row: dict, foreign_keys: dict[str, dict]) -> dict:
    """The row as model fields: natural keys of related rows replaced by their ids."""
    row = {name: value for name, value in row.items() if name != "partners"}
    for name, ids in foreign_keys.items():
        key = row.pop(name, None)
        row[f"{name}_id"] = None if key is None else ids[key]
    return row


def _create_missing(model, rows: list[dict], key_fields: tuple[str, ...], **foreign_keys) -> list:
    """Create the rows whose natural key is not in the table yet; existing rows are left untouched."""
    existing = set(model.objects.values_list(*key_fields))
    new = []
    for row in rows:
        fields = _resolved(row, foreign_keys)
        key = tuple(fields[name] for name in key_fields)
        if key not in existing:
            existing.add(key)
            new.append(model(**fields))
    model.objects.bulk_create(new, batch_size=BATCH_SIZE)
    return new


def _add_partners(model, rows: list[dict], new: list, key_field: str, institution_ids: dict) -> None:
    """Link partner institutions to the rows created in this run (existing rows keep their partners)."""
    created = {getattr(obj, key_field) for obj in new}
    if not created:
        return
    ids = dict(model.objects.filter(**{f"{key_field}__in": created}).values_list(key_field, "pk"))
    through = model.partners.through
    owner = f"{model._meta.model_name}_id"
    through.objects.bulk_create(
        [
            through(**{owner: ids[row[key_field]], "institution_id": institution_ids[slug]})
            for row in rows
            if row[key_field] in created
            for slug in row["partners"]
        ],
        batch_size=BATCH_SIZE,
    )
