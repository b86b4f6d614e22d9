"""Reminders: the right records at the edges of their lead time, digests by unit, never sent twice."""

import datetime

from django.core import mail
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from experts.models import Appointment
from intl_office import reminders
from intl_office.models import SentReminder
from partners.models import Agreement
from students.models import InternationalStudent
from tests import factories as f
from tests.personas import make_staff

TODAY = datetime.date(2026, 3, 2)


def days(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


def names(queryset) -> set[str]:
    return {str(record) for record in queryset}


class LeadTimeTests(TestCase):
    def test_an_agreement_is_due_exactly_from_its_lead_time_before_the_end(self):
        lead = Agreement.DEFAULT_REMINDER_DAYS
        f.make_agreement(title="on the edge", ends_on=days(lead))
        f.make_agreement(title="a day too early", ends_on=days(lead + 1))
        f.make_agreement(title="short lead", ends_on=days(30), reminder_days=30)
        f.make_agreement(title="short lead, too early", ends_on=days(31), reminder_days=30)
        f.make_agreement(title="ends today", ends_on=TODAY)
        f.make_agreement(title="draft", ends_on=days(10), status=Agreement.Status.DRAFT)
        f.make_agreement(title="open-ended", ends_on=None)
        self.assertEqual(names(reminders.agreements_ending(TODAY)), {"on the edge", "short lead", "ends today"})

    def test_an_agreement_past_its_end_is_listed_until_renewed_or_marked_expired(self):
        partner = f.make_institution()
        f.make_agreement(partner, title="lapsed", ends_on=days(-1))
        renewed_partner = f.make_institution()
        f.make_agreement(renewed_partner, title="renewed", ends_on=days(-1))
        f.make_agreement(renewed_partner, title="the renewal", starts_on=TODAY, ends_on=days(1000))
        other_kind = f.make_institution()
        f.make_agreement(other_kind, title="renewed only as a framework", ends_on=days(-5))
        f.make_agreement(other_kind, title="framework", kind=Agreement.Kind.FRAMEWORK, ends_on=days(1000))
        f.make_agreement(title="marked expired", ends_on=days(-1), status=Agreement.Status.EXPIRED)
        self.assertEqual(names(reminders.agreements_expired(TODAY)), {"lapsed", "renewed only as a framework"})

    def test_a_residence_permit_is_due_from_its_lead_time_for_students_still_here(self):
        lead = InternationalStudent.DEFAULT_PERMIT_REMINDER_DAYS
        f.make_student(family_name="Edge", residence_permit_expires_on=days(lead))
        f.make_student(family_name="Early", residence_permit_expires_on=days(lead + 1))
        f.make_student(family_name="Overdue", residence_permit_expires_on=days(-3))
        f.make_student(family_name="Custom", residence_permit_expires_on=days(60), residence_permit_reminder_days=60)
        f.make_student(family_name="Leaving", residence_permit_expires_on=days(10), departed_on=days(5))
        f.make_student(family_name="Left", residence_permit_expires_on=days(-3), departed_on=days(-2))
        f.make_student(
            family_name="Done", residence_permit_expires_on=days(10), status=InternationalStudent.Status.COMPLETED
        )
        found = {s.family_name for s in reminders.residence_permits(TODAY)}
        self.assertEqual(found, {"Edge", "Overdue", "Custom"})

    def test_a_work_permit_is_due_from_its_lead_time_when_it_ends_before_the_appointment(self):
        lead = Appointment.DEFAULT_PERMIT_REMINDER_DAYS
        long_end = days(400)
        edge = f.make_appointment(starts_on=days(-100), ends_on=long_end, work_permit_expires_on=days(lead))
        f.make_appointment(starts_on=days(-100), ends_on=long_end, work_permit_expires_on=days(lead + 1))
        f.make_appointment(starts_on=days(-100), ends_on=days(20), work_permit_expires_on=days(30))
        f.make_appointment(starts_on=days(-100), ends_on=days(-1), work_permit_expires_on=days(-10))
        self.assertEqual(list(reminders.work_permits(TODAY)), [edge])

    def test_an_appointment_is_due_from_its_lead_time_before_it_ends(self):
        lead = Appointment.DEFAULT_END_REMINDER_DAYS
        edge = f.make_appointment(starts_on=days(-100), ends_on=days(lead))
        f.make_appointment(starts_on=days(-100), ends_on=days(lead + 1))
        f.make_appointment(starts_on=days(-100), ends_on=days(-1))
        custom = f.make_appointment(starts_on=days(-100), ends_on=days(90), end_reminder_days=90)
        self.assertEqual(list(reminders.appointments_ending(TODAY)), [edge, custom])


class DigestTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.sem = f.make_unit(code="sem", name_en="School of Economics and Management", contact_email="sem@bjtu.edu.cn")
        cls.cs = f.make_unit(code="cs", name_en="School of Computer Science", contact_email="cs@bjtu.edu.cn")
        cls.silent = f.make_unit(code="silent", contact_email="")
        cls.agreement = f.make_agreement(title="Exchange with Waterloo", unit=cls.sem, ends_on=days(100))
        cls.student = f.make_student(
            family_name="Smith",
            given_name="Anna",
            unit=cls.sem,
            residence_permit_expires_on=days(20),
            passport_number="X1234567",
            date_of_birth=datetime.date(2001, 4, 5),
        )
        cls.appointment = f.make_appointment(
            expert=f.make_expert(family_name="Müller", given_name="Jan", passport_number="C9876543"),
            unit=cls.cs,
            starts_on=days(-200),
            ends_on=days(30),
        )
        f.make_agreement(title="No contact", unit=cls.silent, ends_on=days(10))

    def test_each_unit_contact_gets_one_digest_of_its_items(self):
        result = reminders.send_reminders(TODAY, base_url="https://io.bjtu.edu.cn")
        self.assertEqual(result.sent, {"sem@bjtu.edu.cn": 2, "cs@bjtu.edu.cn": 1})
        self.assertEqual(len(result.unaddressed), 1)
        by_recipient = {message.to[0]: message for message in mail.outbox}
        self.assertEqual(set(by_recipient), {"sem@bjtu.edu.cn", "cs@bjtu.edu.cn"})
        sem = by_recipient["sem@bjtu.edu.cn"]
        self.assertIn("Exchange with Waterloo", sem.body)
        self.assertIn("SMITH Anna", sem.body)
        self.assertIn(days(20).isoformat(), sem.body)
        self.assertIn(
            "https://io.bjtu.edu.cn" + reverse("admin:students_internationalstudent_change", args=[self.student.pk]),
            sem.body,
        )
        self.assertIn("MÜLLER Jan", by_recipient["cs@bjtu.edu.cn"].body)

    def test_the_digest_carries_names_and_dates_only(self):
        reminders.send_reminders(TODAY)
        for message in mail.outbox:
            content = message.body + message.alternatives[0][0]
            for secret in ("X1234567", "C9876543", "2001-04-05", self.student.email):
                self.assertNotIn(secret, content)

    def test_items_of_a_unit_without_a_contact_go_to_the_fallback_address(self):
        with self.settings(REMINDERS_FALLBACK_EMAIL="io@bjtu.edu.cn"):
            result = reminders.send_reminders(TODAY)
        self.assertEqual(result.sent["io@bjtu.edu.cn"], 1)
        self.assertEqual(result.unaddressed, [])

    def test_a_second_run_sends_nothing_and_a_renewal_is_reminded_again(self):
        reminders.send_reminders(TODAY)
        self.assertEqual(SentReminder.objects.count(), 3)
        mail.outbox.clear()
        result = reminders.send_reminders(days(1))
        self.assertEqual((result.sent, result.already_sent, len(mail.outbox)), ({}, 3, 0))
        Agreement.objects.filter(pk=self.agreement.pk).update(ends_on=days(150))
        result = reminders.send_reminders(days(1))
        self.assertEqual(result.sent, {"sem@bjtu.edu.cn": 1})

    def test_a_failed_send_records_nothing_so_the_next_run_retries(self):
        class BrokenConnection:
            def send_messages(self, messages):
                raise ConnectionRefusedError("mail server down")

        result = reminders.send_reminders(TODAY, connection=BrokenConnection())
        self.assertEqual(set(result.failed), {"sem@bjtu.edu.cn", "cs@bjtu.edu.cn"})
        self.assertEqual(SentReminder.objects.count(), 0)
        self.assertEqual(reminders.send_reminders(TODAY).sent, {"sem@bjtu.edu.cn": 2, "cs@bjtu.edu.cn": 1})

    def test_the_command_sends_for_a_given_date_and_is_safe_to_rerun(self):
        from io import StringIO

        out = StringIO()
        call_command("send_reminders", "--date", TODAY.isoformat(), stdout=out, stderr=StringIO())
        self.assertIn("3 item(s) sent, 0 already sent before.", out.getvalue())
        out = StringIO()
        call_command("send_reminders", "--date", TODAY.isoformat(), stdout=out, stderr=StringIO())
        self.assertIn("0 item(s) sent, 3 already sent before.", out.getvalue())
        self.assertEqual(len(mail.outbox), 2)

    def test_a_dry_run_sends_and_records_nothing(self):
        from io import StringIO

        out = StringIO()
        call_command("send_reminders", "--date", TODAY.isoformat(), "--dry-run", stdout=out, stderr=StringIO())
        self.assertIn("Would send 2 item(s) to sem@bjtu.edu.cn.", out.getvalue())
        self.assertEqual((len(mail.outbox), SentReminder.objects.count()), (0, 0))


class FrontPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.staff = make_staff("clerk")
        cls.unit = f.make_unit()

    def add_due_records(self, count: int):
        today = timezone.localdate()
        for n in range(count):
            f.make_agreement(title=f"Ending {n}", unit=self.unit, ends_on=today + datetime.timedelta(days=10 + n))
            f.make_student(family_name=f"Permit{n}", unit=self.unit, residence_permit_expires_on=today)
            f.make_appointment(
                unit=self.unit,
                starts_on=today - datetime.timedelta(days=100),
                ends_on=today + datetime.timedelta(days=5),
                work_permit_expires_on=today + datetime.timedelta(days=1),
            )

    def test_the_front_page_lists_what_is_due_with_links(self):
        self.add_due_records(2)
        agreement = Agreement.objects.get(title="Ending 0")
        self.client.force_login(self.staff)
        response = self.client.get(reverse("admin:index"))
        self.assertContains(response, "What is due")
        self.assertContains(
            response,
            f'<a href="{reverse("admin:partners_agreement_change", args=[agreement.pk])}">Ending 0</a>',
            html=True,
        )
        self.assertContains(response, "Residence permits expiring")
        self.assertContains(response, "PERMIT0")
        self.assertContains(response, "Work permits expiring")
        self.assertContains(response, "Appointments ending")

    def test_sections_follow_the_users_view_permissions(self):
        self.add_due_records(1)
        user = f.make_user("agreements-only", perms=("partners.view_agreement",))
        self.client.force_login(user)
        response = self.client.get(reverse("admin:index"))
        self.assertContains(response, "Agreements ending soon")
        self.assertNotContains(response, "PERMIT0")

    def test_the_front_page_runs_the_same_queries_for_few_or_many_due_records(self):
        self.client.force_login(self.staff)
        self.add_due_records(3)
        # session, user, the user's and group permissions (2); per section the lead times in use and the
        # records (4 x 2), expired agreements (1); the admin's recent-actions log (1).
        with self.assertNumQueries(14):
            self.client.get(reverse("admin:index"))
        self.add_due_records(30)
        with self.assertNumQueries(14):
            response = self.client.get(reverse("admin:index"))
        self.assertContains(response, "More…")
