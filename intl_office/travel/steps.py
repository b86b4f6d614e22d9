"""The steps of a trip's approval chain and the permission that takes each."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Step(models.TextChoices):
    UNIT_LEADER = "unit_leader", _("Unit leader")
    OFFICE = "office", _("International office")
    UNIVERSITY = "university", _("University leader in charge")
    MINISTRY = "ministry", _("Ministry of Education")


# Who takes each step: the Ministry's decision is recorded by the office.
STEP_PERMISSION = {
    Step.UNIT_LEADER: "travel.approve_as_unit_leader",
    Step.OFFICE: "travel.approve_as_office",
    Step.UNIVERSITY: "travel.approve_as_university",
    Step.MINISTRY: "travel.approve_as_office",
}
