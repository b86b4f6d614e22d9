"""The office's figure panels on the admin's front page: students, agreements and experts, as they stand today.

Each panel's figures and chart come from the domain's QuerySet rules (``present_on``, ``in_force``,
``in_post_on``, the due declarations), link to the admin list filtered to exactly what they count, and cost a fixed
number of queries. Registered with the core's dashboard from ``RemindersConfig.ready()``; other features (official
travel: "trips waiting for approval") register theirs the same way.
"""

import calendar
import datetime
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from experts.models import Appointment
from experts.reminders import APPOINTMENTS_ENDING
from intl_office.core.admin_filters import TODAY_PARAMETER
from intl_office.core.dashboard import Bar, Figure, Panel, PanelData, register
from partners.models import Agreement
from partners.reminders import AGREEMENTS_ENDING
from students.models import InternationalStudent


def _list_url(model, **params) -> str:
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    return f"{url}?{urlencode(params)}" if params else url


def month_span(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    return today.replace(day=1), today.replace(day=calendar.monthrange(today.year, today.month)[1])


def student_figures(today: datetime.date) -> PanelData:
    """Two queries: the month's arrivals and departures with today's headcount, then today's students by category."""
    first, last = month_span(today)
    Student = InternationalStudent
    present = Student.objects.presence_q(today, today)
    counts = Student.objects.aggregate(
        on_campus=Count("pk", filter=present),
        arriving=Count("pk", filter=Q(arrived_on__gte=first, arrived_on__lte=last)),
        leaving=Count("pk", filter=Q(departed_on__gte=first, departed_on__lte=last)),
    )
    by_category = dict(
        Student.objects.filter(present)
        .order_by()
        .values_list("category")
        .annotate(n=Count("pk"))
        .values_list("category", "n")
    )
    month = {"__gte": first.isoformat(), "__lte": last.isoformat()}
    return PanelData(
        figures=[
            Figure(_("on campus today"), counts["on_campus"], _list_url(Student, **{TODAY_PARAMETER: "yes"})),
            Figure(
                _("arriving this month"),
                counts["arriving"],
                _list_url(Student, **{f"arrived_on{k}": v for k, v in month.items()}),
            ),
            Figure(
                _("leaving this month"),
                counts["leaving"],
                _list_url(Student, **{f"departed_on{k}": v for k, v in month.items()}),
            ),
        ],
        chart_title=_("On campus by category"),
        bars=[
            Bar(label, by_category.get(value, 0), _list_url(Student, **{TODAY_PARAMETER: "yes", "category": value}))
            for value, label in Student.Category.choices
        ],
    )


def agreement_figures(today: datetime.date) -> PanelData:
    """Three queries: agreements in force by kind, then those ending within their lead time (two)."""
    in_force = dict(
        Agreement.objects.in_force(today, today=today)
        .order_by()
        .values_list("kind")
        .annotate(n=Count("pk"))
        .values_list("kind", "n")
    )
    ending = AGREEMENTS_ENDING.records(today).count()
    return PanelData(
        figures=[
            Figure(_("in force"), sum(in_force.values()), _list_url(Agreement, **{TODAY_PARAMETER: "yes"})),
            Figure(
                _("ending within their lead time"),
                ending,
                AGREEMENTS_ENDING.list_url,
                attention=bool(ending),
            ),
        ],
        chart_title=_("In force by kind"),
        bars=[
            Bar(label, in_force.get(value, 0), _list_url(Agreement, **{TODAY_PARAMETER: "yes", "kind": value}))
            for value, label in Agreement.Kind.choices
            if in_force.get(value)
        ],
    )


def expert_figures(today: datetime.date) -> PanelData:
    """Three queries: experts in post by term (people, not appointments), and appointments ending soon (two)."""
    in_post = Appointment.objects.in_post_on(today)
    by_term = in_post.aggregate(people=Count("expert", distinct=True), **Appointment.objects.people_by_term())
    ending = APPOINTMENTS_ENDING.records(today).count()
    return PanelData(
        figures=[
            Figure(_("experts in post today"), by_term["people"], _list_url(Appointment, **{TODAY_PARAMETER: "yes"})),
            Figure(_("appointments ending soon"), ending, APPOINTMENTS_ENDING.list_url, attention=bool(ending)),
        ],
        chart_title=_("In post by term"),
        bars=[
            Bar(label, by_term[value], _list_url(Appointment, **{TODAY_PARAMETER: "yes", "term": value}))
            for value, label in Appointment.Term.choices
        ],
    )


def register_panels() -> None:
    register(Panel("students", _("International students"), "students.view_internationalstudent", student_figures, 10))
    register(Panel("agreements", _("Agreements"), "partners.view_agreement", agreement_figures, 20))
    register(Panel("experts", _("Foreign experts"), "experts.view_appointment", expert_figures, 30))
