"""Rows for every admin page, built in any number, and the admin pages to visit."""

import datetime

from django.contrib import admin
from django.urls import reverse

from experts.models import Appointment, Expert, TalentProject
from intl_office.core.models import DueDecision, ExportLog, ImportLog, PersonalDataAccess, SentReminder, Unit
from intl_office.documents.models import DocumentKind, PersonDocument
from partners.models import Agreement, Contact, Delegation, Institution
from programs.models import Program
from students.models import InternationalStudent, OutboundMobility
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

# No admin page may run more queries than this, whatever the data (the largest, a change form with inlines and
# autocompletes, runs about 15).
MAX_QUERIES = 20


def office_admins():
    return [
        (model, model_admin)
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in RECORD_APPS
    ]


# Each builder adds n rows of its model, every row with its own related objects (so a missing select_related or
# prefetch shows up as a query per row), and returns the record whose change page is measured; given that record
# again, it also grows that record's inlines by n rows.
def _build_units(n, main=None):
    units = [make_unit() for _ in range(n)]
    return main or units[0]


def _build_institutions(n, main=None):
    main = main or make_institution()
    for i in range(n):
        other = make_institution(merged_into=main if i % 2 else None)
        make_contact(institution=main if i else other)
        make_agreement(main, other, unit=make_unit())
    return main


def _build_contacts(n, main=None):
    contacts = [make_contact() for _ in range(n)]
    return main or contacts[0]


def _build_agreements(n, main=None):
    agreements = [make_agreement(make_institution(), make_institution(), unit=make_unit()) for _ in range(n)]
    return main or agreements[0]


def _build_delegations(n, main=None):
    rows = [make_delegation(institution=make_institution(), host_unit=make_unit()) for _ in range(n)]
    return main or rows[0]


def _build_programs(n, main=None):
    rows = [
        make_program(
            make_institution(), make_institution(), agreement=make_agreement(), unit=make_unit(), is_published=i % 2
        )
        for i in range(n)
    ]
    return main or rows[0]


def _build_students(n, main=None):
    rows = [
        make_student(program=make_program(), home_institution=make_institution(), unit=make_unit()) for _ in range(n)
    ]
    return main or rows[0]


def _build_outbound(n, main=None):
    rows = [
        make_outbound(
            unit=make_unit(), destination=make_institution(), program=make_program(), agreement=make_agreement()
        )
        for _ in range(n)
    ]
    return main or rows[0]


def _build_experts(n, main=None):
    main = main or make_expert(home_institution=make_institution())
    for _ in range(n):
        make_expert(home_institution=make_institution())
        make_appointment(expert=main, unit=make_unit())
    return main


def _build_appointments(n, main=None):
    rows = [make_appointment() for _ in range(n)]
    return main or rows[0]


def _build_talent_projects(n, main=None):
    rows = [make_talent_project(lead_expert=make_expert()) for _ in range(n)]
    return main or rows[0]


def _build_export_logs(n, main=None):
    rows = [ExportLog.objects.create(user=make_user(), what="students", file_format="csv") for _ in range(n)]
    return main or rows[0]


def _build_import_logs(n, main=None):
    rows = [ImportLog.objects.create(user=make_user(), kind="students", file_name="s.xlsx") for _ in range(n)]
    return main or rows[0]


def _build_personal_data_accesses(n, main=None):
    rows = [
        PersonalDataAccess.objects.record(
            make_user(), PersonalDataAccess.Kind.OPENED, InternationalStudent, records=[make_student().pk]
        )
        for _ in range(n)
    ]
    return main or rows[0]


def _build_reminders(n, main=None):
    start = SentReminder.objects.count()
    rows = [
        SentReminder.objects.create(
            kind=SentReminder.Kind.AGREEMENT_END,
            object_id=start + i,
            due_on=datetime.date(2030, 1, 1),
            recipient="unit@example.org",
        )
        for i in range(n)
    ]
    return main or rows[0]


def _build_decisions(n, main=None):
    rows = [
        DueDecision.objects.create(
            kind=SentReminder.Kind.AGREEMENT_END,
            object_id=i + 1,
            due_on=datetime.date(2030, 1, 1),
            action=DueDecision.Action.DISMISSED,
            user=make_user(),
            reason=f"Reason {i}",
        )
        for i in range(n)
    ]
    return main or rows[0]


def _build_document_kinds(n, main=None):
    start = DocumentKind.objects.count()
    rows = [DocumentKind.objects.create(name_en=f"Kind {start + i}", applies_to="student") for i in range(n)]
    return main or rows[0]


def _build_person_documents(n, main=None):
    start = DocumentKind.objects.count()
    rows = [
        PersonDocument.objects.create(
            kind=DocumentKind.objects.create(name_en=f"Doc kind {start + i}", applies_to="student"),
            student=make_student(),
            received_on=datetime.date(2026, 1, 1),
        )
        for i in range(n)
    ]
    return main or rows[0]


BUILDERS = {
    Unit: _build_units,
    Institution: _build_institutions,
    Contact: _build_contacts,
    Agreement: _build_agreements,
    Delegation: _build_delegations,
    Program: _build_programs,
    InternationalStudent: _build_students,
    OutboundMobility: _build_outbound,
    Expert: _build_experts,
    Appointment: _build_appointments,
    TalentProject: _build_talent_projects,
    ExportLog: _build_export_logs,
    ImportLog: _build_import_logs,
    PersonalDataAccess: _build_personal_data_accesses,
    SentReminder: _build_reminders,
    DueDecision: _build_decisions,
    DocumentKind: _build_document_kinds,
    PersonDocument: _build_person_documents,
}


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def form_data(response):
    """The POST data a browser would send back from an admin change form, unchanged."""
    form = response.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        if value is True:
            data[name] = "on"
        elif isinstance(value, (list, tuple)):
            data[name] = [str(v) for v in value]
        else:
            data[name] = str(value)
    for formset in response.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
    return data
