"""Choices shared by the people BJTU records: international students and foreign experts."""

from functools import cache

from django.apps import apps
from django.db import models
from django.utils.translation import gettext_lazy as _


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    UNSPECIFIED = "unspecified", _("Unspecified")


@cache
def _app_protects_personal_data(app_label: str) -> bool:
    return any(
        codename == "view_personal_data"
        for model in apps.get_app_config(app_label).get_models()
        for codename, _name in model._meta.permissions
    )


def protects_personal_data(model) -> bool:
    """Whether the model's app guards personal fields behind its ``view_personal_data`` permission.

    True for every model of the students and experts apps (an appointment's export carries its expert's passport
    number). Partner contacts' work e-mail and phone are not guarded that way: staff who may view contacts see them.
    """
    return _app_protects_personal_data(model._meta.app_label)


def can_see_personal_data(user, model) -> bool:
    """Whether the user may see the personal fields of this model's records."""
    if not protects_personal_data(model):
        return True
    return user is not None and user.has_perm(f"{model._meta.app_label}.view_personal_data")


# Fields that are personal data: never on a public page, in a log, or shown to
# a user without the app's ``view_personal_data`` permission.
PERSONAL_FIELDS = ("passport_number", "date_of_birth", "email", "phone")
