"""The three kinds of user, shared by every test file.

- staff: a clerk who edits every record in the admin, without personal data,
  reports, export or import permissions;
- reporter: an administrator who views reports and exports (no personal data);
- visitor: anonymous, nothing to create.
"""

from django.contrib.auth.models import Permission

from tests.factories import make_user

RECORD_APPS = ("intl_office", "partners", "programs", "students", "experts", "documents")
EXTRA_PERMS = ("view_personal_data", "view_reports", "export_records", "import_records")


def make_staff(username: str = "staff", *, personal_data: bool = False):
    """A clerk with add/change/delete/view on every record model."""
    user = make_user(username)
    perms = Permission.objects.filter(content_type__app_label__in=RECORD_APPS).exclude(codename__in=EXTRA_PERMS)
    user.user_permissions.add(*perms)
    if personal_data:
        user.user_permissions.add(*Permission.objects.filter(codename="view_personal_data"))
    return user


def make_reporter(username: str = "reporter"):
    return make_user(username, perms=("intl_office.view_reports", "intl_office.export_records"))


TRAVEL_APPLICANT_PERMS = tuple(
    f"travel.{action}_{model}"
    for model in ("trip", "tripmember", "tripdestination", "annualplan", "plannedtrip", "visit", "guest")
    for action in ("add", "change", "view")
)


def make_travel_roles(unit):
    """The travel workflow's people for one unit: its secretary (applicant) and leader, the international office
    and the university leader in charge."""
    secretary = make_user(perms=TRAVEL_APPLICANT_PERMS)
    leader = make_user(perms=("travel.approve_as_unit_leader", "travel.view_trip"))
    unit.members.add(secretary, leader)
    office = make_user(
        perms=(*TRAVEL_APPLICANT_PERMS, "travel.approve_as_office", "travel.view_leadtime", "travel.change_leadtime")
    )
    university = make_user(perms=("travel.approve_as_university", "travel.view_trip"))
    return secretary, leader, office, university
