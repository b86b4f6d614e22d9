"""The whole annual report (workbook or PDF) as a background job, when a job worker is configured
(views.workbook and views.pdf start it); made in the language the user had when asking."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

from intl_office.core import spreadsheets as exports
from intl_office.jobs.runner import JobError, Output, register, write_response
from intl_office.reports import annual
from intl_office.reports.views import DOWNLOAD_PERMS, REPORT_TASK, ReportForm, pdf_response, workbook_response


@register(REPORT_TASK)
def run_annual_report(job, progress, out):
    user = job.user
    if user is None or not user.is_active or not user.has_perms(DOWNLOAD_PERMS):
        raise JobError(gettext("You may no longer download reports."))
    form = ReportForm(job.parameters["query"])
    if not form.is_valid():
        raise JobError(gettext("The report's parameters are no longer valid."))
    params = form.params()
    file_format = job.parameters["file_format"]
    progress.start(2)
    with translation.override(job.parameters.get("language") or settings.LANGUAGE_CODE):
        sections = annual.annual_report(params)
        progress.advance()
        if file_format == exports.XLSX:
            response = workbook_response(params, sections)
        else:
            response = pdf_response(params, sections, base_url=settings.REMINDERS_BASE_URL)
        name, content_type = write_response(response, out)
    progress.advance()
    row_count = sum(len(table.body_rows) for section in sections for table in section.tables)
    log = {"what": "report:annual", "file_format": file_format, "filters": params.as_filters(), "row_count": row_count}
    return Output(name=name, content_type=content_type, log=log)
