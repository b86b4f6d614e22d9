from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RemindersConfig(AppConfig):
    name = "intl_office.reminders"
    label = "reminders"
    verbose_name = _("Reminders")

    def ready(self):
        # The reminder run's job function, registered for whichever process runs the jobs.
        import intl_office.reminders.jobs  # noqa: F401

        # The front page's figure panels, in the core's registry (the front page reads only the registry).
        from intl_office.reminders.figures import register_panels

        register_panels()
