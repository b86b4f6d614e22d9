"""The admin's sign-in form (password, then the second factor's code when the user has one) and the code form."""

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from intl_office.accounts import devices


def lockout_message() -> str:
    minutes = settings.LOGIN_LOCKOUT_MINUTES
    return ngettext(
        "Too many failed sign-ins: this account is locked on this computer for %(minutes)d minute. "
        "Try again later, or ask an administrator to unlock it.",
        "Too many failed sign-ins: this account is locked on this computer for %(minutes)d minutes. "
        "Try again later, or ask an administrator to unlock it.",
        minutes,
    ) % {"minutes": minutes}


class CodeField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Code"))
        kwargs.setdefault("max_length", 32)
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text", "spellcheck": "false"}),
        )
        super().__init__(**kwargs)


class SignInForm(AdminAuthenticationForm):
    otp_token = CodeField(
        required=False,
        label=_("Code"),
        help_text=_("From your authenticator app, or one of your backup codes. Leave empty if you have neither."),
    )

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "code_required": _("Enter the code from your authenticator app, or one of your backup codes."),
        "code_invalid": _(
            "That code is not valid. Enter the current code from your authenticator app, or an unused backup code."
        ),
    }

    def get_invalid_login_error(self):
        if getattr(self.request, "axes_locked_out", False):
            return ValidationError(lockout_message(), code="locked_out")
        return super().get_invalid_login_error()

    def clean(self):
        cleaned_data = super().clean()
        user = self.user_cache
        if user is not None and devices.has_second_factor(user):
            code = cleaned_data.get("otp_token", "")
            device = devices.verify_code(user, code)
            if device is None:
                # A missing or wrong code counts towards the lockout like a wrong password: the password alone
                # must not let anyone try codes without limit.
                user_login_failed.send(
                    sender=__name__, credentials={"username": cleaned_data.get("username")}, request=self.request
                )
                self.user_cache = None
                if getattr(self.request, "axes_locked_out", False):
                    raise ValidationError(lockout_message(), code="locked_out")
                key = "code_invalid" if devices.normalise(code) else "code_required"
                raise ValidationError(self.error_messages[key], code=key)
            # django-otp keeps it in the session when Django logs the user in.
            user.otp_device = device
        return cleaned_data


class CodeForm(forms.Form):
    otp_token = CodeField()
