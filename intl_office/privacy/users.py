"""Which records name a user: a user named by any log (exports, imports, personal data accesses, the admin's change
log, a record's history, a lockout they lifted...) is deactivated, never deleted, so that the logs keep saying who.

Found generically (every model with a link to the user model), so history tables and logs added later count too.
The user's own sign-in devices are not logs: they go with the user.
"""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import ProtectedError
from django_otp.models import Device


def _user_links() -> list:
    user_model = get_user_model()
    return [
        field
        for model in apps.get_models()
        if not issubclass(model, Device)
        for field in model._meta.concrete_fields
        if field.is_relation and field.many_to_one and field.related_model is user_model
    ]


def log_references(user) -> list:
    """The models with rows that name the user (empty: the user may be deleted)."""
    return sorted(
        {field.model for field in _user_links() if field.model._default_manager.filter(**{field.name: user}).exists()},
        key=lambda model: model._meta.label,
    )


def refuse_deleting_logged_user(sender, instance, **kwargs) -> None:
    """pre_delete of a user: refused while logs name them (the admin's change log would otherwise go with them)."""
    references = log_references(instance)
    if references:
        labels = ", ".join(model._meta.label for model in references)
        raise ProtectedError(
            f"{instance.get_username()} is named in logs ({labels}): deactivate the user instead of deleting it.",
            set(),
        )
