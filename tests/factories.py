"""Small factories: each makes one valid record, with overridable fields.

Counters keep natural keys unique; nothing is random, so failures reproduce.
"""

import datetime
import itertools
import time
from io import BytesIO

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from pypdf import PdfWriter

from experts.models import Appointment, Expert, TalentProject
from intl_office.accounts import devices
from intl_office.core.models import Unit
from intl_office.travel.models import Trip, Visit
from partners.models import Agreement, Contact, Delegation, Institution
from programs.models import DegreeLevel, Program
from students.models import InternationalStudent, OutboundMobility

_seq = itertools.count(1)


def _n() -> int:
    return next(_seq)


def make_user(username: str | None = None, *, staff: bool = True, perms: tuple[str, ...] = (), **kwargs):
    """A user with the given permissions, as 'app_label.codename' strings."""
    user = get_user_model().objects.create_user(
        username=username or f"user{_n()}", password="password", is_staff=staff, **kwargs
    )
    for perm in perms:
        app_label, codename = perm.split(".")
        user.user_permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return user


def make_app_device(user) -> TOTPDevice:
    """The user's confirmed authenticator app (TOTP), made if they have none; its key computes their codes."""
    return devices.app_device(user) or TOTPDevice.objects.create(
        user=user, name=devices.APP_DEVICE_NAME, confirmed=True
    )


def totp_code(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The code the user's authenticator app shows now (or that many 30-second steps later), from the device's key.

    A code is accepted once, and only after the last one accepted: a second sign-in in the same half minute takes
    the next step's code (the device accepts one step of clock drift either way)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def force_login(client, user) -> TOTPDevice:
    """``client.force_login``, signed in with the second factor too: the user gets a confirmed authenticator app
    and the session counts as having passed it (as the login page leaves it). The staff area requires this of
    superusers and of those who may see personal data, export or import (intl_office.accounts.policy)."""
    device = make_app_device(user)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


def make_unit(**kwargs) -> Unit:
    n = _n()
    defaults = {"code": f"unit-{n}", "name_en": f"School {n}", "name_zh": f"学院{n}"}
    return Unit.objects.create(**{**defaults, **kwargs})


def make_institution(**kwargs) -> Institution:
    n = _n()
    defaults = {
        "name_en": f"University {n}",
        "slug": f"university-{n}",
        "kind": Institution.Kind.UNIVERSITY,
        "country": "BE",
        "city": "Leuven",
    }
    return Institution.objects.create(**{**defaults, **kwargs})


def make_contact(institution: Institution | None = None, **kwargs) -> Contact:
    n = _n()
    defaults = {"name": f"Contact {n}", "email": f"contact{n}@example.org", "phone": "+32 16 000 000"}
    return Contact.objects.create(institution=institution or make_institution(), **{**defaults, **kwargs})


def make_agreement(*partners: Institution, **kwargs) -> Agreement:
    n = _n()
    defaults = {
        "title": f"Agreement {n}",
        "kind": Agreement.Kind.STUDENT_EXCHANGE,
        "status": Agreement.Status.ACTIVE,
        "starts_on": datetime.date(2020, 1, 1),
        "ends_on": datetime.date(2030, 12, 31),
    }
    agreement = Agreement.objects.create(**{**defaults, **kwargs})
    agreement.partners.set(partners or [make_institution()])
    return agreement


def make_delegation(**kwargs) -> Delegation:
    n = _n()
    defaults = {
        "direction": Delegation.Direction.INBOUND,
        "title": f"Delegation {n}",
        "starts_on": datetime.date(2013, 5, 1),
        "ends_on": datetime.date(2013, 5, 3),
        "country": "DE",
        "people_count": 3,
    }
    return Delegation.objects.create(**{**defaults, **kwargs})


def make_program(*partners: Institution, **kwargs) -> Program:
    n = _n()
    defaults = {
        "title_en": f"Program {n}",
        "title_zh": f"项目{n}",
        "slug": f"program-{n}",
        "kind": Program.Kind.STUDENT_EXCHANGE,
        "level": DegreeLevel.BACHELOR,
        "discipline": Program.Discipline.ENGINEERING,
        "is_published": True,
    }
    program = Program.objects.create(**{**defaults, **kwargs})
    if partners:
        program.partners.set(partners)
    return program


def make_student(**kwargs) -> InternationalStudent:
    n = _n()
    defaults = {
        "family_name": f"Family{n}",
        "given_name": f"Given{n}",
        "nationality": "KZ",
        "passport_number": f"P{n:08d}",
        "student_number": f"S{n:08d}",
        "date_of_birth": datetime.date(2000, 1, 1),
        "email": f"student{n}@example.org",
        "category": InternationalStudent.Category.DEGREE,
        "arrived_on": datetime.date(2024, 9, 1),
        "departed_on": datetime.date(2028, 7, 1),
        "status": InternationalStudent.Status.ENROLLED,
    }
    return InternationalStudent.objects.create(**{**defaults, **kwargs})


def make_outbound(**kwargs) -> OutboundMobility:
    n = _n()
    defaults = {
        "student_name": f"Student {n}",
        "student_number": f"B{n:08d}",
        "destination_country": "FR",
        "route": OutboundMobility.Route.AGREEMENT,
        "kind": OutboundMobility.Kind.EXCHANGE,
        "starts_on": datetime.date(2013, 9, 1),
    }
    return OutboundMobility.objects.create(**{**defaults, **kwargs})


def make_expert(**kwargs) -> Expert:
    n = _n()
    defaults = {
        "family_name": f"Expert{n}",
        "given_name": f"Given{n}",
        "nationality": "GB",
        "passport_number": f"E{n:08d}",
        "date_of_birth": datetime.date(1970, 1, 1),
        "email": f"expert{n}@example.org",
    }
    return Expert.objects.create(**{**defaults, **kwargs})


def make_appointment(expert: Expert | None = None, unit: Unit | None = None, **kwargs) -> Appointment:
    defaults = {
        "position": "Foreign teacher",
        "term": Appointment.Term.LONG_TERM,
        "starts_on": datetime.date(2013, 2, 1),
        "ends_on": datetime.date(2013, 12, 31),
    }
    return Appointment.objects.create(
        expert=expert or make_expert(), unit=unit or make_unit(), **{**defaults, **kwargs}
    )


def make_talent_project(unit: Unit | None = None, **kwargs) -> TalentProject:
    n = _n()
    defaults = {
        "scheme": TalentProject.Scheme.PROJECT_111,
        "year": 2013,
        "title": f"Talent project {n}",
        "status": TalentProject.Status.APPROVED,
        "approved_on": datetime.date(2013, 6, 1),
    }
    return TalentProject.objects.create(unit=unit or make_unit(), **{**defaults, **kwargs})


def invitation_pdf() -> bytes:
    """A real one-page PDF, as an uploaded invitation letter must be."""
    writer, out = PdfWriter(), BytesIO()
    writer.add_blank_page(width=595, height=842)
    writer.write(out)
    return out.getvalue()


def make_trip(unit: Unit | None = None, *, countries=("DE",), members: int = 2, **kwargs):
    """A draft trip with its invitation letter, ``members`` members (the first leads) and one destination per
    country, departing far enough ahead for any lead time."""
    unit = unit or make_unit()
    n = _n()
    departs = kwargs.pop("departs_on", datetime.date.today() + datetime.timedelta(days=120))
    defaults = {
        "title": f"Trip {n}",
        "kind": "conference",
        "purpose": "Present a paper",
        "programme": "Day 1: conference",
        "departs_on": departs,
        "returns_on": departs + datetime.timedelta(days=6),
        "out_of_plan_reason": "Invitation came after the plan",
        "inviting_institution": f"University {n}",
        "inviter": "Prof. Example, Dean",
        "funding": "unit",
        "budget": "30000.00",
    }
    trip = Trip(unit=unit, **{**defaults, **kwargs})
    trip.invitation_letter.save(f"invitation-{n}.pdf", ContentFile(invitation_pdf()), save=False)
    trip.save()
    for order, country in enumerate(countries, start=1):
        trip.destinations.create(order=order, country=country, arrives_on=trip.departs_on, leaves_on=trip.returns_on)
    for i in range(members):
        trip.members.create(
            name=f"Member {n}-{i}",
            unit=unit,
            position="Professor",
            is_leader=i == 0,
            passport_kind="official",
            passport_number=f"E{n:04d}{i:03d}",
        )
    return trip


def make_visit(unit: Unit | None = None, *, guests: int = 2, **kwargs):
    unit = unit or make_unit()
    n = _n()
    defaults = {
        "title": f"Visit {n}",
        "purpose": "Joint research meeting",
        "programme": "Day 1: lab visit",
        "host": "Prof. Wang",
        "starts_on": datetime.date.today() + datetime.timedelta(days=40),
        "ends_on": datetime.date.today() + datetime.timedelta(days=44),
        "reception_budget": "8000.00",
        "payer": "stay",
    }
    visit = Visit.objects.create(unit=unit, **{**defaults, **kwargs})
    for i in range(guests):
        visit.guests.create(
            name=f"Guest {n}-{i}", institution=f"Institute {n}", country="FR", passport_number=f"G{n:04d}{i:03d}"
        )
    return visit
