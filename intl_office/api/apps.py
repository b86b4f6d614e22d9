from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "intl_office.api"
    label = "office_api"
    verbose_name = _("Open data")
