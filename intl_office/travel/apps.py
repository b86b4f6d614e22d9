from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TravelConfig(AppConfig):
    name = "intl_office.travel"
    label = "travel"
    verbose_name = _("Official travel and visits")
    default_auto_field = "django.db.models.BigAutoField"
