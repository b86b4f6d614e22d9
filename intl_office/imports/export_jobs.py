"""The list export's background job (intl_office.jobs): above settings.EXPORT_BACKGROUND_ROWS rows the admin's export
action (export_actions.export_in_background) starts a job and shows its progress page instead of streaming the file.

The job carries the list's query itself (the filters, search and selection the clerk had), pickled as Django
documents for re-creating a QuerySet elsewhere; it is written and read only by this server, never taken from a user.
"""

import base64
import pickle

from django.apps import apps
from django.utils.translation import gettext

from intl_office.core import spreadsheets as exports
from intl_office.core.models import PersonalDataAccess
from intl_office.imports.list_export import EXPORT_PERMISSION, TASK, ListExport
from intl_office.jobs.models import Job
from intl_office.jobs.runner import JobError, Output, register, write_response


def _count_rows(export, progress):
    """Each row the export writes advances the job's progress."""
    csv_rows, xlsx_rows = export.csv_rows, export.xlsx_rows
    export.csv_rows = lambda queryset: progress.counted(csv_rows(queryset))
    export.xlsx_rows = lambda queryset: progress.counted(xlsx_rows(queryset))
    # An export written by the database (intl_office.imports.sql_rows) tells its rows in blocks.
    export.on_rows = progress.advance


@register(TASK)
def run_list_export(job, progress, out):
    user = job.user
    if user is None or not user.is_active or not user.has_perm(EXPORT_PERMISSION):
        raise JobError(gettext("You may no longer export records."))
    parameters = job.parameters
    model = apps.get_model(parameters["model"])
    queryset = model._default_manager.all()
    queryset.query = pickle.loads(base64.b64decode(parameters["query"]))
    # The query may hold a search for a name or a passport number: it is not kept once read.
    Job.objects.filter(pk=job.pk).update(parameters={**parameters, "query": ""})
    export = ListExport(model, user)
    progress.start(parameters["row_count"])
    _count_rows(export, progress)
    file_format = parameters["file_format"]
    if file_format not in exports.FORMATS:
        raise JobError(gettext("Unknown file format."))
    name, content_type = write_response(export.file_response(queryset, file_format), out)
    log = export.log_entry(queryset, file_format, parameters["filters"], parameters["row_count"])
    if export.includes_personal:
        # The records are known only now (each download logs the export itself): the access log lists them here.
        PersonalDataAccess.objects.record(
            user, PersonalDataAccess.Kind.EXPORTED, model, records=queryset, count=parameters["row_count"]
        )
    return Output(name=name, content_type=content_type, log=log)
