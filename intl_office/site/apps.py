from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _

# The records the overview's and the reports' figures are counted from: a write to any of them forgets the cached
# figures (intl_office.core.figure_cache). Travel's trips and visits count the delegations' person-times.
FIGURE_SOURCES = ("partners", "programs", "students", "experts", "travel")


class SiteConfig(AppConfig):
    name = "intl_office.site"
    label = "public_site"
    verbose_name = _("Public site")

    def ready(self):
        from intl_office.core import figure_cache
        from intl_office.core.models import Unit

        figure_cache.watch([Unit, *(m for label in FIGURE_SOURCES for m in apps.get_app_config(label).get_models())])
