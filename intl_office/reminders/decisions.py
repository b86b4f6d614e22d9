"""Clearing the due list: dismiss, won't renew, or snooze until a day, for one item or many, recorded with who, when
and why (``DueDecision``). The record's own status is left alone unless the clerk asks for lapsed agreements to be
marked expired."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from intl_office.core.models import DueDecision
from intl_office.reminders.due import section_for_kind
from partners.models import Agreement


def parse_item(token: str):
    """``kind:pk:YYYY-MM-DD`` -> (section, pk, due_on), or None for anything else."""
    try:
        kind, pk, due_on = token.split(":")
        return section_for_kind(kind), int(pk), datetime.date.fromisoformat(due_on)
    except (ValueError, TypeError):
        return None


class DecisionForm(forms.Form):
    item = forms.MultipleChoiceField(label=_("items"), widget=forms.MultipleHiddenInput, choices=())
    action = forms.ChoiceField(label=_("decision"), choices=DueDecision.Action.choices)
    snoozed_until = forms.DateField(
        label=_("snooze until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("For a snooze: the day the item comes back."),
    )
    reason = forms.CharField(label=_("why"), max_length=500, required=False)
    mark_expired = forms.BooleanField(
        label=_("Also mark lapsed agreements as expired"),
        required=False,
        help_text=_("Otherwise the agreement's own status is left as it is."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        # Any well-formed item is a choice; clean_item checks each against the records and the user's permissions.
        tokens = self.data.getlist("item") if hasattr(self.data, "getlist") else self.initial.get("item", [])
        self.fields["item"].choices = [(token, token) for token in tokens]

    def clean_item(self):
        items = []
        for token in self.cleaned_data["item"]:
            parsed = parse_item(token)
            if parsed is None or parsed[0] is None:
                raise ValidationError(_("An item of the list could not be read; reload the front page."))
            section, pk, due_on = parsed
            opts = section.model._meta
            if not self.user.has_perm(f"{opts.app_label}.change_{opts.model_name}"):
                raise ValidationError(_("You may not change %(records)s.") % {"records": opts.verbose_name_plural})
            items.append((section, pk, due_on))
        found = {}
        for section in {section for section, _pk, _due in items}:
            pks = [pk for s, pk, _due in items if s is section]
            found[section] = section.model._default_manager.in_bulk(pks)
        missing = [pk for section, pk, _due in items if pk not in found[section]]
        if missing:
            raise ValidationError(_("Some records no longer exist; reload the front page."))
        self.records = found
        return items

    def clean(self):
        data = super().clean()
        action, until = data.get("action"), data.get("snoozed_until")
        if action == DueDecision.Action.SNOOZED:
            if until is None:
                self.add_error("snoozed_until", _("Say until when to snooze."))
            elif until <= timezone.localdate():
                self.add_error("snoozed_until", _("The day must be after today."))
        elif until is not None:
            data["snoozed_until"] = None
        return data

    def save(self) -> tuple[int, int]:
        """Records one decision per item; returns (decisions, agreements marked expired)."""
        data = self.cleaned_data
        today = timezone.localdate()
        marked = 0
        with transaction.atomic():
            DueDecision.objects.bulk_create(
                [
                    DueDecision(
                        kind=section.kind,
                        object_id=pk,
                        due_on=due_on,
                        action=data["action"],
                        snoozed_until=data["snoozed_until"],
                        reason=data["reason"],
                        user=self.user,
                    )
                    for section, pk, due_on in data["item"]
                ]
            )
            if data["action"] == DueDecision.Action.WONT_RENEW and data["mark_expired"]:
                lapsed = [
                    pk
                    for section, pk, _due in data["item"]
                    if section.model is Agreement and self.records[section][pk].ends_on < today
                ]
                for agreement in Agreement.objects.filter(pk__in=lapsed, status=Agreement.Status.ACTIVE):
                    agreement.status = Agreement.Status.EXPIRED
                    agreement.save(update_fields=["status", "updated_at"])
                    marked += 1
        return len(data["item"]), marked
