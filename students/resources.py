"""Spreadsheet columns for international students and outbound mobility (import and export).

Personal columns (passport, visa, insurance and form numbers, date of birth, e-mail, phone, emergency contact:
``OfficeResource.personal_columns``) are left out for users
without ``students.view_personal_data``.
"""

from intl_office.core import resources as im
from intl_office.core.people import Gender, VisaType
from partners import widgets as partner_cells
from programs import widgets as program_cells
from programs.models import DegreeLevel
from students.models import InternationalStudent, OutboundMobility


class InternationalStudentResource(im.OfficeResource):
    """Matched on student number; then nationality and passport number; then name, nationality and arrival date."""

    student_number = im.text("student_number")
    passport_number = im.text("passport_number")
    nationality = im.country("nationality")
    family_name = im.text("family_name")
    given_name = im.text("given_name")
    name_zh = im.text("name_zh")
    gender = im.choice("gender", Gender, keep_when_blank=True)
    date_of_birth = im.date("date_of_birth")
    category = im.choice("category", InternationalStudent.Category)
    level = im.choice("level", DegreeLevel, keep_when_blank=True)
    program = program_cells.program("program")
    home_institution = partner_cells.institution("home_institution")
    unit = im.unit("unit")
    funding = im.choice("funding", InternationalStudent.Funding, keep_when_blank=True)
    discipline = im.choice("discipline", InternationalStudent.Discipline)
    arrived_on = im.date("arrived_on")
    graduated_on = im.date("graduated_on")
    departed_on = im.date("departed_on")
    status = im.choice("status", InternationalStudent.Status, keep_when_blank=True)
    residence_permit_expires_on = im.date("residence_permit_expires_on")
    residence_permit_reminder_days = im.integer("residence_permit_reminder_days", keep_when_blank=True)
    email = im.text("email")
    phone = im.text("phone")
    emergency_contact_name = im.text("emergency_contact_name")
    emergency_contact_phone = im.text("emergency_contact_phone")
    passport_expires_on = im.date("passport_expires_on")
    visa_type = im.choice("visa_type", VisaType)
    visa_number = im.text("visa_number")
    admission_notice_number = im.text("admission_notice_number")
    jw_form = im.choice("jw_form", InternationalStudent.JWForm)
    jw_form_number = im.text("jw_form_number")
    insurance_provider = im.text("insurance_provider")
    insurance_policy_number = im.text("insurance_policy_number")
    insurance_expires_on = im.date("insurance_expires_on")
    accommodation = im.choice("accommodation", InternationalStudent.Accommodation)
    address_registered_on = im.date("address_registered_on")

    natural_keys = (
        ("student_number",),
        ("nationality", "passport_number"),
        ("family_name", "given_name", "nationality", "arrived_on"),
    )
    required_columns = ("family_name", "nationality", "category")
    select_related = ("program", "home_institution", "unit")

    class Meta:
        model = InternationalStudent
        fields = (
            "student_number",
            "passport_number",
            "nationality",
            "family_name",
            "given_name",
            "name_zh",
            "gender",
            "date_of_birth",
            "category",
            "level",
            "program",
            "home_institution",
            "unit",
            "funding",
            "discipline",
            "arrived_on",
            "graduated_on",
            "departed_on",
            "status",
            "residence_permit_expires_on",
            "residence_permit_reminder_days",
            "email",
            "phone",
            "emergency_contact_name",
            "emergency_contact_phone",
            "passport_expires_on",
            "visa_type",
            "visa_number",
            "admission_notice_number",
            "jw_form",
            "jw_form_number",
            "insurance_provider",
            "insurance_policy_number",
            "insurance_expires_on",
            "accommodation",
            "address_registered_on",
        )
        export_order = fields
        import_id_fields = ("student_number",)


class OutboundMobilityResource(im.OfficeResource):
    """Matched on student number, start date and destination country (one stay)."""

    student_number = im.text("student_number")
    student_name = im.text("student_name")
    unit = im.unit("unit")
    destination = partner_cells.institution("destination")
    destination_country = im.country("destination_country")
    route = im.choice("route", OutboundMobility.Route)
    program = program_cells.program("program")
    agreement = partner_cells.agreement("agreement")
    kind = im.choice("kind", OutboundMobility.Kind)
    starts_on = im.date("starts_on")
    ends_on = im.date("ends_on")
    academic_year = im.text("academic_year")

    natural_keys = (("student_number", "starts_on", "destination_country"),)
    required_columns = ("student_number", "student_name", "destination_country", "route", "kind", "starts_on")
    select_related = ("unit", "destination", "program", "agreement")

    class Meta:
        model = OutboundMobility
        fields = (
            "student_number",
            "student_name",
            "unit",
            "destination",
            "destination_country",
            "route",
            "program",
            "agreement",
            "kind",
            "starts_on",
            "ends_on",
            "academic_year",
        )
        export_order = fields
        import_id_fields = ("student_number", "starts_on", "destination_country")
