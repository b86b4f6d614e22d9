"""Who may take the trips' and the visits' transitions: the ``permission`` callables their django-fsm transitions
name (applicants for their own units, the step's approvers, the office)."""

from intl_office.core.models import Unit
from intl_office.travel.steps import STEP_PERMISSION, Step


def _may_apply(trip, user) -> bool:
    """Applicants act for their own units' trips; the office for every trip."""
    if user.has_perm("travel.approve_as_office"):
        return True
    return user.has_perm("travel.change_trip") and Unit.objects.of_user(user).filter(pk=trip.unit_id).exists()


def _may_request_visit(visit, user) -> bool:
    if user.has_perm("travel.approve_as_office"):
        return True
    return user.has_perm("travel.change_visit") and Unit.objects.of_user(user).filter(pk=visit.unit_id).exists()


def _may_decide(trip, user) -> bool:
    step = trip.awaiting_step
    if step is None or not user.has_perm(STEP_PERMISSION[step]):
        return False
    # A unit leader decides on their own unit's trips only.
    return step != Step.UNIT_LEADER or Unit.objects.of_user(user).filter(pk=trip.unit_id).exists()


def _is_office(trip, user) -> bool:
    return user.has_perm("travel.approve_as_office")
