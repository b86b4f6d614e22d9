"""Choices shared by the people BJTU records: international students and foreign experts."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    UNSPECIFIED = "unspecified", _("Unspecified")


# Fields that are personal data: never on a public page, in a log, or shown to
# a user without the app's ``view_personal_data`` permission.
PERSONAL_FIELDS = ("passport_number", "date_of_birth", "email", "phone")
