from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The bottom layer: BJTU's units, the abstract person, the personal-data rule, the logs and the base admin.

    Its label stays ``intl_office`` (the app it was split out of), so no table, permission or migration is renamed.
    """

    name = "intl_office.core"
    label = "intl_office"
    verbose_name = _("International office")

    def ready(self):
        from simple_history.signals import pre_create_historical_record

        from intl_office.core.history import fill_row

        def stamp(sender, history_instance, history_user=None, **kwargs):
            fill_row(history_instance, history_user)

        # Every historical row written by a save() or delete() gets the context it was made in.
        pre_create_historical_record.connect(stamp, weak=False, dispatch_uid="intl_office.history.stamp")

        # The logs' read-only admins live beside the base admin (admin.py), which the admin site discovers itself.
        from intl_office.core import log_admin  # noqa: F401
