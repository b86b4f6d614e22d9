"""Who must sign in with a second factor.

Superusers, and everyone who may see personal data, export or import records; with
``OTP_REQUIRED_FOR_ALL``, every member of staff. For the others it is optional: once
they have set one up, they sign in with it too.
"""

from django.conf import settings

# Each of these opens personal data to its holder: on the admin's pages, in exported files, or by importing over them.
REQUIRED_WITH = (
    "students.view_personal_data",
    "experts.view_personal_data",
    "travel.view_personal_data",
    "intl_office.export_records",
    "intl_office.import_records",
)


def second_factor_required(user) -> bool:
    if not (user.is_active and user.is_staff):
        return False
    if settings.OTP_REQUIRED_FOR_ALL or user.is_superuser:
        return True
    return any(user.has_perm(perm) for perm in REQUIRED_WITH)
