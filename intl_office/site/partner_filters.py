"""The partner directory's filters."""

import django_filters
from django import forms
from django.conf import settings
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from intl_office.core.i18n import sorted_countries
from partners.models import Institution


def directory_countries():
    """Countries and regions with at least one counted partner, by name in the current language."""
    return sorted_countries(Institution.objects.counted().values_list("country", flat=True).distinct().order_by())


class InstitutionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Name"),
        method="search",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("English or Chinese name")}),
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Institution.Kind.choices, empty_label=_("Any kind"))
    country = django_filters.ChoiceFilter(label=_("Country or region"), empty_label=_("Any"))

    class Meta:
        model = Institution
        fields = ["q", "kind", "country"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["q"].extra["widget"].attrs["maxlength"] = settings.PUBLIC_SEARCH_MAX_CHARACTERS
        # Evaluated once here: a callable would query again for validation and for rendering.
        self.filters["country"].extra["choices"] = directory_countries()

    def search(self, queryset, name, value):
        words = value[: settings.PUBLIC_SEARCH_MAX_CHARACTERS].split()[: settings.PUBLIC_SEARCH_MAX_WORDS]
        return queryset.matching(" ".join(words))

    def without(self, excluded: str):
        """The partners the other filters chosen give: what each option of the excluded one would give."""
        queryset = self.queryset
        for name, value in getattr(self.form, "cleaned_data", {}).items():
            if name != excluded:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def country_counts(self) -> dict[str, int]:
        """{country: partners}, with the name search and kind as chosen, in one aggregate query."""
        rows = self.without("country").values("country").annotate(n=Count("pk")).order_by()
        return {row["country"]: row["n"] for row in rows}

    def offer_counted_options(self, country_counts: dict[str, int]):
        """Options say how many partners they would give; those giving none are not offered (the chosen one stays)."""
        form = self.form
        form.is_valid()
        kinds = {
            row["kind"]: row["n"] for row in self.without("kind").values("kind").annotate(n=Count("pk")).order_by()
        }
        for name, counts in (("country", country_counts), ("kind", kinds)):
            field = form.fields[name]
            chosen = form.data.get(name, "")
            options = [
                (value, f"{label} ({counts[value]})" if counts.get(value) else label)
                for value, label in field.choices
                if value and (counts.get(value) or value == chosen)
            ]
            # The widget only: the field still accepts what it accepted when the form was validated.
            field.widget.choices = [("", self.filters[name].extra["empty_label"]), *options]
