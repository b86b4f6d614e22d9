"""The public program catalogue and program pages."""

from django.db.models import Prefetch
from django.views.generic import DetailView
from django_filters.views import FilterView

from intl_office.site.program_filters import ProgramFilter
from partners.models import Institution
from programs.models import Program


def _partners_prefetch():
    return Prefetch("partners", queryset=Institution.objects.order_by("name_en"))


class ProgramListView(FilterView):
    filterset_class = ProgramFilter
    template_name = "public/program_list.html"
    context_object_name = "programs"
    paginate_by = 20
    # An invalid filter value (a country nobody partners from) shows no programs, not every program.
    strict = True

    def get_queryset(self):
        return Program.objects.published().prefetch_related(_partners_prefetch()).order_by("title_en", "pk")

    def get_context_data(self, **kwargs):
        self.filterset.offer_counted_options()
        return super().get_context_data(**kwargs)


class ProgramDetailView(DetailView):
    template_name = "public/program_detail.html"
    context_object_name = "program"

    def get_queryset(self):
        programs = Program.objects.select_related("unit").prefetch_related(_partners_prefetch())
        if self.is_preview_allowed():
            return programs
        return programs.published()

    def is_preview_allowed(self) -> bool:
        # Staff who can see programs in the admin may preview unpublished ones here.
        user = self.request.user
        return user.is_staff and user.has_perm("programs.view_program")
