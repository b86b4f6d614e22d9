"""The catalogue's filters: what a visitor can narrow published programs by."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from intl_office.core.i18n import sorted_countries
from partners.models import Institution
from programs.models import DegreeLevel, Program


def program_partners():
    """Counted partners (active, not merged) of published programs: a merged university is not a choice of its own."""
    return Institution.objects.counted().filter(programs__is_published=True)


def partner_countries():
    """Countries of the partners of published programs, by name in the current language."""
    return sorted_countries(program_partners().values_list("country", flat=True).distinct().order_by())


class ProgramFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Title, partner or subject")}),
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Program.Kind.choices, empty_label=_("Any kind"))
    level = django_filters.ChoiceFilter(
        label=_("Degree level"), choices=DegreeLevel.choices, empty_label=_("Any level")
    )
    country = django_filters.ChoiceFilter(
        label=_("Partner country or region"), method="filter_country", empty_label=_("Any")
    )
    partner = django_filters.ModelChoiceFilter(
        label=_("Partner institution"),
        method="filter_partner",
        to_field_name="slug",
        queryset=program_partners().distinct().order_by("name_en"),
        empty_label=_("Any partner"),
    )
    discipline = django_filters.ChoiceFilter(
        label=_("Discipline"), choices=Program.Discipline.choices, empty_label=_("Any discipline")
    )
    language = django_filters.ChoiceFilter(
        label=_("Language of instruction"), choices=Program.Language.choices, empty_label=_("Any language")
    )

    class Meta:
        model = Program
        fields = ["q", "kind", "level", "country", "partner", "discipline", "language"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Evaluated once here: a callable would query again for validation and for rendering.
        self.filters["country"].extra["choices"] = partner_countries()
        # Partner names in the page's language.
        self.filters["partner"].field.label_from_instance = lambda institution: institution.display_name

    def search(self, queryset, name, value):
        words = value.split()
        for word in words:
            partner_match = Institution.objects.filter(
                Q(name_en__icontains=word) | Q(name_zh__icontains=word), programs=OuterRef("pk")
            )
            queryset = queryset.filter(
                Q(title_en__icontains=word)
                | Q(title_zh__icontains=word)
                | Q(summary_en__icontains=word)
                | Q(summary_zh__icontains=word)
                | Q(description_en__icontains=word)
                | Q(description_zh__icontains=word)
                | Exists(partner_match)
            )
        return queryset

    def filter_partner(self, queryset, name, value):
        # A merged university's programs are the programs of the one it became, as on the partner's page.
        partner = Institution.objects.filter(Q(pk=value.pk) | Q(merged_into=value.pk), programs=OuterRef("pk"))
        return queryset.filter(Exists(partner))

    def filter_country(self, queryset, name, value):
        # EXISTS, not a join: a program with two partners in the country is listed once.
        return queryset.filter(Exists(Institution.objects.filter(programs=OuterRef("pk"), country=value)))
