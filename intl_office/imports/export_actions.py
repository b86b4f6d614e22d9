"""The admin's export actions on every list: "Export selected as CSV / Excel", what the clerk had on screen for the
export log, and the hand-off of a long export to a background job (``list_export.ListExport`` writes the file)."""

import base64
import pickle

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.options import IS_POPUP_VAR
from django.contrib.admin.views.main import SEARCH_VAR
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from intl_office.core import spreadsheets as exports
from intl_office.core.people import is_personal, personal_fields, protects_personal_data
from intl_office.imports.list_export import EXPORT_PERMISSION, TASK, ListExport
from intl_office.jobs import runner
from intl_office.jobs.models import Job

NOT_LOGGED = "[not logged]"


def searches_personal_data(model) -> bool:
    """Whether a search on this list may hold personal data (a person's name, passport number or email).

    Lists of people (the apps that guard personal data): a search there is a name, student or passport number.
    """
    return protects_personal_data(model) or bool(personal_fields(model))


def _logged_value(key: str, values: list[str], *, personal_search: bool):
    # A search on a list of people, or a filter on a personal field, may hold a name, a passport number or an
    # email: the log keeps that it was used, never what was typed. Elsewhere (institutions, agreements, ...) the
    # search is a filter like any other and is recorded.
    if (key == SEARCH_VAR and personal_search) or is_personal(key):
        return NOT_LOGGED
    return values[0] if len(values) == 1 else values


def _filters(request, queryset) -> dict:
    """What the clerk had on screen: the list's filters and search, and whether everything was selected."""
    personal_search = searches_personal_data(queryset.model)
    filters = {
        key: _logged_value(key, request.GET.getlist(key), personal_search=personal_search) for key in request.GET
    }
    if request.POST.get("select_across") == "1":
        filters["selection"] = "all"
    else:
        filters["selection"] = [str(pk) for pk in request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME)][:100]
    return filters


def export_response(modeladmin, request, queryset, file_format: str):
    export = ListExport(modeladmin.model, request.user)
    filters = _filters(request, queryset)
    row_count = queryset.count()
    if row_count > settings.EXPORT_BACKGROUND_ROWS:
        # A long export runs as a background job; the clerk is sent to its progress page.
        return export_in_background(request, export, queryset, file_format, filters, row_count)
    return export.response(queryset, file_format, filters=filters, row_count=row_count)


def export_in_background(request, export, queryset, file_format: str, filters: dict, row_count: int):
    if not request.user.has_perm(EXPORT_PERMISSION):
        raise PermissionDenied
    title = gettext("%(list)s, %(count)s rows (%(format)s)") % {
        "list": export.model._meta.verbose_name_plural.capitalize(),
        "count": f"{row_count:,}",
        "format": file_format.upper(),
    }
    job = runner.submit(
        request.user,
        kind=Job.Kind.EXPORT,
        task=TASK,
        title=title,
        parameters={
            "model": export.model._meta.label_lower,
            "query": base64.b64encode(pickle.dumps(queryset.query)).decode("ascii"),
            "file_format": file_format,
            "filters": filters,
            "row_count": row_count,
        },
    )
    messages.info(request, gettext("The export runs in the background; its file appears on this page when ready."))
    return HttpResponseRedirect(job.get_absolute_url())


@admin.action(description=_("Export selected as CSV"))
def export_as_csv(modeladmin, request, queryset):
    return export_response(modeladmin, request, queryset, exports.CSV)


@admin.action(description=_("Export selected as Excel (XLSX)"))
def export_as_xlsx(modeladmin, request, queryset):
    return export_response(modeladmin, request, queryset, exports.XLSX)


class ExportActionsMixin:
    """Adds the two export actions to every admin list, for users allowed to export.

    "Select all" in the list exports the whole filtered list; ticking rows exports those rows.
    """

    def get_actions(self, request):
        actions = super().get_actions(request)
        if self.actions is None or IS_POPUP_VAR in request.GET:
            return actions
        if request.user.has_perm(EXPORT_PERMISSION):
            for func in (export_as_csv, export_as_xlsx):
                actions[func.__name__] = (func, func.__name__, func.short_description)
        return actions
