"""The record of the decisions on a trip (ApprovalStep): who decided, when, what and why, step by step."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from intl_office.travel.steps import Step


class ApprovalStep(models.Model):
    """One decision on a trip: who, when, what and why. The Ministry's carries its date and reference."""

    class Decision(models.TextChoices):
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned for changes")
        REFUSED = "refused", _("Refused")
        REOPENED = "reopened", _("Changed after approval: back to the chain")
        REPORT_ACCEPTED = "report_accepted", _("Report accepted")

    # Trip by its label, not its class: Trip's transitions record these steps, so trip.py imports this module, and
    # no two modules may import each other (tests/project/test_architecture.py).
    trip = models.ForeignKey("travel.Trip", verbose_name=_("trip"), on_delete=models.CASCADE, related_name="steps")
    step = models.CharField(_("step"), max_length=20, choices=Step)
    decision = models.CharField(_("decision"), max_length=20, choices=Decision)
    comment = models.TextField(_("comment"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_on = models.DateField(_("on"))
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["recorded_at", "pk"]
        verbose_name = _("approval step")
        verbose_name_plural = _("approval steps")

    def __str__(self):
        return f"{self.get_step_display()}: {self.get_decision_display()}"
