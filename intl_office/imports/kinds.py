"""The kinds of record a spreadsheet can hold, each with its domain app's resource (``<app>/resources.py``)."""

from django.utils.translation import gettext

from experts.resources import AppointmentResource, ExpertResource
from intl_office.core.people import can_see_personal_data
from intl_office.core.resources import OfficeResource
from partners.resources import AgreementResource, DelegationResource, InstitutionResource
from programs.resources import ProgramResource
from students.resources import InternationalStudentResource, OutboundMobilityResource

# In the order a first migration imports them: later kinds refer to earlier ones by name.
KINDS: dict[str, type[OfficeResource]] = {
    "institutions": InstitutionResource,
    "agreements": AgreementResource,
    "programs": ProgramResource,
    "students": InternationalStudentResource,
    "outbound": OutboundMobilityResource,
    "experts": ExpertResource,
    "appointments": AppointmentResource,
    "delegations": DelegationResource,
}


def resource_class(kind: str) -> type[OfficeResource]:
    try:
        return KINDS[kind]
    except KeyError:
        message = gettext("unknown kind '%(kind)s'; choose one of: %(kinds)s") % {
            "kind": kind,
            "kinds": ", ".join(KINDS),
        }
        raise ValueError(message) from None


def kind_for_model(model) -> str | None:
    return next((kind for kind, resource in KINDS.items() if resource._meta.model is model), None)


def may_see_personal_data(user, resource_cls) -> bool:
    """Whether ``user`` may get this resource's personal columns."""
    if not resource_cls.personal_columns:
        return True
    return can_see_personal_data(user, resource_cls._meta.model)


def resource_for(kind: str, user=None) -> OfficeResource:
    """The kind's resource, without personal columns when ``user`` may not see them (``user=None``: everything)."""
    cls = resource_class(kind)
    return cls(include_personal=user is None or may_see_personal_data(user, cls))
