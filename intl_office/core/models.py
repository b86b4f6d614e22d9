"""What every app shares: BJTU's own units, timestamps, and the office's logs.

Every app's named constraints say in words what they refuse (``violation_error_message``): the staff admin and the
importer show that message, nothing else rewords it. ``violation_error_code`` names the field the message belongs
beside in an admin form (``OfficeModelForm``); a rule about the whole record has none.
"""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from intl_office.core.columns import ListColumns  # noqa: F401  (a model of this app, in its own module)
from intl_office.core.history import office_history
from intl_office.core.i18n import localized

# The logs: models of this app in their own module.
from intl_office.core.logs import (  # noqa: F401
    AccessedRecord,
    DueDecision,
    ExportLog,
    ImportLog,
    PersonalDataAccess,
    SentReminder,
    UserLog,
    personal_relations,
)
from intl_office.core.timestamps import TimeStampedModel


class DerivedTextField(models.CharField):
    """Text kept from a record's other fields on every save, bulk_create included (``pre_save``): the sort and
    search keys the database orders and filters by. ``derive(instance)`` computes it; not editable."""

    def __init__(self, *args, derive=None, **kwargs):
        self.derive = derive
        kwargs.setdefault("editable", False)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def pre_save(self, model_instance, add):
        if self.derive is None:  # a historical model in a migration
            return super().pre_save(model_instance, add)
        value = self.derive(model_instance)[: self.max_length]
        setattr(model_instance, self.attname, value)
        return value


class BilingualNameMixin:
    """``display_name``: the Chinese name in a Chinese page, else the English one."""

    name_en_field = "name_en"
    name_zh_field = "name_zh"

    @property
    def display_name(self) -> str:
        return localized(getattr(self, self.name_en_field), getattr(self, self.name_zh_field, ""))


class UnitQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def of_user(self, user):
        """The units a staff user belongs to (a unit secretary's scope); none for everyone else."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(members=user)

    def for_units(self, units):
        """A unit-scoped user works with their own units only (``intl_office.core.scope``)."""
        return self.filter(pk__in=units)


class Unit(BilingualNameMixin, TimeStampedModel):
    """A school or department of BJTU, shared by every app."""

    class Kind(models.TextChoices):
        SCHOOL = "school", _("School")
        DEPARTMENT = "department", _("Department")
        INSTITUTE = "institute", _("Institute")

    code = models.SlugField(_("code"), max_length=40, unique=True, help_text=_("Short stable code, e.g. 'sem'."))
    name_en = models.CharField(_("English name"), max_length=200)
    name_zh = models.CharField(_("Chinese name"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.SCHOOL)
    contact_name = models.CharField(_("contact name"), max_length=200, blank=True)
    contact_email = models.EmailField(
        _("contact email"), blank=True, help_text=_("Receives the unit's reminder digests.")
    )
    # The unit's public contact (an office address, never a person's own), shown on its programs' pages.
    public_email = models.EmailField(
        _("public e-mail"), blank=True, help_text=_("The unit's office address for applicants, shown on its programs.")
    )
    public_phone = models.CharField(
        _("public phone"), max_length=50, blank=True, help_text=_("The unit's office phone, shown on its programs.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="office_units",
        verbose_name=_("staff of this unit"),
        help_text=_("Staff users who work for this unit, such as its foreign-affairs secretary."),
    )

    objects = UnitQuerySet.as_manager()
    # Who was given a unit's records (unit scope) is part of the unit's history, as old -> new staff.
    history = office_history(m2m_fields=[members])

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("BJTU unit")
        verbose_name_plural = _("BJTU units")
        constraints = [
            models.UniqueConstraint(
                Lower("name_en"),
                name="unit_name_en_unique_ci",
                violation_error_code="name_en",
                violation_error_message=_("Another unit already has this English name."),
            ),
        ]

    def __str__(self):
        return self.name_en
