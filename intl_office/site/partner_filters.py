"""The partner directory's filters."""

import django_filters
from django.utils.translation import gettext_lazy as _

from intl_office.core.i18n import sorted_countries
from partners.models import Institution


def directory_countries():
    """Countries and regions with at least one counted partner, by name in the current language."""
    return sorted_countries(Institution.objects.counted().values_list("country", flat=True).distinct().order_by())


class InstitutionFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Institution.Kind.choices, empty_label=_("Any kind"))
    country = django_filters.ChoiceFilter(label=_("Country or region"), empty_label=_("Any"))

    class Meta:
        model = Institution
        fields = ["kind", "country"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Evaluated once here: a callable would query again for validation and for rendering.
        self.filters["country"].extra["choices"] = directory_countries()
