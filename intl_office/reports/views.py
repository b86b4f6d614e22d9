"""The reports area: the annual statistics on a page, and their downloads.

Part of the staff area: every view goes through the admin site's own gate
(active staff only, never cached), then needs ``intl_office.view_reports``;
downloading also needs ``intl_office.export_records``. Every download is
recorded in the export log.

The report is the whole university's: a unit-scoped user (``intl_office.core.scope``, a unit's secretary) is refused
it, with a page saying why, even when given the report permissions.
"""

import base64
from functools import wraps

from django import forms
from django.contrib import admin
from django.contrib.auth.decorators import permission_required
from django.contrib.staticfiles import finders
from django.http import Http404, HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from intl_office.core import spreadsheets as exports
from intl_office.core.figure_cache import get_or_compute
from intl_office.core.scope import unit_names, unit_scope
from intl_office.jobs import runner
from intl_office.jobs.models import Job
from intl_office.reports import annual, charts
from intl_office.reports.base import Section
from intl_office.reports.front import front_page
from intl_office.reports.params import ReportParams, long_date
from intl_office.reports.workbook import table_sheet, workbook_sheets
from intl_office.site import figures

VIEW_PERMS = ("intl_office.view_reports",)
DOWNLOAD_PERMS = ("intl_office.view_reports", "intl_office.export_records")
LOGO = "img/logo.svg"
# The whole report's background job (intl_office.reports.jobs).
REPORT_TASK = "reports.annual"


def reports_view(perms: tuple[str, ...]):
    """Staff only, like the rest of the admin (others go to its login page); then the permissions, or 403; then
    office-wide staff only."""

    def decorate(view):
        @wraps(view)
        def office_wide_only(request, *args, **kwargs):
            units = unit_scope(request.user)
            if units is not None:
                return _unit_scoped_refusal(request, units)
            return view(request, *args, **kwargs)

        return admin.site.admin_view(permission_required(perms, raise_exception=True)(office_wide_only))

    return decorate


def _unit_scoped_refusal(request, units):
    context = {
        **admin.site.each_context(request),
        "title": gettext("The annual report covers the whole university"),
        "units": unit_names(units),
    }
    return render(request, "reports/unit_scoped.html", context, status=403)


class ReportForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)
    as_of = forms.DateField(
        label=_("Headcounts on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_(
            "Leave empty to count on the last day of the year (today for the current year). A day you choose must "
            "fall in the year, and the report's title then names it."
        ),
    )
    talent_since = forms.IntegerField(label=_("Talent projects since"), min_value=1980, max_value=2100, required=False)
    compare_year = forms.IntegerField(
        label=_("Compare with year"),
        min_value=1990,
        max_value=2100,
        required=False,
        help_text=_("Every table then gives that year's figures beside this year's, and the change."),
    )

    def clean(self):
        data = super().clean()
        year, as_of = data.get("year"), data.get("as_of")
        if year and data.get("compare_year") == year:
            self.add_error("compare_year", _("Choose another year than the report's own."))
        if year and as_of and as_of.year != year:
            # The year trap: a day left over from another year would count that year under this year's title.
            message = _("Choose a day in %(year)s, or leave the field empty for the year's own day.")
            self.add_error("as_of", message % {"year": year})
        return data

    def params(self) -> ReportParams:
        data = self.cleaned_data
        return ReportParams.for_year(
            data["year"], data.get("as_of"), data.get("talent_since"), data.get("compare_year")
        )


def _params(request) -> tuple[ReportForm, ReportParams | None]:
    """The report's parameters from the query string; the latest complete year when none are given."""
    if "year" not in request.GET:
        params = ReportParams.for_year(figures.latest_complete_year())
        # No day in the form: it follows whatever year the user picks next.
        return ReportForm(initial={"year": params.year, "talent_since": params.talent_since}), params
    form = ReportForm(request.GET)
    return form, (form.params() if form.is_valid() else None)


def _bad_params(form: ReportForm) -> HttpResponseBadRequest:
    errors = "; ".join(
        f"{form.fields[field].label if field in form.fields else field}: {' '.join(messages)}"
        for field, messages in form.errors.items()
    )
    message = gettext("Invalid report parameters: %(errors)s") % {"errors": errors}
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


def _trend_charts(sections: list[Section]) -> list:
    """The charts of the trends table, the report's last."""
    return charts.trend_charts(sections[-1].tables[-1])


def _logo() -> str:
    """The university's mark as a data URI, so the PDF needs nothing from the web server."""
    with open(finders.find(LOGO), "rb") as file:
        return "data:image/svg+xml;base64," + base64.b64encode(file.read()).decode()


def _log_annual_report(request, params: ReportParams, file_format: str, sections: list[Section]):
    exports.log_export(
        request.user,
        what="report:annual",
        file_format=file_format,
        filters=params.as_filters(),
        row_count=sum(len(table.body_rows) for section in sections for table in section.tables),
    )


@reports_view(VIEW_PERMS)
def index(request):
    form, params = _params(request)
    if params is None:
        params = ReportParams.for_year(figures.latest_complete_year())
    can_export = request.user.has_perm("intl_office.export_records")
    context = {
        **admin.site.each_context(request),
        "title": params.title,
        "form": form,
        "params": params,
        # The report's parameters again, for the download links.
        "query": urlencode(params.as_query()),
        "can_export": can_export,
        "report": report_html(params, can_export),
        # The figures the body was drawn from, read only if something asks for them (the page shows the kept HTML).
        "sections": SimpleLazyObject(lambda: annual.annual_report(params)),
        "front": SimpleLazyObject(lambda: front_page(params)),
    }
    return render(request, "reports/index.html", context)


def report_html(params: ReportParams, can_export: bool) -> str:
    """The page's body (the front page, the contents, every table), kept as HTML in the figures' cache until a record
    changes, per year, language and right to download. Its tables' rows grow with the data (a row per country):
    drawing thousands of cells, and unpickling the tables' lazy labels, took most of a visit with the figures cached.
    """

    def render():
        sections = annual.annual_report(params)
        return render_to_string(
            "reports/report.html",
            {
                "params": params,
                "query": urlencode(params.as_query()),
                "sections": sections,
                "front": front_page(params),
                "charts": _trend_charts(sections),
                "can_export": can_export,
            },
        )

    return mark_safe(get_or_compute("reports.page", (params, can_export), render))


@reports_view(DOWNLOAD_PERMS)
def table_download(request, key: str, file_format: str):
    if key not in annual.TABLE_KEYS or file_format not in exports.FORMATS:
        raise Http404
    form, params = _params(request)
    if params is None:
        return _bad_params(form)
    table = annual.table(key, params)
    filename = f"bjtu-{key}-{params.file_stem}.{file_format}"
    exports.log_export(
        request.user,
        what=f"report:{key}",
        file_format=file_format,
        filters=params.as_filters(),
        row_count=len(table.body_rows),
    )
    if file_format == exports.CSV:
        return exports.csv_response(filename, table.columns, table.rows)
    return exports.xlsx_response(filename, [table_sheet(table)], title=f"{params.title}: {table.title}")


@reports_view(DOWNLOAD_PERMS)
def workbook(request):
    form, params = _params(request)
    if params is None:
        return _bad_params(form)
    if runner.broker_configured():
        return _in_background(request, params, exports.XLSX)
    sections = annual.annual_report(params)
    _log_annual_report(request, params, exports.XLSX, sections)
    return workbook_response(params, sections)


def workbook_response(params: ReportParams, sections: list[Section]):
    sheets = workbook_sheets(params, front_page(params).key_figures, sections)
    return exports.xlsx_response(f"bjtu-annual-report-{params.file_stem}.xlsx", sheets, title=params.title)


@reports_view(DOWNLOAD_PERMS)
def pdf(request):
    form, params = _params(request)
    if params is None:
        return _bad_params(form)
    if runner.broker_configured():
        return _in_background(request, params, "pdf")
    sections = annual.annual_report(params)
    response = pdf_response(params, sections, request=request, base_url=request.build_absolute_uri("/"))
    _log_annual_report(request, params, "pdf", sections)
    return response


def pdf_response(params: ReportParams, sections: list[Section], *, request=None, base_url: str | None = None):
    # Imported here: WeasyPrint loads Pango at import time, which only the PDF needs.
    import weasyprint

    html = render_to_string(
        "reports/annual_pdf.html",
        {
            "params": params,
            "sections": sections,
            "front": front_page(params),
            "charts": _trend_charts(sections),
            "logo": _logo(),
            "produced": long_date(timezone.localdate()),
        },
        request=request,
    )
    document = weasyprint.HTML(string=html, base_url=base_url).write_pdf()
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="bjtu-annual-report-{params.file_stem}.pdf"'
    return response


def _in_background(request, params: ReportParams, file_format: str):
    """With a job worker (a broker configured), the whole report is made off the request (intl_office.reports.jobs)."""
    job = runner.submit(
        request.user,
        kind=Job.Kind.REPORT,
        task=REPORT_TASK,
        title=f"{params.title} ({file_format.upper()})",
        parameters={"query": params.as_query(), "file_format": file_format, "language": get_language()},
    )
    return HttpResponseRedirect(job.get_absolute_url())
