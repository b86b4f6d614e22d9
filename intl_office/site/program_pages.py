"""The public program catalogue and program pages."""

from django.db.models import Prefetch
from django.utils.translation import gettext
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
        context = super().get_context_data(**kwargs)
        if self.filterset.data.get("partner"):
            # Arrived by a link to a partner's programs: the partner by name (or that the link names none), and the
            # way back to every partner's programs.
            context["partner_link"] = {
                "partner": self.filterset.chosen_partner(),
                "without": self.filterset.without_partner_link(),
            }
        return context


# Programs leading to a degree or a stay of study are programs; a short visit or a summer school is a course.
COURSE_KINDS = {Program.Kind.SHORT_VISIT}
# The language of instruction as BCP 47 tags (schema.org inLanguage).
LANGUAGE_TAGS = {
    Program.Language.ENGLISH: ["en"],
    Program.Language.CHINESE: ["zh"],
    Program.Language.BILINGUAL: ["en", "zh"],
    Program.Language.FRENCH: ["fr"],
}


def structured_data(program: Program, request) -> dict:
    """schema.org EducationalOccupationalProgram (or Course) for the page, with what the page itself shows."""
    provider = {
        "@type": "CollegeOrUniversity",
        "name": gettext("Beijing Jiaotong University"),
        "url": request.build_absolute_uri("/"),
    }
    if program.unit:
        department = {"@type": "Organization", "name": program.unit.display_name}
        if program.unit.public_email:
            department["email"] = program.unit.public_email
        if program.unit.public_phone:
            department["telephone"] = program.unit.public_phone
        provider["department"] = department
    data = {
        "@context": "https://schema.org",
        "@type": "Course" if program.kind in COURSE_KINDS else "EducationalOccupationalProgram",
        "name": program.display_title,
        "url": request.build_absolute_uri(program.get_absolute_url()),
        "provider": provider,
        "educationalLevel": program.get_level_display(),
    }
    if program.display_summary or program.display_description:
        data["description"] = program.display_summary or program.display_description
    if program.language in LANGUAGE_TAGS:
        data["inLanguage"] = LANGUAGE_TAGS[program.language]
    if program.display_eligibility:
        key = "coursePrerequisites" if program.kind in COURSE_KINDS else "programPrerequisites"
        data[key] = program.display_eligibility
    if program.kind in COURSE_KINDS:
        return data
    if program.duration_months:
        data["timeToComplete"] = f"P{program.duration_months}M"
    if program.application_deadline:
        data["applicationDeadline"] = program.application_deadline.isoformat()
    if program.places:
        data["maximumEnrollment"] = program.places
    partners = [{"@type": "CollegeOrUniversity", "name": p.display_name} for p in program.partners.all()]
    if partners:
        data["provider"] = [provider, *partners]
    return data


class ProgramDetailView(DetailView):
    template_name = "public/program_detail.html"
    context_object_name = "program"

    def get_queryset(self):
        programs = Program.objects.select_related("unit").prefetch_related(_partners_prefetch())
        if self.is_preview_allowed():
            return programs
        return programs.published()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["structured_data"] = structured_data(self.object, self.request)
        return context

    def is_preview_allowed(self) -> bool:
        # Staff who can see programs in the admin may preview unpublished ones here.
        user = self.request.user
        return user.is_staff and user.has_perm("programs.view_program")
