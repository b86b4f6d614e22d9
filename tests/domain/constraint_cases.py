"""One bad row per named constraint: written straight to the database, and typed into the admin form."""

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import NON_FIELD_ERRORS

from experts.models import Appointment, Expert, TalentProject
from intl_office.core.models import DueDecision, ListColumns, SentReminder, Unit
from intl_office.documents.models import DocumentKind, PersonDocument
from partners.models import Agreement, Contact, Delegation, Institution
from programs.models import Program
from students.models import InternationalStudent, OutboundMobility
from tests.domain.form_data import (
    D,
    agreement_data,
    appointment_data,
    delegation_data,
    expert_data,
    institution_data,
    outbound_data,
    program_data,
    student_data,
    talent_data,
    unit_data,
)
from tests.factories import (
    make_agreement,
    make_appointment,
    make_contact,
    make_delegation,
    make_expert,
    make_institution,
    make_outbound,
    make_program,
    make_student,
    make_talent_project,
    make_unit,
    make_user,
)
from tests.personas import RECORD_APPS


@dataclass
class Case:
    """A bad row for one constraint: written straight to the database, and typed into the admin form."""

    model: type
    write_bad_row: Callable[[], object]
    # Returns (form data, instance being changed or None); None when no admin form can make this row.
    bad_form: Callable[[], tuple[dict, object]] | None
    field: str = NON_FIELD_ERRORS
    # Defaults to the constraint's own message (its violation_error_message).
    message: str | None = None


def _second_student_document():
    kind, student = DocumentKind.objects.filter(applies_to="student").first(), make_student()
    PersonDocument.objects.create(kind=kind, student=student)
    PersonDocument.objects.create(kind=kind, student=student)


def _second_expert_document():
    kind, expert = DocumentKind.objects.filter(applies_to="expert").first(), make_expert()
    PersonDocument.objects.create(kind=kind, expert=expert)
    PersonDocument.objects.create(kind=kind, expert=expert)


def _merge_into_itself():
    institution = make_institution()
    institution.merged_into_id = institution.pk
    institution.save()


def _existing_institution_merged_into_itself():
    institution = make_institution()
    data = institution_data(name_en=institution.name_en, slug=institution.slug, merged_into=institution.pk)
    return data, institution


def _second_primary_contact():
    first = make_contact(is_primary=True)
    return {"institution": first.institution.pk, "name": "Second", "is_primary": "on"}, None


def _same_appointment_start():
    appointment = make_appointment()
    return appointment_data(expert=appointment.expert.pk, unit=appointment.unit.pk, starts_on="2013-02-01"), None


def _reminder():
    return SentReminder.objects.create(
        kind=SentReminder.Kind.WORK_PERMIT, object_id=7, due_on=D(2014, 1, 1), recipient="unit@example.org"
    )


def _second_column_choice():
    user = make_user()
    ListColumns.objects.create(user=user, model="partners.agreement", columns=["title"])
    ListColumns.objects.create(user=user, model="partners.agreement", columns=["title", "status"])


CASES = {
    "unit_name_en_unique_ci": Case(
        Unit,
        lambda: (make_unit(name_en="School of Software"), make_unit(name_en="SCHOOL OF SOFTWARE")),
        lambda: (make_unit(name_en="School of Software") and unit_data(name_en="school of software"), None),
        "name_en",
    ),
    "sentreminder_once_per_due_date": Case(SentReminder, lambda: (_reminder(), _reminder()), None),
    # Saved from a list page's "Columns" (an update of the user's one row), never from a form of its own.
    "listcolumns_one_choice_per_list": Case(ListColumns, _second_column_choice, None),
    "documentkind_category_for_students": Case(
        DocumentKind,
        lambda: DocumentKind.objects.create(name_en="X", applies_to="expert", student_category="degree"),
        lambda: ({"name_en": "X", "applies_to": "expert", "student_category": "degree", "position": "0"}, None),
        "student_category",
    ),
    "documentkind_term_for_experts": Case(
        DocumentKind,
        lambda: DocumentKind.objects.create(name_en="X", applies_to="student", appointment_term="long_term"),
        lambda: ({"name_en": "X", "applies_to": "student", "appointment_term": "long_term", "position": "0"}, None),
        "appointment_term",
    ),
    "documentkind_unique_name": Case(
        DocumentKind,
        lambda: (
            DocumentKind.objects.create(name_en="Twice", applies_to="student"),
            DocumentKind.objects.create(name_en="Twice", applies_to="student"),
        ),
        lambda: (
            DocumentKind.objects.create(name_en="Twice", applies_to="student")
            and {"name_en": "Twice", "applies_to": "student", "position": "0"},
            None,
        ),
    ),
    "persondocument_one_person": Case(
        PersonDocument, lambda: PersonDocument.objects.create(kind=DocumentKind.objects.first()), None
    ),
    "persondocument_once_per_student": Case(PersonDocument, _second_student_document, None),
    "persondocument_once_per_expert": Case(PersonDocument, _second_expert_document, None),
    "duedecision_snooze_has_date": Case(
        DueDecision,
        lambda: DueDecision.objects.create(kind="agreement_end", object_id=1, due_on=D(2013, 1, 1), action="snoozed"),
        None,
    ),
    "institution_name_en_unique_ci": Case(
        Institution,
        lambda: (make_institution(name_en="KU Leuven"), make_institution(name_en="ku leuven")),
        lambda: (make_institution(name_en="KU Leuven") and institution_data(name_en="Ku Leuven"), None),
        "name_en",
    ),
    "institution_not_merged_into_itself": Case(
        Institution, _merge_into_itself, _existing_institution_merged_into_itself, "merged_into"
    ),
    "contact_one_primary_per_institution": Case(
        Contact,
        lambda: make_contact(institution=make_contact(is_primary=True).institution, is_primary=True),
        _second_primary_contact,
        "is_primary",
    ),
    "agreement_dates_ordered": Case(
        Agreement,
        lambda: make_agreement(starts_on=D(2014, 1, 1), ends_on=D(2013, 12, 31)),
        lambda: (agreement_data(starts_on="2014-01-01", ends_on="2013-12-31"), None),
        "ends_on",
    ),
    "agreement_signed_before_end": Case(
        Agreement,
        lambda: make_agreement(signed_on=D(2031, 1, 1), ends_on=D(2030, 12, 31)),
        lambda: (agreement_data(signed_on="2019-01-01", ends_on="2018-12-31", starts_on="2013-01-01"), None),
        "signed_on",
    ),
    "agreement_expired_needs_end_date": Case(
        Agreement,
        lambda: make_agreement(status=Agreement.Status.EXPIRED, ends_on=None),
        lambda: (agreement_data(status="expired"), None),
        "ends_on",
    ),
    "agreement_places_inbound_non_negative": Case(
        Agreement,
        lambda: Agreement.objects.filter(pk=make_agreement().pk).update(places_inbound=-1),
        lambda: (agreement_data(places_inbound="-1"), None),
        "places_inbound",
        "Ensure this value is greater than or equal to 0.",
    ),
    "agreement_places_outbound_non_negative": Case(
        Agreement,
        lambda: Agreement.objects.filter(pk=make_agreement().pk).update(places_outbound=-2),
        lambda: (agreement_data(places_outbound="-2"), None),
        "places_outbound",
        "Ensure this value is greater than or equal to 0.",
    ),
    "agreement_reference_unique": Case(
        Agreement,
        lambda: (make_agreement(reference="BJTU-2013-07"), make_agreement(reference="BJTU-2013-07")),
        lambda: (make_agreement(reference="BJTU-2013-07") and agreement_data(reference="BJTU-2013-07"), None),
        "reference",
    ),
    "delegation_dates_ordered": Case(
        Delegation,
        lambda: make_delegation(starts_on=D(2013, 5, 3), ends_on=D(2013, 5, 1)),
        lambda: (delegation_data(starts_on="2013-05-03", ends_on="2013-05-01"), None),
        "ends_on",
    ),
    "delegation_has_people": Case(
        Delegation,
        lambda: make_delegation(people_count=0),
        lambda: (delegation_data(people_count="0"), None),
        "people_count",
    ),
    "program_cooperative_needs_moe_approval": Case(
        Program,
        lambda: make_program(kind=Program.Kind.COOPERATIVE, moe_approval_year=2013),
        lambda: (program_data(kind="cooperative", moe_approval_year="2013"), None),
        "moe_approval_number",
    ),
    "program_moe_approval_number_unique": Case(
        Program,
        lambda: (
            make_program(moe_approval_number="MOE11CA2A20121234"),
            make_program(moe_approval_number="MOE11CA2A20121234"),
        ),
        lambda: (make_program(moe_approval_number="MOE-7") and program_data(moe_approval_number="MOE-7"), None),
        "moe_approval_number",
    ),
    "program_moe_approval_year_plausible": Case(
        Program,
        lambda: make_program(moe_approval_year=1890),
        lambda: (program_data(moe_approval_year="1890"), None),
        "moe_approval_year",
    ),
    "program_duration_positive": Case(
        Program,
        lambda: make_program(duration_months=0),
        lambda: (program_data(duration_months="0"), None),
        "duration_months",
    ),
    "program_second_deadline_after_first": Case(
        Program,
        lambda: make_program(application_deadline=D(2026, 3, 31), second_application_deadline=D(2026, 3, 1)),
        lambda: (
            program_data(application_deadline="2026-03-31", second_application_deadline="2026-03-01"),
            None,
        ),
        "second_application_deadline",
    ),
    "student_dates_ordered": Case(
        InternationalStudent,
        lambda: make_student(arrived_on=D(2013, 9, 1), departed_on=D(2013, 8, 31)),
        lambda: (student_data(arrived_on="2013-09-01", departed_on="2013-08-31"), None),
        "departed_on",
    ),
    "student_graduated_after_arrival": Case(
        InternationalStudent,
        lambda: make_student(arrived_on=D(2013, 9, 1), graduated_on=D(2013, 8, 31)),
        lambda: (student_data(arrived_on="2013-09-01", graduated_on="2013-08-31"), None),
        "graduated_on",
    ),
    "student_address_registration_off_campus": Case(
        InternationalStudent,
        lambda: make_student(accommodation="on_campus", address_registered_on=D(2013, 9, 3)),
        lambda: (student_data(accommodation="on_campus", address_registered_on="2013-09-03"), None),
        "address_registered_on",
    ),
    "student_jw_form_number_has_form": Case(
        InternationalStudent,
        lambda: make_student(jw_form="", jw_form_number="JW-1"),
        lambda: (student_data(jw_form="", jw_form_number="JW-1"), None),
        "jw_form",
    ),
    "student_birth_date_plausible": Case(
        InternationalStudent,
        lambda: make_student(date_of_birth=D(1899, 12, 31)),
        lambda: (student_data(date_of_birth="1899-12-31"), None),
        "date_of_birth",
    ),
    "student_number_unique": Case(
        InternationalStudent,
        lambda: (make_student(student_number="13I001"), make_student(student_number="13I001")),
        lambda: (make_student(student_number="13I001") and student_data(student_number="13I001"), None),
        "student_number",
    ),
    "student_passport_unique": Case(
        InternationalStudent,
        lambda: (
            make_student(nationality="RU", passport_number="7512"),
            make_student(nationality="RU", passport_number="7512"),
        ),
        lambda: (
            make_student(nationality="RU", passport_number="7512") and student_data(passport_number="7512"),
            None,
        ),
        "passport_number",
    ),
    "outbound_dates_ordered": Case(
        OutboundMobility,
        lambda: make_outbound(starts_on=D(2013, 9, 1), ends_on=D(2013, 6, 30)),
        lambda: (outbound_data(ends_on="2013-06-30"), None),
        "ends_on",
    ),
    "outbound_academic_year_format": Case(
        OutboundMobility,
        lambda: make_outbound(academic_year="2013/14"),
        lambda: (outbound_data(academic_year="2013/14"), None),
        "academic_year",
    ),
    "outbound_unique_stay": Case(
        OutboundMobility,
        lambda: (make_outbound(student_number="13211001"), make_outbound(student_number="13211001")),
        lambda: (make_outbound(student_number="13211001") and outbound_data(), None),
        NON_FIELD_ERRORS,
    ),
    "expert_passport_unique": Case(
        Expert,
        lambda: (make_expert(passport_number="GB123"), make_expert(passport_number="GB123")),
        lambda: (make_expert(passport_number="GB123") and expert_data(passport_number="GB123"), None),
        "passport_number",
    ),
    "expert_birth_date_plausible": Case(
        Expert,
        lambda: make_expert(date_of_birth=D(1850, 1, 1)),
        lambda: (expert_data(date_of_birth="1850-01-01"), None),
        "date_of_birth",
    ),
    "appointment_dates_ordered": Case(
        Appointment,
        lambda: make_appointment(starts_on=D(2013, 9, 1), ends_on=D(2013, 8, 1)),
        lambda: (appointment_data(ends_on="2013-01-31"), None),
        "ends_on",
    ),
    "appointment_unique_start": Case(
        Appointment,
        lambda: make_appointment(**_same_start_kwargs()),
        _same_appointment_start,
        NON_FIELD_ERRORS,
    ),
    "talentproject_approved_has_date": Case(
        TalentProject,
        lambda: make_talent_project(status=TalentProject.Status.APPROVED, approved_on=None),
        lambda: (talent_data(status="approved"), None),
        "approved_on",
    ),
    "talentproject_year_plausible": Case(
        TalentProject,
        lambda: make_talent_project(year=1970),
        lambda: (talent_data(year="1970"), None),
        "year",
    ),
    "talentproject_funding_non_negative": Case(
        TalentProject,
        lambda: make_talent_project(funding_cny=-1),
        lambda: (talent_data(funding_cny="-1"), None),
        "funding_cny",
    ),
    "talentproject_reference_unique": Case(
        TalentProject,
        lambda: (make_talent_project(reference="111-B13002"), make_talent_project(reference="111-B13002")),
        lambda: (make_talent_project(reference="111-B13002") and talent_data(reference="111-B13002"), None),
        "reference",
    ),
}


def _same_start_kwargs():
    first = make_appointment()
    return {"expert": first.expert, "unit": first.unit, "starts_on": first.starts_on}


def named_constraints():
    return {
        constraint.name: model
        for app_label in RECORD_APPS
        for model in apps.get_app_config(app_label).get_models()
        for constraint in model._meta.constraints
    }


def constraint_named(name):
    return next(c for c in named_constraints()[name]._meta.constraints if c.name == name)
