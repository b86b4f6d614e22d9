"""Annual plans, trips abroad with their members, destinations and approval steps, incoming visits with their guests.

The trip's and the visit's states are django-fsm-2 state machines: each transition is declared on the model with
the states it leaves from, the conditions it needs and who may take it (``Trip.decide`` checks all three), and the
state field is protected, so no form or ``save()`` can set a state the workflow did not reach. Saving a trip or
visit checks its state is still the one it was read in (``ConcurrentTransitionMixin``): two approvers deciding at
once cannot both move it.

The models live in one module each by what they are about; they are all imported here, so
``from intl_office.travel.models import Trip`` (the app's models module Django loads) keeps working:

- ``choices``: the kinds of activity and funding sources plans and trips share;
- ``deadlines``: the lead-time table and the passport and report deadlines;
- ``plan``: annual plans and their planned trips;
- ``permissions``: who may take the trips' and visits' transitions;
- ``trip``: the trip abroad and its approval chain;
- ``approvals``: the decisions recorded on a trip, step by step;
- ``trip_parts``: a trip's destinations and members;
- ``visit``: incoming visits, their guests and the invitation letter templates.
"""

from intl_office.travel.models.approvals import ApprovalStep
from intl_office.travel.models.choices import Funding, Kind
from intl_office.travel.models.deadlines import PASSPORT_RETURN_WORKING_DAYS, REPORT_DUE_DAYS, LeadTime
from intl_office.travel.models.plan import AnnualPlan, PlannedTrip
from intl_office.travel.models.trip import Trip
from intl_office.travel.models.trip_parts import TripDestination, TripMember
from intl_office.travel.models.visit import Guest, InvitationTemplate, Visit
from intl_office.travel.steps import STEP_PERMISSION, Step

__all__ = [
    "PASSPORT_RETURN_WORKING_DAYS",
    "REPORT_DUE_DAYS",
    "STEP_PERMISSION",
    "AnnualPlan",
    "ApprovalStep",
    "Funding",
    "Guest",
    "InvitationTemplate",
    "Kind",
    "LeadTime",
    "PlannedTrip",
    "Step",
    "Trip",
    "TripDestination",
    "TripMember",
    "Visit",
]
