from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "intl_office.privacy"
    label = "privacy"
    verbose_name = _("Privacy")

    def ready(self):
        # The admin has discovered every app's admin module by now (django.contrib.admin comes first in
        # INSTALLED_APPS): the people's admins gain the access request download, the user admin deactivates rather
        # than deletes users with log entries, without the domain or the accounts feature importing this one.
        from django.contrib import admin
        from django.contrib.auth import get_user_model
        from django.db.models.signals import pre_delete

        from intl_office.privacy.admin import plug_into
        from intl_office.privacy.users import refuse_deleting_logged_user

        plug_into(admin.site)
        pre_delete.connect(refuse_deleting_logged_user, sender=get_user_model(), dispatch_uid="user_with_logs")
