from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "intl_office.imports"
    label = "imports"
    verbose_name = _("Imports and exports")

    def ready(self):
        # The admin has discovered every app's admin module by now (django.contrib.admin comes first in
        # INSTALLED_APPS). Every office admin gains the export actions, and the import pages where its model is a
        # kind, without the domain apps' admins importing this feature.
        from django.contrib import admin

        # The long export's and the large import's job functions, for whichever process runs the jobs.
        import intl_office.imports.export_jobs
        import intl_office.imports.import_jobs  # noqa: F401
        from intl_office.core.admin import OfficeAdmin
        from intl_office.imports.admin_import import ImportAdminMixin
        from intl_office.imports.export_actions import ExportActionsMixin

        registry = admin.site._registry
        for model, model_admin in list(registry.items()):
            cls = type(model_admin)
            if isinstance(model_admin, OfficeAdmin) and not issubclass(cls, ImportAdminMixin):
                plugged = type(
                    cls.__name__, (ImportAdminMixin, ExportActionsMixin, cls), {"__module__": cls.__module__}
                )
                registry[model] = plugged(model, admin.site)

        # The import log names each kind as its list does ("international students"), not by its code.
        from intl_office.core.models import ImportLog
        from intl_office.imports.admin_import import KindFilter, kind_name

        log_admin = registry[ImportLog]
        log_admin.list_display = tuple("kind_name" if name == "kind" else name for name in log_admin.list_display)
        log_admin.list_filter = tuple(KindFilter if name == "kind" else name for name in log_admin.list_filter)
        log_admin.kind_name = kind_name
