"""The pages `make bench` times and tests/scale/test_query_counts.py counts queries of, at two sizes.

Each admin list with its common filters and a search, each change form (of the first record, the same at every
scale since generate_data writes the demo first), the admin front page, the reports page, and the public pages.
"""

from dataclasses import dataclass

from django.urls import reverse

from experts.models import Appointment, Expert, TalentProject
from intl_office.core.models import Unit
from partners.models import Agreement, Contact, Delegation, Institution
from programs.models import Program
from students.models import InternationalStudent, OutboundMobility

YEAR = 2013


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    # "admin" pages need a signed-in superuser; "public" ones are visited anonymously.
    area: str


def _list(model) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def _change(model) -> str:
    first = model.objects.order_by("pk").values_list("pk", flat=True).first()
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[first])


def _word(model, field: str) -> str:
    """A word to search for: the start of the first record's value."""
    value = model.objects.order_by("pk").values_list(field, flat=True).first() or "a"
    return value.split()[0][:6]


def admin_pages() -> list[Page]:
    unit = Unit.objects.order_by("pk").values_list("pk", flat=True).first()
    lists = {
        InternationalStudent: [
            "",
            "status__exact=enrolled",
            "level__exact=master",
            "category__exact=degree",
            "funding__exact=csc",
            "discipline__exact=engineering",
            "nationality__exact=KZ",
            f"unit__id__exact={unit}",
            f"year={YEAR}",
            "due=residence_permits",
            f"q={_word(InternationalStudent, 'family_name')}",
        ],
        OutboundMobility: [
            "",
            f"year={YEAR}",
            "route__exact=agreement",
            "kind__exact=exchange",
            "destination_country__exact=US",
            f"q={_word(OutboundMobility, 'student_name')}",
        ],
        Institution: ["", "kind__exact=university", "is_active__exact=1", "country__exact=US", "q=University"],
        Contact: ["", "is_primary__exact=1", f"q={_word(Contact, 'name')}"],
        Agreement: [
            "",
            "effective_status=active",
            "due=agreements_expired",
            "due=agreements_ending",
            "kind__exact=student_exchange",
            "q=exchange",
        ],
        Delegation: ["", "direction__exact=inbound", f"year={YEAR}", "country__exact=DE", "q=Visit"],
        Program: ["", "is_published__exact=1", "kind__exact=cooperative", "level__exact=master", "q=Engineering"],
        Expert: ["", "gender__exact=female", "nationality__exact=US", f"q={_word(Expert, 'family_name')}"],
        Appointment: ["", "term__exact=long_term", f"year={YEAR}", "due=work_permits", "q=teacher"],
        TalentProject: ["", "status__exact=approved", f"year__exact={YEAR}", "q=rail"],
        Unit: ["", "q=School"],
    }
    pages = [
        Page("admin front page", reverse("admin:index"), "admin"),
        Page(f"reports ?year={YEAR}", reverse("reports:index") + f"?year={YEAR}", "admin"),
    ]
    for model, queries in lists.items():
        label = model._meta.verbose_name_plural
        for query in queries:
            pages.append(
                Page(f"{label} list {'?' + query if query else ''}".strip(), _list(model) + "?" + query, "admin")
            )
        pages.append(Page(f"{label} change form", _change(model), "admin"))
    return pages


def public_pages() -> list[Page]:
    program = Program.objects.published().order_by("pk").first()
    partner = Institution.objects.counted().order_by("pk").first()
    return [
        Page("/", "/", "public"),
        Page(f"/?year={YEAR}", f"/?year={YEAR}", "public"),
        Page("/zh-hans/", "/zh-hans/", "public"),
        Page("/programs/", "/programs/", "public"),
        Page("/partners/", "/partners/", "public"),
        Page("program page", program.get_absolute_url(), "public"),
        Page("partner page", partner.get_absolute_url(), "public"),
        Page("/sitemap.xml", "/sitemap.xml", "public"),
        Page("/sitemap-partners.xml", "/sitemap-partners.xml", "public"),
        Page("/robots.txt", "/robots.txt", "public"),
    ]
