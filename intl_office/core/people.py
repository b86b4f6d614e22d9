"""The people BJTU records (international students, foreign experts), and the one rule for their personal data.

- ``Person``: the abstract model of a person, with the fields, name and rules students and experts share;
- ``PERSONAL_FIELDS``: which fields are personal data, whatever the model; ``is_personal`` tells whether a field
  name, admin lookup or spreadsheet column path reaches one. The staff admin, list exports, imports and the export
  log all ask it;
- ``can_see_personal_data``: who may see them;
- ``SMALL_GROUP_THRESHOLD`` and ``hidden_groups``: which counts of people a public page may show.
"""

import datetime
from collections.abc import Hashable, Mapping
from functools import cache

from django.apps import apps
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField

from intl_office.core.timestamps import TimeStampedModel

# Fields that are personal data, in any model that has them: never on a public page, in a log, or shown to a user
# without the app's ``view_personal_data`` permission (where the app guards them, see ``protects_personal_data``).
PERSONAL_FIELDS = (
    "passport_number",
    "date_of_birth",
    "email",
    "phone",
    # Compliance records (issue 14): numbers that identify a person's papers, and whom to call in an emergency.
    "visa_number",
    "emergency_contact_name",
    "emergency_contact_phone",
    "insurance_policy_number",
    "admission_notice_number",
    "jw_form_number",
    "work_permit_number",
)

# A public page never shows a count of people below this: "1 student from country X" identifies a person.
SMALL_GROUP_THRESHOLD = 5


def hidden_groups(counts: Mapping[Hashable, int], threshold: int = SMALL_GROUP_THRESHOLD) -> set:
    """The groups of a public breakdown whose counts must not be shown, when the page shows their total too.

    Primary suppression: every group of 1 to ``threshold - 1`` people. Hiding one alone is not enough: the total
    minus the shown groups gives it back. Secondary suppression: while the hidden groups add up to fewer than
    ``threshold`` people, or their sum tells each one's count (all of 1 person, or all of ``threshold - 1``), the
    smallest shown groups are hidden too, all groups of that count together (hiding one of two equal groups would
    tell the hidden one's count: no more than the shown one, no fewer than ``threshold``).

    What the total minus the shown groups then reveals is the sum of two groups or more, at least ``threshold``
    people, that several splits add up to (tests/site/test_secondary_suppression.py checks every table of up to four
    groups by brute force). When every group is hidden, their number and the total can still tell the counts (four
    groups, fewer than five people): a page then shows no breakdown. Groups of no one are shown.

    A page shows the hidden groups together ("other countries") or marks each as not shown, never one's own count.
    """
    hidden = {key for key, n in counts.items() if 0 < n < threshold}
    shown = sorted(n for n in counts.values() if n >= threshold)
    while hidden and shown and _exposed([counts[key] for key in hidden], threshold):
        smallest = shown[0]
        hidden |= {key for key, n in counts.items() if n == smallest}
        shown = [n for n in shown if n != smallest]
    return hidden


def _exposed(hidden_counts: list[int], threshold: int) -> bool:
    total = sum(hidden_counts)
    return total < threshold or total in (len(hidden_counts), (threshold - 1) * len(hidden_counts))


def is_personal(path) -> bool:
    """Whether a field name, admin lookup or search field, or a path through related records, reaches a personal
    field: "passport_number", "=passport_number", "date_of_birth__year", "expert__passport_number"."""
    if not isinstance(path, str):
        return False  # A list column computed by a function.
    return any(part in PERSONAL_FIELDS for part in path.lstrip("=^@").split("__"))


def personal_fields(model) -> tuple[str, ...]:
    """The model's own fields that are personal data."""
    return tuple(field.name for field in model._meta.concrete_fields if field.name in PERSONAL_FIELDS)


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    UNSPECIFIED = "unspecified", _("Unspecified")


class VisaType(models.TextChoices):
    """The visa or residence permit a foreigner holds in China."""

    X1 = "x1", _("X1 visa (study, over 180 days)")
    X2 = "x2", _("X2 visa (study, up to 180 days)")
    Z = "z", _("Z visa (work)")
    F = "f", _("F visa (exchange, visit)")
    R = "r", _("R visa (high-level talent)")
    L = "l", _("L visa (tourism)")
    STUDY_PERMIT = "study_permit", _("Residence permit for study")
    WORK_PERMIT = "work_permit", _("Residence permit for work")
    OTHER = "other", _("Other")


class Person(TimeStampedModel):
    """A person the office records, as in the passport: names in both scripts, gender, nationality, date of birth,
    passport number and its expiry, visa or residence permit, e-mail, phone and emergency contact. Date of birth,
    passport, visa and contact details are personal data (``PERSONAL_FIELDS``); expiry dates are not (reminders show
    them).

    A concrete model's Meta extends ``Person.Meta`` (the ordering) and states its constraints with
    ``person_constraints``, so that their names say whose they are.
    """

    family_name = models.CharField(_("family name"), max_length=100, help_text=_("As in the passport."))
    given_name = models.CharField(_("given name"), max_length=100, blank=True, help_text=_("As in the passport."))
    # 中文姓名: a person's name, not a thing's (中文名称).
    name_zh = models.CharField(pgettext_lazy("person", "Chinese name"), max_length=100, blank=True)
    gender = models.CharField(_("gender"), max_length=12, choices=Gender, default=Gender.UNSPECIFIED)
    nationality = CountryField(_("nationality"))
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    passport_number = models.CharField(_("passport number"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    passport_expires_on = models.DateField(_("passport expires on"), null=True, blank=True)
    visa_type = models.CharField(_("visa or residence permit"), max_length=20, choices=VisaType, blank=True)
    visa_number = models.CharField(_("visa or residence permit number"), max_length=40, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    emergency_contact_name = models.CharField(_("emergency contact"), max_length=200, blank=True)
    emergency_contact_phone = models.CharField(_("emergency contact's phone"), max_length=40, blank=True)

    class Meta:
        abstract = True
        ordering = ["family_name", "given_name"]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.family_name.upper()} {self.given_name}".strip()


def person_constraints(prefix: str, *, passport_taken) -> list[models.BaseConstraint]:
    """The rules every person's table keeps, named ``<prefix>_passport_unique`` and ``<prefix>_birth_date_plausible``.

    ``passport_taken`` is the message for a passport number another person of the same nationality already has.
    """
    return [
        models.UniqueConstraint(
            fields=["nationality", "passport_number"],
            condition=~Q(passport_number=""),
            name=f"{prefix}_passport_unique",
            violation_error_code="passport_number",
            violation_error_message=passport_taken,
        ),
        models.CheckConstraint(
            condition=Q(date_of_birth__isnull=True) | Q(date_of_birth__gte=datetime.date(1900, 1, 1)),
            name=f"{prefix}_birth_date_plausible",
            violation_error_code="date_of_birth",
            violation_error_message=_("The date of birth cannot be before 1900."),
        ),
    ]


@cache
def _app_protects_personal_data(app_label: str) -> bool:
    return any(
        codename == "view_personal_data"
        for model in apps.get_app_config(app_label).get_models()
        for codename, _name in model._meta.permissions
    )


def protects_personal_data(model) -> bool:
    """Whether the model's app guards personal fields behind its ``view_personal_data`` permission.

    True for every model of the students and experts apps (an appointment's export carries its expert's passport
    number). Partner contacts' work e-mail and phone are not guarded that way: staff who may view contacts see them.
    """
    return _app_protects_personal_data(model._meta.app_label)


def can_see_personal_data(user, model) -> bool:
    """Whether the user may see the personal fields of this model's records."""
    if not protects_personal_data(model):
        return True
    return user is not None and user.has_perm(f"{model._meta.app_label}.view_personal_data")
