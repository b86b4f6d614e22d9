from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class RolesConfig(AppConfig):
    name = "intl_office.roles"
    label = "roles"
    verbose_name = _("Roles")

    def ready(self):
        from intl_office.roles.roles import sync_after_migrate

        # After every migrate (and test database flush): a role gains the permissions its declaration names that
        # later migrations created (a new app's models, a new custom permission).
        post_migrate.connect(sync_after_migrate, sender=self, dispatch_uid="intl_office.roles.sync")
