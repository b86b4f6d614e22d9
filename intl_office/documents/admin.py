"""The document checklist in the admin: kinds of document, each person's documents as an inline on the student's and
the expert's page (with what is missing), a "documents missing" list filter, and the permission-checked download.

Documents are personal data (passport copies, permits): only staff who may see the person's personal data see, add
or download them. What is missing (the kinds' names) is shown to everyone who sees the record.
"""

import mimetypes

from django.contrib import admin
from django.contrib.admin.widgets import AdminFileWidget
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from experts.models import Expert
from intl_office.core.admin import OfficeAdmin, OfficeTabularInline
from intl_office.core.people import can_see_personal_data
from intl_office.documents.models import DocumentKind, PersonDocument, missing_documents_q
from students.models import InternationalStudent

# Inline only what cannot run in the admin's origin (the files are PDFs and images, checked on upload).
INLINE_TYPES = {"application/pdf", "image/jpeg", "image/png"}


@admin.register(DocumentKind)
class DocumentKindAdmin(OfficeAdmin):
    list_display = ("name_en", "name_zh", "applies_to", "student_category", "appointment_term", "is_required")
    list_filter = ("applies_to", "student_category", "appointment_term", "is_required")
    search_fields = ("name_en", "name_zh")
    fieldsets = (
        (None, {"fields": (("name_en", "name_zh"), "applies_to", ("student_category", "appointment_term"))}),
        (_("Checklist"), {"fields": ("is_required", "has_expiry", "position")}),
    )


class FileLinkWidget(AdminFileWidget):
    """Links the current file to the permission-checked download, never to the (unserved) storage URL."""

    template_name = "admin/widgets/clearable_file_input.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        instance = getattr(value, "instance", None)
        if self.is_initial(value) and instance is not None and instance.pk:
            context["widget"]["value"] = _Link(value.name.rsplit("/", 1)[-1], download_url(instance))
        return context


class _Link:
    def __init__(self, name, url):
        self.name, self.url = name, url

    def __str__(self):
        return self.name


def download_url(document: PersonDocument) -> str:
    return reverse("admin:documents_persondocument_file", args=[document.pk])


class DocumentInline(OfficeTabularInline):
    model = PersonDocument
    fields = ("kind", "file", "received_on", "expires_on", "notes")
    autocomplete_fields = ("kind",)
    list_select_related = ("kind",)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "file":
            kwargs["widget"] = FileLinkWidget
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def _person_perm(self, request, action: str) -> bool:
        opts = self.parent_model._meta
        return can_see_personal_data(request.user, self.parent_model) and request.user.has_perm(
            f"{opts.app_label}.{action}_{opts.model_name}"
        )

    def has_view_permission(self, request, obj=None):
        return self._person_perm(request, "view") or self._person_perm(request, "change")

    def has_add_permission(self, request, obj=None):
        return self._person_perm(request, "change")

    def has_change_permission(self, request, obj=None):
        return self._person_perm(request, "change")

    def has_delete_permission(self, request, obj=None):
        return self._person_perm(request, "change")


class StudentDocumentInline(DocumentInline):
    fk_name = "student"


class ExpertDocumentInline(DocumentInline):
    fk_name = "expert"


class MissingDocumentsFilter(admin.SimpleListFilter):
    title = _("documents")
    parameter_name = "documents"

    def lookups(self, request, model_admin):
        return [("missing", _("Missing documents")), ("complete", _("Complete"))]

    def queryset(self, request, queryset):
        condition = missing_documents_q(queryset.model, timezone.localdate())
        if self.value() == "missing":
            return queryset.filter(condition)
        if self.value() == "complete":
            return queryset.exclude(condition)
        return queryset


class ChecklistAdminMixin:
    """Added to the students' and experts' admins by ``plug_checklists``."""

    def get_readonly_fields(self, request, obj=None):
        return (*super().get_readonly_fields(request, obj), "missing_documents")

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is not None:
            fieldsets.insert(1, (_("Document checklist"), {"fields": ("missing_documents",)}))
        return fieldsets

    @admin.display(description=_("missing documents"))
    def missing_documents(self, person):
        if person is None or person.pk is None:
            return "-"
        kinds = list(DocumentKind.objects.missing_for(person))
        if not kinds:
            return _("None: every document needed is held.")
        return format_html_join(
            "", '<span class="missing-document">{}</span>', ((kind.display_name,) for kind in kinds)
        )

    def get_list_filter(self, request):
        return (*super().get_list_filter(request), MissingDocumentsFilter)


def plug_checklists() -> None:
    registry = admin.site._registry
    for model, inline in ((InternationalStudent, StudentDocumentInline), (Expert, ExpertDocumentInline)):
        model_admin = registry.get(model)
        if model_admin is None or isinstance(model_admin, ChecklistAdminMixin):
            continue
        cls = type(model_admin)
        plugged = type(
            cls.__name__,
            (ChecklistAdminMixin, cls),
            {"__module__": cls.__module__, "inlines": (*cls.inlines, inline)},
        )
        registry[model] = plugged(model, admin.site)


@admin.register(PersonDocument)
class PersonDocumentAdmin(OfficeAdmin):
    """Every document, by kind and expiry: for finding what expires soon. Documents are added and changed on the
    person's page; here they are read, and the file is linked only for staff who may see personal data."""

    list_display = ("kind", "person", "received_on", "expires_on")
    list_filter = ("kind__applies_to", "kind")
    list_select_related = ("kind", "student", "expert")
    date_hierarchy = "expires_on"
    search_fields = ("student__family_name", "student__given_name", "expert__family_name", "expert__given_name")
    fields = ("kind", "student", "expert", "received_on", "expires_on", "notes", "file_link")
    readonly_fields = ("file_link",)
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("person"))
    def person(self, document):
        return document.student or document.expert

    @admin.display(description=_("file"))
    def file_link(self, document):
        if document is None or not document.file:
            return "-"
        # The download itself answers only staff who may see the person's personal data.
        return format_html('<a href="{}">{}</a>', download_url(document), document.file.name.rsplit("/", 1)[-1])

    def get_urls(self):
        return [
            path(
                "<path:object_id>/file/",
                self.admin_site.admin_view(self.file_view),
                name="documents_persondocument_file",
            ),
            *super().get_urls(),
        ]

    def file_view(self, request, object_id):
        """Serves a document to staff who may see the person's personal data; it has no public URL."""
        document = PersonDocument.objects.filter(pk=object_id).select_related("student", "expert").first()
        if document is None or not document.file:
            raise Http404(_("This document has no file."))
        model = InternationalStudent if document.student_id else Expert
        opts = model._meta
        if not (
            can_see_personal_data(request.user, model)
            and request.user.has_perm(f"{opts.app_label}.view_{opts.model_name}")
        ):
            raise PermissionDenied
        name = document.file.name.rsplit("/", 1)[-1]
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        response = FileResponse(
            document.file.open("rb"),
            as_attachment=content_type not in INLINE_TYPES,
            filename=name,
            content_type=content_type,
        )
        response["Cache-Control"] = "private, no-store"
        return response
