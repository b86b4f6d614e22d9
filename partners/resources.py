"""Spreadsheet columns for partner institutions, agreements and delegations (import and export).

Related records are written by the names clerks know: institutions by English name, units by code, agreements'
partners as "; "-separated names. See ``intl_office.core.resources`` for the accepted cell formats.
"""

from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext

from intl_office.core import resources as im
from partners import widgets as partner_cells
from partners.models import Agreement, Delegation, Institution
from partners.names import NameIndex


class InstitutionResource(im.OfficeResource):
    """Matched on English name, which may also be a stored former name; then on slug."""

    name_en = im.text("name_en")
    name_zh = im.text("name_zh")
    former_name = im.text("former_name")
    slug = im.text("slug", keep_when_blank=True)
    kind = im.choice("kind", Institution.Kind)
    country = im.country("country")
    city = im.text("city")
    city_zh = im.text("city_zh")
    website = im.text("website")
    relations_since = im.date("relations_since")
    is_active = im.yes_no("is_active")
    merged_into = partner_cells.institution("merged_into")
    description_en = im.text("description_en")
    description_zh = im.text("description_zh")

    natural_keys = (("name_en",), ("slug",))
    required_columns = ("name_en", "country")
    select_related = ("merged_into",)

    class Meta:
        model = Institution
        fields = (
            "name_en",
            "name_zh",
            "former_name",
            "slug",
            "kind",
            "country",
            "city",
            "city_zh",
            "website",
            "relations_since",
            "is_active",
            "merged_into",
            "description_en",
            "description_zh",
        )
        export_order = fields
        import_id_fields = ("name_en",)

    def before_import(self, dataset, **kwargs):
        # Names already stored, to flag a new row that is probably one of them spelt differently.
        self.names = NameIndex()
        self.chinese_names = {}
        for name_en, former, country, name_zh in Institution.objects.values_list(
            "name_en", "former_name", "country", "name_zh"
        ):
            for name in (name_en, former):
                if name:
                    self.names.add(name, country)
            if name_zh:
                self.chinese_names.setdefault(name_zh.strip(), name_en)

    def find_existing(self, row):
        name = self.key_value(row, "name_en")
        former = self.key_value(row, "former_name")
        candidates = []
        if name:
            candidates.append(Q(name_en__iexact=name) | Q(former_name__iexact=name))
        if former:
            # A renamed institution: the file has its new name, and the stored name as the former one.
            candidates.append(Q(name_en__iexact=former))
        slug = self.key_value(row, "slug")
        if slug:
            candidates.append(Q(slug__iexact=slug))
        for lookup in candidates:
            matches = list(Institution.objects.filter(lookup)[:2])
            if len(matches) == 1:
                return matches[0]
        return None

    def after_init_instance(self, instance, new, row, **kwargs):
        name = im.cell_text(row.get("name_en"))
        if not new or not name:
            return
        country = self.key_value(row, "country") or ""
        similar = self.names.similar(name, country=country)
        if similar:
            self.warn(
                kwargs.get("row_number", 0),
                gettext("'%(name)s' is new but looks like %(similar)s")
                % {"name": name, "similar": ", ".join(f"'{s}'" for s in similar)},
            )
        name_zh = im.cell_text(row.get("name_zh"))
        same_chinese = self.chinese_names.get(name_zh)
        if name_zh and same_chinese and same_chinese not in similar:
            self.warn(
                kwargs.get("row_number", 0),
                gettext("'%(name)s' is new but has the same Chinese name (%(name_zh)s) as '%(other)s'")
                % {"name": name, "name_zh": name_zh, "other": same_chinese},
            )
        self.names.add(name, country)
        if name_zh:
            self.chinese_names.setdefault(name_zh, name)

    def import_instance(self, instance, row, **kwargs):
        stored_name, stored_former = instance.name_en, instance.former_name
        try:
            super().import_instance(instance, row, **kwargs)
        finally:
            if stored_former and instance.name_en.lower() == stored_former.lower():
                # An old spreadsheet still using the former name: it must not undo the renaming.
                instance.name_en, instance.former_name = stored_name, stored_former
            if not instance.slug and instance.name_en:
                instance.slug = unique_slug(Institution, instance.name_en, instance.pk)


def unique_slug(model, text: str, pk=None) -> str:
    base = slugify(text)[:100] or model._meta.model_name
    slug, n = base, 2
    while model.objects.filter(slug=slug).exclude(pk=pk).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


class AgreementResource(im.OfficeResource):
    """Matched on reference; an agreement without one, on title and start date."""

    reference = im.text("reference")
    title = im.text("title")
    kind = im.choice("kind", Agreement.Kind)
    partners = partner_cells.institutions("partners")
    unit = im.unit("unit")
    signed_on = im.date("signed_on")
    starts_on = im.date("starts_on")
    ends_on = im.date("ends_on")
    status = im.choice("status", Agreement.Status, keep_when_blank=True)
    places_inbound = im.integer("places_inbound", keep_when_blank=True)
    places_outbound = im.integer("places_outbound", keep_when_blank=True)
    reminder_days = im.integer("reminder_days", keep_when_blank=True)
    notes = im.text("notes")

    natural_keys = (("reference",), ("title", "starts_on"))
    required_columns = ("title", "kind", "partners", "starts_on")
    select_related = ("unit",)
    prefetch_related = ("partners",)

    class Meta:
        model = Agreement
        fields = (
            "reference",
            "title",
            "kind",
            "partners",
            "unit",
            "signed_on",
            "starts_on",
            "ends_on",
            "status",
            "places_inbound",
            "places_outbound",
            "reminder_days",
            "notes",
        )
        export_order = fields
        import_id_fields = ("reference",)


class DelegationResource(im.OfficeResource):
    """Matched on direction, title and start date."""

    direction = im.choice("direction", Delegation.Direction)
    title = im.text("title")
    starts_on = im.date("starts_on")
    ends_on = im.date("ends_on")
    country = im.country("country")
    institution = partner_cells.institution("institution")
    leader = im.text("leader")
    people_count = im.integer("people_count", keep_when_blank=True)
    purpose = im.text("purpose")
    host_unit = im.unit("host_unit")

    natural_keys = (("direction", "title", "starts_on"),)
    required_columns = ("direction", "title", "starts_on", "ends_on", "country")
    select_related = ("institution", "host_unit")

    class Meta:
        model = Delegation
        fields = (
            "direction",
            "title",
            "starts_on",
            "ends_on",
            "country",
            "institution",
            "leader",
            "people_count",
            "purpose",
            "host_unit",
        )
        export_order = fields
        import_id_fields = ("direction", "title", "starts_on")
