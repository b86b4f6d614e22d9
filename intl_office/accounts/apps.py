from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Sign-in and sessions: lockouts, the second factor, session limits (docs/security-signin.md)."""

    name = "intl_office.accounts"
    label = "accounts"
    verbose_name = _("Sign-in")

    def ready(self):
        from django.contrib import admin

        from intl_office.accounts import forms, signals

        signals.connect()
        # The admin's login page asks for the second factor's code too (templates/admin/login.html).
        admin.site.login_form = forms.SignInForm
