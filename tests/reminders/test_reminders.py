"""Reminders: the right records at the edges of their lead time, on the front page and behind its links."""

import datetime

from django.core import mail
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from lxml import html

from experts.models import Appointment
from intl_office.core.models import SentReminder
from intl_office.reminders import due as reminders
from partners.models import Agreement
from students.models import InternationalStudent
from tests import factories as f
from tests.personas import make_staff
from tests.reminders.helpers import (
    TODAY,
    days,
    names,
)


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
        self.assertEqual(
            names(Agreement.objects.ending_within_lead_time(TODAY)), {"on the edge", "short lead", "ends today"}
        )

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
        self.assertEqual(names(Agreement.objects.expired_not_renewed(TODAY)), {"lapsed", "renewed only as a framework"})

    def test_a_renewal_counts_through_any_shared_partner_and_only_while_it_is_active(self):
        first, second = f.make_institution(), f.make_institution()
        joint = f.make_agreement(first, title="joint, renewed with one partner", ends_on=days(-1))
        joint.partners.add(second)
        f.make_agreement(second, title="renewal with the second partner", starts_on=days(30), ends_on=days(700))
        third = f.make_institution()
        f.make_agreement(third, title="followed by a draft only", ends_on=days(-1))
        f.make_agreement(third, title="draft", ends_on=days(700), status=Agreement.Status.DRAFT)
        fourth = f.make_institution()
        f.make_agreement(fourth, title="followed by one also lapsed", starts_on=days(-900), ends_on=days(-10))
        f.make_agreement(fourth, title="also lapsed", starts_on=days(-800), ends_on=days(-2))
        self.assertEqual(
            names(Agreement.objects.expired_not_renewed(TODAY)),
            {"followed by a draft only", "followed by one also lapsed", "also lapsed"},
        )

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
        found = {s.family_name for s in InternationalStudent.objects.residence_permit_due(TODAY)}
        self.assertEqual(found, {"Edge", "Overdue", "Custom"})

    def test_a_work_permit_is_due_from_its_lead_time_when_it_ends_before_the_appointment(self):
        lead = Appointment.DEFAULT_PERMIT_REMINDER_DAYS
        long_end = days(400)
        edge = f.make_appointment(starts_on=days(-100), ends_on=long_end, work_permit_expires_on=days(lead))
        f.make_appointment(starts_on=days(-100), ends_on=long_end, work_permit_expires_on=days(lead + 1))
        f.make_appointment(starts_on=days(-100), ends_on=days(20), work_permit_expires_on=days(30))
        f.make_appointment(starts_on=days(-100), ends_on=days(-1), work_permit_expires_on=days(-10))
        self.assertEqual(list(Appointment.objects.work_permit_due(TODAY)), [edge])

    def test_an_appointment_is_due_from_its_lead_time_before_it_ends(self):
        lead = Appointment.DEFAULT_END_REMINDER_DAYS
        edge = f.make_appointment(starts_on=days(-100), ends_on=days(lead))
        f.make_appointment(starts_on=days(-100), ends_on=days(lead + 1))
        f.make_appointment(starts_on=days(-100), ends_on=days(-1))
        custom = f.make_appointment(starts_on=days(-100), ends_on=days(90), end_reminder_days=90)
        self.assertEqual(list(Appointment.objects.ending_within_lead_time(TODAY)), [edge, custom])


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
        with CaptureQueriesContext(connection) as few:
            self.client.get(reverse("admin:index"))
        self.add_due_records(30)
        with CaptureQueriesContext(connection) as many:
            response = self.client.get(reverse("admin:index"))
        self.assertEqual(len(many), len(few))
        self.assertContains(response, "More…")


class DueListLinkTests(TestCase):
    """The front page's section links open the admin list filtered to exactly the records that are due."""

    @classmethod
    def setUpTestData(cls):
        cls.staff = make_staff("clerk")
        today = timezone.localdate()

        def on(n):
            return today + datetime.timedelta(days=n)

        f.make_agreement(title="Ending", ends_on=on(10))
        f.make_agreement(title="Short lead, not yet", ends_on=on(40), reminder_days=30)
        f.make_agreement(title="Far off", ends_on=on(400))
        f.make_agreement(title="Lapsed", ends_on=on(-5))
        renewed = f.make_institution()
        f.make_agreement(renewed, title="Lapsed but renewed", ends_on=on(-5))
        f.make_agreement(renewed, title="The renewal", starts_on=on(-4), ends_on=on(1000))
        f.make_student(family_name="Expiring", residence_permit_expires_on=on(5))
        f.make_student(family_name="Custom", residence_permit_expires_on=on(50), residence_permit_reminder_days=60)
        f.make_student(family_name="Later", residence_permit_expires_on=on(31))
        f.make_student(family_name="Leaving", residence_permit_expires_on=on(10), departed_on=on(5))
        f.make_student(
            family_name="Finished", residence_permit_expires_on=on(5), status=InternationalStudent.Status.COMPLETED
        )
        f.make_appointment(position="Permit due", starts_on=on(-100), ends_on=on(300), work_permit_expires_on=on(10))
        f.make_appointment(position="Permit later", starts_on=on(-100), ends_on=on(300), work_permit_expires_on=on(90))
        f.make_appointment(position="Ending", starts_on=on(-100), ends_on=on(20))
        f.make_appointment(position="Ending later", starts_on=on(-100), ends_on=on(200))

    def section_links(self) -> dict[str, set[str]]:
        response = self.client.get(reverse("admin:index"))
        page = html.fromstring(response.content.decode())
        return {
            table.get("class").removeprefix("due-"): set(table.xpath(".//a/@href"))
            for table in page.xpath("//table[starts-with(@class, 'due-')]")
        }

    def listed(self, url: str) -> list:
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return list(response.context["cl"].result_list)

    def test_each_section_links_to_a_list_of_exactly_its_due_records(self):
        self.client.force_login(self.staff)
        links = self.section_links()
        expected = {
            "agreements_ending": {"Ending"},
            "agreements_expired": {"Lapsed"},
            "residence_permits": {"Expiring", "Custom"},
            "work_permits": {"Permit due"},
            "appointments_ending": {"Ending"},
        }
        self.assertEqual(set(links), set(expected))
        for key, wanted in expected.items():
            (list_url,) = {url for url in links[key] if "/change/" not in url and "/due/decide/" not in url}
            records = self.listed(list_url)
            if key == "residence_permits":
                found = {student.family_name for student in records}
            elif key in ("work_permits", "appointments_ending"):
                found = {appointment.position for appointment in records}
            else:
                found = {agreement.title for agreement in records}
            self.assertEqual(found, wanted, key)

    def test_the_more_link_lists_every_due_record_and_no_other(self):
        today = timezone.localdate()
        for n in range(12):
            f.make_student(family_name=f"Due{n}", residence_permit_expires_on=today + datetime.timedelta(days=n))
        self.client.force_login(self.staff)
        response = self.client.get(reverse("admin:index"))
        page = html.fromstring(response.content.decode())
        (more,) = page.xpath("//table[@class='due-residence_permits']//a[text()='More…']/@href")
        self.assertEqual(
            {student.family_name for student in self.listed(more)},
            {f"Due{n}" for n in range(12)} | {"Expiring", "Custom"},
        )

    def test_the_filtered_list_runs_the_same_queries_for_few_or_many_due_records(self):
        self.client.force_login(self.staff)
        url = reverse("admin:students_internationalstudent_changelist") + "?due=residence_permits"
        today = timezone.localdate()
        # session, user, the user's and group permissions (2), the user's choice of columns, the user's units (unit
        # scope); the year filter's range, the units for the unit filter; the lead times in use and the due records'
        # ids (the due filter, read once); the filtered count (on PostgreSQL, the ids read are the count), the page
        # of students; the date hierarchy's years (the whole list's first and last dates); the nationalities for the
        # country filter.
        queries = 13 if connection.vendor == "postgresql" else 14
        with self.assertNumQueries(queries):
            self.client.get(url)
        for n in range(40):
            f.make_student(residence_permit_expires_on=today + datetime.timedelta(days=n % 30))
        with self.assertNumQueries(queries):
            response = self.client.get(url)
        self.assertEqual(len(response.context["cl"].result_list), 42)

    def test_the_admin_lists_offer_the_due_filter(self):
        self.client.force_login(self.staff)
        response = self.client.get(reverse("admin:partners_agreement_changelist"))
        self.assertContains(response, "?due=agreements_expired")
        # Without the filter, the list is the whole table.
        self.assertEqual(len(response.context["cl"].result_list), Agreement.objects.count())


class LapsedAgreementTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.unit = f.make_unit(contact_email="sem@bjtu.edu.cn")
        cls.agreement = f.make_agreement(title="Exchange with Ghent", unit=cls.unit, ends_on=datetime.date(2030, 6, 30))

    def test_an_agreement_reminded_while_ending_is_reminded_again_once_it_has_lapsed(self):
        result = reminders.send_reminders(datetime.date(2030, 6, 1))
        self.assertEqual(result.sent, {"sem@bjtu.edu.cn": 1})
        self.assertIn("Agreements ending soon", mail.outbox[0].body)
        mail.outbox.clear()

        result = reminders.send_reminders(datetime.date(2030, 7, 10))
        self.assertEqual(result.sent, {"sem@bjtu.edu.cn": 1})
        (lapse,) = mail.outbox
        self.assertIn("Agreements expired and not renewed", lapse.body)
        self.assertNotIn("Agreements ending soon", lapse.body)
        self.assertIn("Exchange with Ghent: 2030-06-30 (10 days ago)", lapse.body)
        self.assertEqual(
            set(SentReminder.objects.values_list("kind", "object_id", "due_on")),
            {
                (SentReminder.Kind.AGREEMENT_END, self.agreement.pk, datetime.date(2030, 6, 30)),
                (SentReminder.Kind.AGREEMENT_EXPIRED, self.agreement.pk, datetime.date(2030, 6, 30)),
            },
        )
        mail.outbox.clear()

        result = reminders.send_reminders(datetime.date(2030, 7, 11))
        self.assertEqual((result.sent, result.already_sent, mail.outbox), ({}, 1, []))

    def test_a_renewed_agreement_is_not_reported_as_lapsed(self):
        reminders.send_reminders(datetime.date(2030, 6, 1))
        f.make_agreement(
            *self.agreement.partners.all(), unit=self.unit, starts_on=datetime.date(2030, 7, 1), ends_on=None
        )
        mail.outbox.clear()
        result = reminders.send_reminders(datetime.date(2030, 7, 10))
        self.assertEqual((result.sent, mail.outbox), ({}, []))
