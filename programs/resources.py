"""Spreadsheet columns for joint programs (import and export)."""

from intl_office.core import resources as im
from partners import widgets as partner_cells
from partners.resources import unique_slug
from programs.models import DegreeLevel, Program


class ProgramResource(im.OfficeResource):
    """Matched on slug; a row without one, on English title (and gets a slug made from it)."""

    slug = im.text("slug", keep_when_blank=True)
    title_en = im.text("title_en")
    title_zh = im.text("title_zh")
    kind = im.choice("kind", Program.Kind)
    level = im.choice("level", DegreeLevel)
    partners = partner_cells.institutions("partners")
    agreement = partner_cells.agreement("agreement")
    unit = im.unit("unit")
    discipline = im.choice("discipline", Program.Discipline)
    language = im.choice("language", Program.Language, keep_when_blank=True)
    duration_months = im.integer("duration_months")
    places = im.integer("places")
    application_deadline = im.date("application_deadline")
    second_application_deadline = im.date("second_application_deadline")
    eligibility_en = im.text("eligibility_en")
    eligibility_zh = im.text("eligibility_zh")
    tuition_exchange = im.yes_no("tuition_exchange")
    fees_en = im.text("fees_en")
    fees_zh = im.text("fees_zh")
    how_to_apply_en = im.text("how_to_apply_en")
    how_to_apply_zh = im.text("how_to_apply_zh")
    moe_approval_number = im.text("moe_approval_number")
    moe_approval_year = im.integer("moe_approval_year")
    established_year = im.integer("established_year")
    summary_en = im.text("summary_en")
    summary_zh = im.text("summary_zh")
    description_en = im.text("description_en")
    description_zh = im.text("description_zh")
    is_published = im.yes_no("is_published")

    natural_keys = (("slug",), ("title_en",))
    required_columns = ("title_en", "kind", "level", "discipline")
    select_related = ("agreement", "unit")
    prefetch_related = ("partners",)

    class Meta:
        model = Program
        fields = (
            "slug",
            "title_en",
            "title_zh",
            "kind",
            "level",
            "partners",
            "agreement",
            "unit",
            "discipline",
            "language",
            "duration_months",
            "places",
            "application_deadline",
            "second_application_deadline",
            "eligibility_en",
            "eligibility_zh",
            "tuition_exchange",
            "fees_en",
            "fees_zh",
            "how_to_apply_en",
            "how_to_apply_zh",
            "moe_approval_number",
            "moe_approval_year",
            "established_year",
            "summary_en",
            "summary_zh",
            "description_en",
            "description_zh",
            "is_published",
        )
        export_order = fields
        import_id_fields = ("slug",)

    def import_instance(self, instance, row, **kwargs):
        try:
            super().import_instance(instance, row, **kwargs)
        finally:
            if not instance.slug and instance.title_en:
                instance.slug = unique_slug(Program, instance.title_en, instance.pk)
