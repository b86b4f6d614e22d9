"""Jobs in the admin: "my jobs" (the list), a page per job with its progress bar and file, and the download.

Every staff user sees their own jobs (superusers everyone's); only the owner or a superuser downloads a file, and
each download is recorded in the export log like any export.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from intl_office.core import spreadsheets as exports
from intl_office.core.admin import OfficeAdmin
from intl_office.jobs.models import Job

EXPORT_PERMISSION = "intl_office.export_records"


@admin.register(Job)
class JobAdmin(OfficeAdmin):
    # No export actions on this list (the imports feature adds them to every other office admin).
    actions = None
    list_display = ["title", "state", "progress", "created_at", "finished_at"]
    list_filter = ["state", "kind"]
    readonly_fields = ()

    def get_list_display(self, request):
        names = super().get_list_display(request)
        return [*names, "user"] if request.user.is_superuser else names

    def get_queryset(self, request):
        return super().get_queryset(request).of_user(request.user)

    def _is_staff(self, request) -> bool:
        return request.user.is_active and request.user.is_staff

    def has_module_permission(self, request):
        return self._is_staff(request)

    def has_view_permission(self, request, obj=None):
        if not self._is_staff(request):
            return False
        return obj is None or request.user.is_superuser or obj.user_id == request.user.pk

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # Jobs and their files go with purge_jobs, a day after they finished.
        return False

    @admin.display(description=_("progress"))
    def progress(self, job):
        return f"{job.percent}%"

    def get_urls(self):
        return [
            path("<int:job_id>/status/", self.admin_site.admin_view(self.status_view), name="jobs_job_status"),
            path("<int:job_id>/download/", self.admin_site.admin_view(self.download_view), name="jobs_job_download"),
            *super().get_urls(),
        ]

    def _job(self, request, job_id) -> Job:
        job = get_object_or_404(Job.objects.select_related("user"), pk=job_id)
        if not self.has_view_permission(request, job):
            raise PermissionDenied
        return job

    def change_view(self, request, object_id, form_url="", extra_context=None):
        try:
            job_id = int(object_id)
        except ValueError:
            raise Http404 from None
        job = self._job(request, job_id)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": job.title,
            "job": job,
            "may_download": job.may_download(request.user),
        }
        return TemplateResponse(request, "jobs/job.html", context)

    def status_view(self, request, job_id):
        """Polled by the job's page (static/js/jobs.js) until the job has finished."""
        job = self._job(request, job_id)
        response = JsonResponse(
            {
                "state": job.state,
                "state_label": str(job.get_state_display()),
                "done": job.done,
                "total": job.total,
                "percent": job.percent,
                "finished": job.finished,
            }
        )
        response["Cache-Control"] = "private, no-store"
        return response

    def download_view(self, request, job_id):
        job = get_object_or_404(Job, pk=job_id)
        if not job.may_download(request.user):
            raise PermissionDenied
        if job.log and not request.user.has_perm(EXPORT_PERMISSION):
            # The right to export may have been withdrawn since the job started.
            raise PermissionDenied
        if job.log:
            exports.log_export(request.user, **job.log)
        response = FileResponse(
            job.file.open("rb"), as_attachment=True, filename=job.file_name, content_type=job.content_type or None
        )
        response["Cache-Control"] = "private, no-store"
        return response

    def download_url(self, job) -> str:
        return reverse(f"{self.admin_site.name}:jobs_job_download", args=[job.pk])
