"""Valid admin form data per model; each constraint case overrides a few fields to break one rule."""

import datetime

from tests.factories import (
    make_expert,
    make_institution,
    make_unit,
)

D = datetime.date


# Valid admin form data per model; each case overrides a few fields to break one rule.
def unit_data(**kw):
    return {"name_en": "School of Software", "code": "sse", "kind": "school", "is_active": "on", **kw}


def institution_data(**kw):
    return {
        "name_en": "Ghent University",
        "slug": "ghent",
        "kind": "university",
        "country": "BE",
        "is_active": "on",
        **kw,
    }


def agreement_data(**kw):
    data = {
        "title": "Exchange",
        "kind": "student_exchange",
        "status": "active",
        "partners": [make_institution().pk],
        "starts_on": "2013-09-01",
        "reminder_days": "180",
        "places_inbound": "0",
        "places_outbound": "0",
    }
    return {**data, **kw}


def delegation_data(**kw):
    return {
        "direction": "inbound",
        "title": "Visit",
        "starts_on": "2013-05-01",
        "ends_on": "2013-05-03",
        "country": "DE",
        "people_count": "3",
        **kw,
    }


def program_data(**kw):
    return {
        "title_en": "Nanomaterials",
        "slug": "nano",
        "kind": "double_degree",
        "level": "bachelor",
        "discipline": "science",
        "language": "en",
        **kw,
    }


def student_data(**kw):
    return {
        "family_name": "Ivanova",
        "gender": "female",
        "nationality": "RU",
        "category": "degree",
        "level": "master",
        "funding": "csc",
        "status": "enrolled",
        "residence_permit_reminder_days": "30",
        **kw,
    }


def outbound_data(**kw):
    return {
        "student_name": "Li Ming",
        "student_number": "13211001",
        "destination_country": "FR",
        "route": "agreement",
        "kind": "exchange",
        "starts_on": "2013-09-01",
        **kw,
    }


def expert_data(**kw):
    return {"family_name": "Smith", "nationality": "GB", "gender": "male", **kw}


def appointment_data(**kw):
    return {
        "expert": make_expert().pk,
        "unit": make_unit().pk,
        "position": "Foreign teacher",
        "term": "long_term",
        "starts_on": "2013-02-01",
        "ends_on": "2013-12-31",
        "work_permit_reminder_days": "45",
        "end_reminder_days": "60",
        **kw,
    }


def talent_data(**kw):
    return {
        "scheme": "project_111",
        "year": "2013",
        "title": "Rail dynamics base",
        "unit": make_unit().pk,
        "status": "applied",
        **kw,
    }
