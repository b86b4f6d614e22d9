"""The office's roles: auth groups, each a declared set of permissions (the README's "Roles" table says them in words).

A data migration creates them (``0001_create_roles``), and every later ``migrate`` gives each role the declared
permissions it lacks, those of models added since included (``sync_after_migrate``, on ``post_migrate``). Nothing is
ever taken away: permissions an administrator adds to a role stay; one removed from a declared set comes back.

Which records a role's holder works with is not a permission: staff linked to BJTU units (``Unit.members``; the unit
secretaries) work with their units' records only, whatever their roles (``intl_office.core.scope``).
"""

from dataclasses import dataclass

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

VIEW = ("view",)
EDIT = ("view", "add", "change")
ALL = ("view", "add", "change", "delete")


def _model_perms(app_label: str, actions: tuple[str, ...], *model_names: str) -> tuple[str, ...]:
    return tuple(f"{app_label}.{action}_{model}" for model in model_names for action in actions)


REPORTS = ("intl_office.view_reports",)
EXPORT = ("intl_office.export_records",)
IMPORT = ("intl_office.import_records",)
STUDENTS_PERSONAL = ("students.view_personal_data",)
EXPERTS_PERSONAL = ("experts.view_personal_data",)

PARTNER_RECORDS = _model_perms("partners", ALL, "institution", "contact", "agreement", "delegation")
PROGRAM_RECORDS = _model_perms("programs", ALL, "program")
STUDENT_RECORDS = _model_perms("students", ALL, "internationalstudent", "outboundmobility")
EXPERT_RECORDS = _model_perms("experts", ALL, "expert", "appointment", "talentproject")
# Official travel (intl_office.travel): what a unit files (plans, trips with their members and destinations, visits
# with their guests), and what the office runs besides (lead times, letter templates, the approval steps' record).
TRAVEL_FILED = _model_perms(
    "travel", EDIT, "annualplan", "plannedtrip", "trip", "tripmember", "tripdestination", "visit", "guest"
)
TRAVEL_RECORDS = (
    *_model_perms(
        "travel",
        ALL,
        "annualplan",
        "plannedtrip",
        "trip",
        "tripmember",
        "tripdestination",
        "visit",
        "guest",
        "leadtime",
        "invitationtemplate",
    ),
    *_model_perms("travel", VIEW, "approvalstep"),
    "travel.approve_as_office",
    "travel.view_personal_data",
)
# Document checklists (intl_office.documents): the kinds are the office's; the documents go with the person's record.
DOCUMENT_RECORDS = (*_model_perms("documents", ALL, "persondocument"), *_model_perms("documents", VIEW, "documentkind"))
# What the forms of records need to offer their choices (autocompletes ask for the view permission).
UNITS_SEEN = _model_perms("intl_office", VIEW, "unit")
PARTNERS_SEEN = _model_perms("partners", VIEW, "institution", "agreement")
PROGRAMS_SEEN = _model_perms("programs", VIEW, "program")


@dataclass(frozen=True)
class Role:
    # Stored as the group's name: stable, in English (the README gives the Chinese).
    name: str
    label: str
    permissions: tuple[str, ...]


OFFICE_ADMINISTRATOR = Role(
    "Office administrator",
    _("Office administrator"),
    (
        *PARTNER_RECORDS,
        *PROGRAM_RECORDS,
        *STUDENT_RECORDS,
        *EXPERT_RECORDS,
        *_model_perms("intl_office", ALL, "unit"),
        *_model_perms("intl_office", VIEW, "exportlog", "importlog", "sentreminder", "personaldataaccess"),
        *_model_perms("intl_office", ALL, "duedecision"),
        *TRAVEL_RECORDS,
        *_model_perms("documents", ALL, "documentkind", "persondocument"),
        # To link staff to their units on a unit's page (the staff autocomplete); never to edit accounts.
        "auth.view_user",
        *STUDENTS_PERSONAL,
        *EXPERTS_PERSONAL,
        *REPORTS,
        *EXPORT,
        *IMPORT,
    ),
)
PARTNERSHIPS_OFFICER = Role(
    "Partnerships officer",
    _("Partnerships officer"),
    (*PARTNER_RECORDS, *PROGRAM_RECORDS, *UNITS_SEEN, *REPORTS, *EXPORT, *IMPORT),
)
STUDENT_AFFAIRS_OFFICER = Role(
    "Student affairs officer",
    _("Student affairs officer"),
    (
        *STUDENT_RECORDS,
        *STUDENTS_PERSONAL,
        *DOCUMENT_RECORDS,
        *UNITS_SEEN,
        *PARTNERS_SEEN,
        *PROGRAMS_SEEN,
        *REPORTS,
        *EXPORT,
        *IMPORT,
    ),
)
EXPERT_AFFAIRS_OFFICER = Role(
    "Expert affairs officer",
    _("Expert affairs officer"),
    (
        *EXPERT_RECORDS,
        *EXPERTS_PERSONAL,
        *DOCUMENT_RECORDS,
        *UNITS_SEEN,
        *_model_perms("partners", VIEW, "institution"),
        *REPORTS,
        *EXPORT,
        *IMPORT,
    ),
)
# Downloading a report is an export: it needs both.
REPORT_VIEWER = Role("Report viewer", _("Report viewer"), (*REPORTS, *EXPORT))
# A school's foreign-affairs secretary: their unit's students, stays abroad, experts' appointments, delegations and
# agreements, linked to the unit (Unit.members) so that they see no other unit's. No deleting, no reports.
UNIT_SECRETARY = Role(
    "Unit secretary",
    _("Unit secretary"),
    (
        *_model_perms("students", EDIT, "internationalstudent", "outboundmobility"),
        *_model_perms("experts", EDIT, "expert", "appointment"),
        *_model_perms("partners", EDIT, "agreement", "delegation"),
        *_model_perms("partners", VIEW, "institution"),
        *PROGRAMS_SEEN,
        *UNITS_SEEN,
        *STUDENTS_PERSONAL,
        *EXPERTS_PERSONAL,
        # Their unit's trips abroad, plans and visits (the travel app shows a unit's staff their own units' only).
        *TRAVEL_FILED,
        *EXPORT,
        *IMPORT,
    ),
)

ROLES: tuple[Role, ...] = (
    OFFICE_ADMINISTRATOR,
    PARTNERSHIPS_OFFICER,
    STUDENT_AFFAIRS_OFFICER,
    EXPERT_AFFAIRS_OFFICER,
    REPORT_VIEWER,
    UNIT_SECRETARY,
)


def sync_roles(apps=global_apps, using: str = "default") -> None:
    """Make each role's group, and give it the declared permissions it lacks (those that exist yet)."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    wanted = {perm for role in ROLES for perm in role.permissions}
    lookup = Q()
    for perm in wanted:
        app_label, codename = perm.split(".")
        lookup |= Q(content_type__app_label=app_label, codename=codename)
    found = {
        f"{app_label}.{codename}": pk
        for pk, app_label, codename in Permission.objects.using(using)
        .filter(lookup)
        .values_list("pk", "content_type__app_label", "codename")
    }
    for role in ROLES:
        group, _created = Group.objects.using(using).get_or_create(name=role.name)
        ids = [found[perm] for perm in role.permissions if perm in found]
        group.permissions.add(*ids)


def create_all_permissions(apps=global_apps, using: str = "default") -> None:
    """Every installed app's permissions, as ``migrate`` makes them at its end; none made twice."""
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using, apps=apps)


def sync_after_migrate(sender, using="default", apps=global_apps, **kwargs):
    # post_migrate reaches the apps in INSTALLED_APPS order: those after this one have no permissions yet.
    create_all_permissions(apps, using)
    sync_roles(apps, using)
