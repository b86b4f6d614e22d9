from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "intl_office.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self):
        # The whole report's job function, registered for whichever process runs the jobs.
        import intl_office.reports.jobs  # noqa: F401
