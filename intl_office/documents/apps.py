from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "intl_office.documents"
    label = "documents"
    verbose_name = _("Document checklists")

    def ready(self):
        # The students' and experts' admins gain the checklist (an inline, the missing documents on the record, a
        # list filter) here, so the domain apps never import this feature. Runs after the imports feature has
        # replaced each admin with its plugged subclass (INSTALLED_APPS order).
        from intl_office.documents.admin import plug_checklists

        plug_checklists()

        from django.db.models.signals import post_delete, post_save, pre_save

        from intl_office.documents import files
        from intl_office.documents.models import PersonDocument

        pre_save.connect(files.remember_stored_file, sender=PersonDocument, dispatch_uid="person_document_before")
        post_save.connect(files.delete_replaced_file, sender=PersonDocument, dispatch_uid="person_document_replaced")
        post_delete.connect(files.delete_file_of_deleted, sender=PersonDocument, dispatch_uid="person_document_deleted")
