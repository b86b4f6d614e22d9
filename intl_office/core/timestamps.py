"""The abstract base of every record: when it was made and last changed. Kept apart from models.py so that the
person rule (people.py) builds on it while models.py's logs read the person rule, without a cycle."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True
