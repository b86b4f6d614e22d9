"""Spreadsheet columns for foreign experts and their appointments (import and export).

Personal columns (an expert's passport number, date of birth, e-mail, and an appointment's expert's passport number:
``OfficeResource.personal_columns``) are left out for users without ``experts.view_personal_data``.
An appointment names its expert by family name, given name and nationality, and by passport number when the user may
see it; a re-import without passport numbers still finds the expert by name.
"""

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from experts.models import Appointment, Expert, WorkPermitCategory
from intl_office.core import resources as im
from intl_office.core.people import Gender, VisaType
from partners import widgets as partner_cells


class ExpertResource(im.OfficeResource):
    """Matched on nationality and passport number; then on family name, given name and nationality."""

    passport_number = im.text("passport_number")
    nationality = im.country("nationality")
    family_name = im.text("family_name")
    given_name = im.text("given_name")
    name_zh = im.text("name_zh")
    title = im.text("title")
    gender = im.choice("gender", Gender, keep_when_blank=True)
    date_of_birth = im.date("date_of_birth")
    home_institution = partner_cells.institution("home_institution")
    field = im.text("field")
    email = im.text("email")
    phone = im.text("phone")
    emergency_contact_name = im.text("emergency_contact_name")
    emergency_contact_phone = im.text("emergency_contact_phone")
    passport_expires_on = im.date("passport_expires_on")
    visa_type = im.choice("visa_type", VisaType)
    visa_number = im.text("visa_number")
    work_permit_category = im.choice("work_permit_category", WorkPermitCategory)
    work_permit_number = im.text("work_permit_number")

    natural_keys = (("nationality", "passport_number"), ("family_name", "given_name", "nationality"))
    required_columns = ("family_name", "nationality")
    select_related = ("home_institution",)

    class Meta:
        model = Expert
        fields = (
            "passport_number",
            "nationality",
            "family_name",
            "given_name",
            "name_zh",
            "title",
            "gender",
            "date_of_birth",
            "home_institution",
            "field",
            "email",
            "phone",
            "emergency_contact_name",
            "emergency_contact_phone",
            "passport_expires_on",
            "visa_type",
            "visa_number",
            "work_permit_category",
            "work_permit_number",
        )
        export_order = fields
        import_id_fields = ("family_name", "nationality")


class AppointmentResource(im.OfficeResource):
    """Matched on expert, hosting unit and start date."""

    expert_family_name = im.text("expert_family_name", attribute="expert__family_name", readonly=True)
    expert_given_name = im.text("expert_given_name", attribute="expert__given_name", readonly=True)
    expert_nationality = im.country("expert_nationality", attribute="expert__nationality", readonly=True)
    expert_passport_number = im.text("expert_passport_number", attribute="expert__passport_number", readonly=True)
    unit = im.unit("unit")
    position = im.text("position")
    term = im.choice("term", Appointment.Term)
    starts_on = im.date("starts_on")
    ends_on = im.date("ends_on")
    work_permit_expires_on = im.date("work_permit_expires_on")
    work_permit_reminder_days = im.integer("work_permit_reminder_days", keep_when_blank=True)
    end_reminder_days = im.integer("end_reminder_days", keep_when_blank=True)
    courses = im.text("courses")

    natural_keys = (("expert_family_name", "expert_given_name", "expert_nationality", "unit", "starts_on"),)
    required_columns = ("expert_family_name", "expert_nationality", "unit", "position", "term", "starts_on", "ends_on")
    column_labels = {
        "expert_family_name": _("expert's family name"),
        "expert_given_name": _("expert's given name"),
        "expert_nationality": _("expert's nationality"),
        "expert_passport_number": _("expert's passport number"),
    }
    select_related = ("expert", "unit")

    class Meta:
        model = Appointment
        fields = (
            "expert_family_name",
            "expert_given_name",
            "expert_nationality",
            "expert_passport_number",
            "unit",
            "position",
            "term",
            "starts_on",
            "ends_on",
            "work_permit_expires_on",
            "work_permit_reminder_days",
            "end_reminder_days",
            "courses",
        )
        export_order = fields
        import_id_fields = ("expert_family_name", "expert_nationality", "unit", "starts_on")

    def find_expert(self, row) -> Expert:
        family = self.key_value(row, "expert_family_name")
        given = self.key_value(row, "expert_given_name") or ""
        nationality = self.key_value(row, "expert_nationality")
        passport = self.key_value(row, "expert_passport_number")
        if not family or not nationality:
            raise ValueError(gettext("the expert's family name and nationality are needed"))
        who = f"{family.upper()} {given} ({nationality})"
        expert = self._find_expert(family, given, nationality, passport, who)
        if self.units is not None and not self.in_scope(expert):
            # Naming an expert is no way into their records: a unit's staff appoint experts their units know.
            raise ValueError(
                gettext("the foreign expert %(who)s has no appointment in your units; ask the office to add it")
                % {"who": who}
            )
        return expert

    def _find_expert(self, family, given, nationality, passport, who) -> Expert:
        if passport:
            found = list(Expert.objects.filter(nationality=nationality, passport_number__iexact=passport)[:1])
            if found:
                return found[0]
        lookup = Q(family_name__iexact=family, given_name__iexact=given, nationality=nationality)
        if passport:
            lookup &= Q(passport_number="")
        matches = list(Expert.objects.filter(lookup)[:2])
        if not matches:
            raise ValueError(gettext("no foreign expert %(who)s; import the experts first") % {"who": who})
        if len(matches) > 1:
            raise ValueError(
                gettext("more than one foreign expert is %(who)s; add the expert's passport number") % {"who": who}
            )
        return matches[0]

    def find_existing(self, row):
        try:
            expert = self.find_expert(row)
        except ValueError:
            return None
        unit = self.key_value(row, "unit")
        starts_on = self.key_value(row, "starts_on")
        if unit is None or starts_on is None:
            return None
        return Appointment.objects.filter(expert=expert, unit=unit, starts_on=starts_on).first()

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as e:
            errors = e.update_error_dict(errors)
        try:
            instance.expert = self.find_expert(row)
        except ValueError as e:
            errors["expert"] = [str(e)]
        if errors:
            raise ValidationError(errors)
