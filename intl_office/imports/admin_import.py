"""Importing a spreadsheet from an admin list: upload, preview, confirm; and the kind's template.

The admin runs the same engine as ``manage.py import_records`` (``intl_office.imports.engine``): the preview is a full
import rolled back, listing rows to create, update and skip and every problem by row and column; confirming runs it
again for real. Between the two steps the file waits in the private media storage (never served), in an
``imports/`` folder, named in a signed token; files older than a day are deleted on each new upload.
"""

import contextlib
import datetime
import os
import secrets
from pathlib import PurePosixPath
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from intl_office.imports import engine, kinds
from intl_office.imports.files import max_file_bytes
from intl_office.jobs import runner
from intl_office.jobs.models import Job

UPLOAD_DIR = "imports"
# Previews never confirmed leave their file behind; one older than this is deleted on the next upload.
UPLOAD_MAX_AGE = datetime.timedelta(days=1)
TOKEN_SALT = "intl_office.admin_imports"
TOKEN_MAX_AGE = 60 * 60  # seconds a preview stays valid
# The background job of a large import (intl_office.imports.import_jobs).
IMPORT_TASK = "imports.confirm"


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet"), help_text=_("CSV (UTF-8 or GBK) or XLSX, with the columns of the template.")
    )


class ConfirmForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)
    accept_similar = forms.BooleanField(
        required=False,
        label=_("I have checked the similar names: these are different institutions."),
    )


class ImportAdminMixin:
    """Adds an Import button, the upload/preview/confirm page and template downloads to lists with a resource."""

    change_list_template = "admin/import_export/office_change_list.html"

    @property
    def import_kind(self) -> str | None:
        return kinds.kind_for_model(self.model)

    def can_import(self, request) -> bool:
        return self.import_kind is not None and engine.can_import(request.user, self.import_kind)

    def _url_name(self, suffix: str) -> str:
        return f"{self.opts.app_label}_{self.opts.model_name}_{suffix}"

    def get_urls(self):
        urls = super().get_urls()
        if self.import_kind is None:
            return urls
        wrap = self.admin_site.admin_view
        return [
            path("import/", wrap(self.import_view), name=self._url_name("import")),
            path("import/refused/", wrap(self.refused_view), name=self._url_name("import_refused")),
            path(
                "import/template.<str:file_format>",
                wrap(self.import_template_view),
                name=self._url_name("import_template"),
            ),
            *urls,
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = extra_context or {}
        if self.can_import(request):
            extra_context["import_url"] = reverse(f"admin:{self._url_name('import')}")
        return super().changelist_view(request, extra_context)

    # Views ------------------------------------------------------------------

    def import_template_view(self, request, file_format):
        if not self.can_import(request) or file_format not in ("csv", "xlsx"):
            raise PermissionDenied
        content = engine.template_file(self.import_kind, file_format, request.user)
        content_type = (
            "text/csv; charset=utf-8"
            if file_format == "csv"
            else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{self.import_kind}-template.{file_format}"'
        return response

    def import_view(self, request):
        if not self.can_import(request):
            raise PermissionDenied
        report, confirm_form, refused_url = None, None, None
        form = ImportForm()
        if request.method == "POST" and "token" in request.POST:
            confirm_form = ConfirmForm(request.POST)
            stored = self._stored_upload(request, confirm_form)
            if stored is None:
                messages.error(request, gettext("This preview has expired; upload the file again."))
                return redirect(request.path)
            upload_name, file_name, rows, previewed_at = stored
            # Claim the file before importing: a double-clicked "Import" must not run the same file twice
            # (several kinds have no database key that would stop the duplicates). Renaming is atomic.
            claimed_name = f"{upload_name}.importing"
            try:
                os.rename(default_storage.path(upload_name), default_storage.path(claimed_name))
            except FileNotFoundError:
                messages.error(request, gettext("This preview has expired; upload the file again."))
                return redirect(request.path)
            if rows > settings.IMPORT_BACKGROUND_ROWS:
                accept_similar = confirm_form.cleaned_data["accept_similar"]
                return self._import_in_background(request, upload_name, file_name, rows, accept_similar, previewed_at)
            try:
                with default_storage.open(claimed_name, "rb") as handle:
                    data = handle.read()
                accept_similar = confirm_form.cleaned_data["accept_similar"]
                report = engine.run_import(
                    self.import_kind,
                    data,
                    file_name,
                    user=request.user,
                    dry_run=False,
                    accept_similar=accept_similar,
                    unchanged_since=previewed_at,
                )
            finally:
                # Kept for another try (a warning to confirm, an error to read) unless it was imported.
                if report is not None and report.written:
                    default_storage.delete(claimed_name)
                else:
                    os.rename(default_storage.path(claimed_name), default_storage.path(upload_name))
            if report.ok and report.warnings and not accept_similar:
                messages.warning(
                    request,
                    gettext(
                        "Nothing was imported: some new institutions look like existing ones. Check the names "
                        "below, then tick the box to confirm they are different institutions, or correct the file."
                    ),
                )
            if report.written:
                messages.success(
                    request,
                    gettext("Imported %(file)s: %(created)d new, %(updated)d updated, %(skipped)d unchanged.")
                    % {
                        "file": file_name,
                        "created": report.created,
                        "updated": report.updated,
                        "skipped": report.skipped,
                    },
                )
                return redirect(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist")
        elif request.method == "POST":
            form = ImportForm(request.POST, request.FILES)
            if form.is_valid():
                upload = form.cleaned_data["file"]
                # Never read more than the limit into memory: a bigger file is refused on its size.
                data = upload.read(max_file_bytes() + 1)
                # Records someone else saves after this moment are refused on confirming (no lost updates).
                previewed_at = timezone.now()
                report = engine.run_import(
                    self.import_kind, data, upload.name, user=request.user, dry_run=True, size=upload.size
                )
                if report.ok:
                    token = self._store_upload(request, data, upload.name, previewed_at, rows=len(report.rows))
                    confirm_form = ConfirmForm(initial={"token": token})
                elif (annotated := engine.refused_file(report)) is not None:
                    refused_name = PurePosixPath(upload.name).stem + "-problems.csv"
                    token = self._store_upload(request, annotated, refused_name, previewed_at)
                    refused_url = reverse(f"admin:{self._url_name('import_refused')}") + "?" + urlencode({"t": token})
        resource = kinds.resource_for(self.import_kind, request.user)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Import %(things)s") % {"things": self.opts.verbose_name_plural},
            "form": form,
            "report": report,
            "preview_rows": report.rows[: engine.PREVIEW_ROWS] if report else [],
            "confirm_form": confirm_form if report and report.ok else None,
            "refused_url": refused_url,
            "kind": self.import_kind,
            "template_csv_url": reverse(f"admin:{self._url_name('import_template')}", args=["csv"]),
            "template_xlsx_url": reverse(f"admin:{self._url_name('import_template')}", args=["xlsx"]),
            "columns": resource.column_names(),
            # By the same plain names as the columns, not the field names.
            "required_columns": [resource.header_for(name) for name in resource.required_columns],
            "max_megabytes": max_file_bytes() / 1024 / 1024,
        }
        return TemplateResponse(request, "admin/import_export/office_import.html", context)

    def refused_view(self, request):
        """The refused file with its problems beside each row, for the user who uploaded it."""
        if not self.can_import(request):
            raise PermissionDenied
        stored = self._stored_upload(request, ConfirmForm({"token": request.GET.get("t", "")}))
        if stored is None:
            messages.error(request, gettext("This file has expired; upload it again."))
            return redirect(reverse(f"admin:{self._url_name('import')}"))
        upload_name, _file_name, _rows, _previewed_at = stored
        with default_storage.open(upload_name, "rb") as handle:
            content = handle.read()
        response = HttpResponse(content, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{self.import_kind}-problems.csv"'
        response["Cache-Control"] = "private, no-store"
        return response

    # The file between preview and confirmation --------------------------------

    def _store_upload(
        self, request, data: bytes, file_name: str, previewed_at: datetime.datetime, *, rows: int = 0
    ) -> str:
        delete_stale_uploads()
        name = default_storage.save(f"{UPLOAD_DIR}/import-{secrets.token_hex(16)}", ContentFile(data))
        payload = {
            "f": PurePosixPath(name).name,
            "n": file_name,
            "k": self.import_kind,
            "u": request.user.pk,
            "r": rows,
            "t": previewed_at.isoformat(),
        }
        return signing.dumps(payload, salt=TOKEN_SALT)

    def _stored_upload(self, request, confirm_form) -> tuple[str, str, int, datetime.datetime | None] | None:
        if not confirm_form.is_valid():
            return None
        try:
            payload = signing.loads(confirm_form.cleaned_data["token"], salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
        except signing.BadSignature:
            return None
        if payload.get("k") != self.import_kind or payload.get("u") != request.user.pk:
            return None
        upload_name = f"{UPLOAD_DIR}/{PurePosixPath(payload['f']).name}"
        if not default_storage.exists(upload_name):
            return None
        return upload_name, payload["n"], payload.get("r", 0), parse_datetime(payload.get("t") or "")

    def _import_in_background(
        self, request, upload_name: str, file_name: str, rows: int, accept_similar: bool, previewed_at
    ):
        """A large file (settings.IMPORT_BACKGROUND_ROWS) is imported by a job (import_jobs.py), which now owns the
        claimed file; the importer follows it on the job's page."""
        title = gettext("Import of %(file)s (%(rows)s rows)") % {"file": file_name, "rows": f"{rows:,}"}
        parameters = {
            "kind": self.import_kind,
            "upload_name": upload_name,
            "file_name": file_name,
            "rows": rows,
            "accept_similar": accept_similar,
            "previewed_at": previewed_at.isoformat() if previewed_at else "",
        }
        job = runner.submit(request.user, kind=Job.Kind.IMPORT, task=IMPORT_TASK, title=title, parameters=parameters)
        return redirect(job.get_absolute_url())


def delete_stale_uploads():
    """Delete uploads waiting for a confirmation that never came, once they are a day old."""
    try:
        _dirs, files = default_storage.listdir(UPLOAD_DIR)
    except (FileNotFoundError, NotImplementedError):
        return
    stale = timezone.now() - UPLOAD_MAX_AGE
    for file_name in files:
        name = f"{UPLOAD_DIR}/{file_name}"
        with contextlib.suppress(OSError, NotImplementedError):
            if default_storage.get_modified_time(name) < stale:
                default_storage.delete(name)


def _kind_label(kind: str) -> str:
    try:
        return str(kinds.resource_class(kind)._meta.model._meta.verbose_name_plural)
    except ValueError:
        return kind  # A kind no longer offered: its code is all there is.


@admin.display(description=_("kind"), ordering="kind")
def kind_name(log) -> str:
    """The import log's kind by its name in the user's language."""
    return _kind_label(log.kind)


class KindFilter(admin.SimpleListFilter):
    title = _("kind")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return [(kind, _kind_label(kind)) for kind in kinds.KINDS]

    def queryset(self, request, queryset):
        return queryset.filter(kind=self.value()) if self.value() else queryset
