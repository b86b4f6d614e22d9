from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TravelConfig(AppConfig):
    name = "intl_office.travel"
    label = "travel"
    verbose_name = _("Official travel and visits")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # "Trips waiting for approval" and visits on the admin's front page (the core's panel registry).
        from intl_office.travel.panel import register_panel

        register_panel()

        # A delegation recorded through a trip or a visit counts its members or guests (travel.person_times): its
        # typed number of people is then shown, not edited. Plugged in here so the partners app never imports travel.
        from django.contrib import admin

        from intl_office.travel.models import Trip, Visit
        from partners.models import Delegation

        registry = admin.site._registry
        delegation_admin = registry.get(Delegation)
        if delegation_admin is None:
            return
        cls = type(delegation_admin)

        def get_readonly_fields(self, request, obj=None):
            fields = list(super(plugged, self).get_readonly_fields(request, obj))
            recorded = obj is not None and (
                Trip.objects.filter(delegation=obj).exists() or Visit.objects.filter(delegation=obj).exists()
            )
            return [*fields, "people_count"] if recorded else fields

        plugged = type(cls.__name__, (cls,), {"__module__": cls.__module__, "get_readonly_fields": get_readonly_fields})
        registry[Delegation] = plugged(Delegation, admin.site)
