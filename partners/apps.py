from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Partners")

    def ready(self):
        from django.db.models.signals import post_delete, post_save, pre_save

        from partners import scans
        from partners.models import Agreement

        # A replaced, cleared or deleted scan leaves storage once the change is committed.
        pre_save.connect(scans.remember_stored_scan, sender=Agreement, dispatch_uid="agreement_scan_before")
        post_save.connect(scans.delete_replaced_scan, sender=Agreement, dispatch_uid="agreement_scan_replaced")
        post_delete.connect(
            scans.delete_scan_of_deleted_agreement, sender=Agreement, dispatch_uid="agreement_scan_deleted"
        )
