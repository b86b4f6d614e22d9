"""What the open data says of a program or a partner: the public pages' facts, in English and Chinese. Never a
person: no contact, no agreement document, no student or expert."""

from django.utils.translation import override
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from intl_office.core.models import Unit
from partners.models import Institution
from programs.models import Program


def both_languages(method):
    """{"en": ..., "zh-hans": ...}: the value computed with each language active."""

    def read(obj):
        values = {}
        for language in ("en", "zh-hans"):
            with override(language):
                values[language] = str(method(obj))
        return values

    return read


# Both languages' values: {"en": "...", "zh-hans": "..."}.
BILINGUAL_SCHEMA = {
    "type": "object",
    "properties": {"en": {"type": "string"}, "zh-hans": {"type": "string"}},
    "required": ["en", "zh-hans"],
}


@extend_schema_field(BILINGUAL_SCHEMA)
class BilingualField(serializers.Field):
    """A label or a name in both languages, read from a callable (``source="*"``)."""

    def __init__(self, read, **kwargs):
        self.read = both_languages(read)
        kwargs.setdefault("source", "*")
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return self.read(value)


@extend_schema_field(BILINGUAL_SCHEMA)
class AbsoluteUrlField(serializers.Field):
    """The public page's address in each language."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, obj):
        request = self.context.get("request")
        urls = {}
        for language in ("en", "zh-hans"):
            with override(language):
                path = obj.get_absolute_url()
            urls[language] = request.build_absolute_uri(path) if request else path
        return urls


class PartnerSummarySerializer(serializers.ModelSerializer):
    country_name = BilingualField(lambda institution: institution.country.name)

    class Meta:
        model = Institution
        fields = ["slug", "name_en", "name_zh", "country", "country_name"]


class UnitSerializer(serializers.ModelSerializer):
    """A BJTU unit's public contact: an office's e-mail and phone, never a person's."""

    class Meta:
        model = Unit
        fields = ["code", "name_en", "name_zh", "public_email", "public_phone"]


class ProgramSerializer(serializers.ModelSerializer):
    kind_label = BilingualField(lambda program: program.get_kind_display())
    level_label = BilingualField(lambda program: program.get_level_display())
    discipline_label = BilingualField(lambda program: program.get_discipline_display())
    language_label = BilingualField(lambda program: program.get_language_display())
    unit = UnitSerializer(read_only=True)
    partners = PartnerSummarySerializer(many=True, read_only=True)
    url = AbsoluteUrlField()

    class Meta:
        model = Program
        fields = [
            "slug",
            "url",
            "title_en",
            "title_zh",
            "kind",
            "kind_label",
            "level",
            "level_label",
            "discipline",
            "discipline_label",
            "language",
            "language_label",
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
            "unit",
            "partners",
        ]


class PartnerSerializer(serializers.ModelSerializer):
    kind_label = BilingualField(lambda institution: institution.get_kind_display())
    country_name = BilingualField(lambda institution: institution.country.name)
    url = AbsoluteUrlField()

    class Meta:
        model = Institution
        fields = [
            "slug",
            "url",
            "name_en",
            "name_zh",
            "former_name",
            "kind",
            "kind_label",
            "country",
            "country_name",
            "city",
            "city_zh",
            "website",
            "description_en",
            "description_zh",
        ]
