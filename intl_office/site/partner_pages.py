"""The public partner directory and partner pages. Contacts and agreement documents never appear here."""

from itertools import groupby

from django.db.models import Count, Prefetch, Q
from django.shortcuts import redirect
from django.views.generic import DetailView
from django_filters.views import FilterView

from intl_office.core.i18n import name_sort_key
from intl_office.site.partner_filters import InstitutionFilter
from partners.models import Agreement, Institution
from programs.models import Program


def _merged_prefetch():
    return Prefetch("merged_institutions", queryset=Institution.objects.only("name_en", "name_zh", "merged_into"))


class InstitutionListView(FilterView):
    filterset_class = InstitutionFilter
    template_name = "public/partner_list.html"
    context_object_name = "institutions"
    strict = True

    def get_queryset(self):
        # Merged institutions appear as "formerly ..." on the one they merged into, not as entries of their own.
        return (
            Institution.objects.counted()
            .annotate(program_count=Count("programs", filter=Q(programs__is_published=True), distinct=True))
            .prefetch_related(_merged_prefetch())
            .order_by("country", "name_en")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        groups = []
        for _code, members in groupby(context["institutions"], key=lambda institution: institution.country.code):
            members = list(members)
            groups.append({"country": members[0].country, "institutions": members})
        # Sorted by the country's name in the page's language, not by its code.
        groups.sort(key=lambda group: name_sort_key(group["country"].name))
        context["groups"] = groups
        context["total"] = sum(len(group["institutions"]) for group in groups)
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
