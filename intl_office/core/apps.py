from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The bottom layer: BJTU's units, the abstract person, the personal-data rule, the logs and the base admin.

    Its label stays ``intl_office`` (the app it was split out of), so no table, permission or migration is renamed.
    """

    name = "intl_office.core"
    label = "intl_office"
    verbose_name = _("International office")
