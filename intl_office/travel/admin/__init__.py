"""The travel pages in the admin: each role's view of trips, plans and visits, the decisions, and the downloads.

Applicants (staff linked to units through ``Unit.members``) see and edit their own units' trips; approvers decide
from their queue (``queue/``); the office sees everything, filtered by unit, state, month and country.

The pages live in one module each by subject; importing them here registers them (in the same order as before):
``plans`` (lead times, annual plans), ``trips``, ``visits`` (and the letter templates), and ``shared`` (the unit
scope, the decision labels).
"""

from intl_office.travel.admin.plans import AnnualPlanAdmin, LeadTimeAdmin, PlannedTripInline
from intl_office.travel.admin.shared import ACTION_LABELS, ListLinksMixin, UnitScopedAdmin
from intl_office.travel.admin.trips import (
    CHANGES_REOPENING,
    EDITABLE_STATES,
    DestinationInline,
    MemberInline,
    StepInline,
    TripAdmin,
)
from intl_office.travel.admin.visits import GuestInline, InvitationTemplateAdmin, VisitAdmin

__all__ = [
    "ACTION_LABELS",
    "CHANGES_REOPENING",
    "EDITABLE_STATES",
    "AnnualPlanAdmin",
    "DestinationInline",
    "GuestInline",
    "InvitationTemplateAdmin",
    "LeadTimeAdmin",
    "ListLinksMixin",
    "MemberInline",
    "PlannedTripInline",
    "StepInline",
    "TripAdmin",
    "UnitScopedAdmin",
    "VisitAdmin",
]
