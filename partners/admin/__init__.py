"""The partners' pages in the admin, one module each: institutions and their contacts (``institutions``, with the
near-duplicate check in ``institution_form``), agreements (``agreements``), delegations (``delegations``), and the
scanned documents' widget (``documents``, also used by the travel feature). Importing them here registers them;
``from partners.admin import partner_names`` and the other names keep working.
"""

from partners.admin.agreements import AgreementAdmin, EffectiveStatusFilter, partner_names
from partners.admin.delegations import DelegationAdmin
from partners.admin.documents import INLINE_DOCUMENT_TYPES, DocumentWidget
from partners.admin.institution_form import InstitutionAdminForm
from partners.admin.institutions import (
    AgreementLinkInline,
    AgreementPartner,
    ContactAdmin,
    ContactFormSet,
    ContactInline,
    CountedFilter,
    InstitutionAdmin,
)

__all__ = [
    "INLINE_DOCUMENT_TYPES",
    "AgreementAdmin",
    "AgreementLinkInline",
    "AgreementPartner",
    "ContactAdmin",
    "ContactFormSet",
    "ContactInline",
    "CountedFilter",
    "DelegationAdmin",
    "DocumentWidget",
    "EffectiveStatusFilter",
    "InstitutionAdmin",
    "InstitutionAdminForm",
    "partner_names",
]
