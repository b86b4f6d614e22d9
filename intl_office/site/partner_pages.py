"""The public partner directory and partner pages. Contacts and agreement documents never appear here."""

from itertools import groupby

from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import redirect
from django.views.generic import DetailView
from django_countries.fields import Country
from django_filters.views import FilterView

from intl_office.core.i18n import name_sort_key
from intl_office.site import figures
from intl_office.site.maps import partner_map
from intl_office.site.partner_filters import InstitutionFilter
from partners.models import Agreement, Institution
from programs.models import Program


def _merged_prefetch():
    return Prefetch("merged_institutions", queryset=Institution.objects.only("name_en", "name_zh", "merged_into"))


def _published_program_count():
    # A subquery, not a join: the paginator's count then leaves it out.
    programs = (
        Program.objects.published()
        .filter(partners=OuterRef("pk"))
        .order_by()
        .values("partners")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(programs), 0)


class InstitutionListView(FilterView):
    """The directory, by country in reading order, a page at a time: a page costs the same however many partners."""

    filterset_class = InstitutionFilter
    template_name = "public/partner_list.html"
    context_object_name = "institutions"
    paginate_by = 60
    strict = True

    def get_queryset(self):
        # Merged institutions appear as "formerly ..." on the one they merged into, not as entries of their own.
        return Institution.objects.counted()

    def paginate_queryset(self, queryset, page_size):
        # Ordered here, once the filters are applied: the country order needs only the countries left.
        self.country_counts = self.filterset.country_counts()
        chosen = self.filterset.form.cleaned_data.get("country") if self.filterset.form.is_valid() else None
        countries = {code: n for code, n in self.country_counts.items() if not chosen or code == chosen}
        queryset = (
            queryset.in_reading_order(countries)
            .annotate(program_count=_published_program_count())
            .prefetch_related(_merged_prefetch())
        )
        return super().paginate_queryset(queryset, page_size)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = getattr(self, "country_counts", {})
        self.filterset.offer_counted_options(counts)
        chosen = self.filterset.form.cleaned_data.get("country") if self.filterset.form.is_valid() else None
        index = [{"country": Country(code), "count": n} for code, n in counts.items() if n]
        index.sort(key=lambda row: name_sort_key(row["country"].name))
        context["country_index"] = index
        context["partner_map"] = partner_map(figures.partners_by_country())
        context["groups"] = [
            {"country": members[0].country, "institutions": members, "total": counts.get(code, len(members))}
            for code, members in (
                (code, list(group)) for code, group in groupby(context["institutions"], key=lambda i: i.country.code)
            )
        ]
        context["total"] = context["paginator"].count if context.get("paginator") else 0
        context["country_total"] = len(index) if not chosen else 1
        return context


class InstitutionDetailView(DetailView):
    template_name = "public/partner_detail.html"
    context_object_name = "institution"

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.object.merged_into_id:
            # The old address of a merged university leads to the one it became.
            return redirect(self.object.merged_into, permanent=True)
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_queryset(self):
        # Counted partners have a page; merged ones are kept only to redirect.
        return (
            Institution.objects.filter(Institution.objects.counted_q() | Q(merged_into__isnull=False))
            .select_related("merged_into")
            .prefetch_related(_merged_prefetch())
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        institution = self.object
        partner_ids = [institution.pk, *(merged.pk for merged in institution.merged_institutions.all())]
        context["programs"] = (
            Program.objects.published().filter(partners__in=partner_ids).distinct().order_by("title_en")
        )
        kinds = (
            Agreement.objects.in_force()
            .filter(partners__in=partner_ids)
            .values_list("kind", flat=True)
            .distinct()
            .order_by("kind")
        )
        context["cooperation_forms"] = [Agreement.Kind(kind).label for kind in kinds]
        context["former_names"] = [
            name
            for name in [institution.former_name, *(m.display_name for m in institution.merged_institutions.all())]
            if name
        ]
        return context
