"""The kinds of activity and the funding sources an annual plan's lines and a trip share."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    ACADEMIC_EXCHANGE = "academic_exchange", _("Academic exchange")
    CONFERENCE = "conference", _("Conference")
    TEACHING = "teaching", _("Teaching")
    RESEARCH = "research", _("Cooperative research")
    TRAINING = "training", _("Training")
    STUDENT_EXCHANGE = "student_exchange", _("Student exchange")
    ADMINISTRATIVE = "administrative", _("Administrative visit")


class Funding(models.TextChoices):
    UNIVERSITY = "university", _("University budget")
    UNIT = "unit", _("Unit budget")
    PROJECT = "project", _("Research project")
    HOST = "host", _("Paid by the host")
    OTHER = "other", _("Other")
