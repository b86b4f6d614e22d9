"""Reminders: the right records at the edges of their lead time, digests by unit, never sent twice."""

import contextlib
import datetime
import json
import os
import socket
import socketserver
import subprocess
import sys
import tempfile
import threading
from email import message_from_bytes
from io import StringIO
from pathlib import Path

from django.core import mail
from django.core.management import CommandError, call_command
from django.test import SimpleTestCase, TestCase, override_settings
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

TODAY = datetime.date(2026, 3, 2)
BASE_DIR = Path(__file__).resolve().parents[2]


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
            (list_url,) = {url for url in links[key] if "/change/" not in url}
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
        # session, user, the user's and group permissions (2); the year filter's range, the units for the unit
        # filter; the lead times in use (the due filter); the filtered count, the page of students; the date
        # hierarchy's range and days; the nationalities for the country filter.
        with self.assertNumQueries(12):
            self.client.get(url)
        for n in range(40):
            f.make_student(residence_permit_expires_on=today + datetime.timedelta(days=n % 30))
        with self.assertNumQueries(12):
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


# ---------------------------------------------------------------------------
# E-mail set-up: SMTP outside development, and no reminder recorded as sent through a backend that delivers nothing
# ---------------------------------------------------------------------------

PRINT_EMAIL_SETTINGS = (
    "import json, django; from django.conf import settings; django.setup(); "
    "print(json.dumps({name: getattr(settings, name) for name in ("
    "'EMAIL_BACKEND', 'EMAIL_HOST', 'EMAIL_PORT', 'EMAIL_HOST_USER', 'EMAIL_HOST_PASSWORD', "
    "'EMAIL_USE_TLS', 'EMAIL_USE_SSL', 'EMAIL_TIMEOUT', 'DEFAULT_FROM_EMAIL')}))"
)


def load_email_settings(**env):
    """The project's real settings in a fresh interpreter, with only the given DJANGO_* variables."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_URL"))}
    environment.update(
        DJANGO_SETTINGS_MODULE="intl_office.settings",
        PYTHONPATH=str(BASE_DIR),
        DJANGO_SECRET_KEY="a-long-production-secret-" + "x" * 30,
        **env,
    )
    with tempfile.TemporaryDirectory() as elsewhere:  # away from the project's .env file
        return subprocess.run(
            [sys.executable, "-c", PRINT_EMAIL_SETTINGS],
            cwd=elsewhere,
            env=environment,
            capture_output=True,
            text=True,
            timeout=60,
        )


class EmailSettingsTests(SimpleTestCase):
    def test_with_debug_off_mail_goes_out_over_smtp_configured_from_the_environment(self):
        result = load_email_settings(
            DJANGO_DEBUG="false",
            DJANGO_EMAIL_HOST="smtp.bjtu.edu.cn",
            DJANGO_EMAIL_PORT="587",
            DJANGO_EMAIL_HOST_USER="io@bjtu.edu.cn",
            DJANGO_EMAIL_HOST_PASSWORD="s3cret",
            DJANGO_EMAIL_USE_TLS="true",
            DJANGO_DEFAULT_FROM_EMAIL="io@bjtu.edu.cn",
        )
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(
            json.loads(result.stdout),
            {
                "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "EMAIL_HOST": "smtp.bjtu.edu.cn",
                "EMAIL_PORT": 587,
                "EMAIL_HOST_USER": "io@bjtu.edu.cn",
                "EMAIL_HOST_PASSWORD": "s3cret",
                "EMAIL_USE_TLS": True,
                "EMAIL_USE_SSL": False,
                "EMAIL_TIMEOUT": 30,
                "DEFAULT_FROM_EMAIL": "io@bjtu.edu.cn",
            },
        )

    def test_with_debug_on_mail_is_printed_to_the_console(self):
        result = load_email_settings(DJANGO_DEBUG="true")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(json.loads(result.stdout)["EMAIL_BACKEND"], "django.core.mail.backends.console.EmailBackend")

    def test_a_port_that_is_not_a_number_stops_start_up(self):
        result = load_email_settings(DJANGO_DEBUG="false", DJANGO_EMAIL_PORT="smtp")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("DJANGO_EMAIL_PORT must be a whole number, not 'smtp'", result.stderr)

    def test_an_unclear_tls_value_stops_start_up(self):
        result = load_email_settings(DJANGO_DEBUG="false", DJANGO_EMAIL_USE_TLS="sometimes")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("DJANGO_EMAIL_USE_TLS must be true or false, not 'sometimes'", result.stderr)

    def test_tls_and_ssl_together_stop_start_up(self):
        result = load_email_settings(DJANGO_DEBUG="false", DJANGO_EMAIL_USE_TLS="true", DJANGO_EMAIL_USE_SSL="true")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("not both", result.stderr)


class _SMTPHandler(socketserver.StreamRequestHandler):
    """Just enough of an SMTP server to accept what Django's SMTP backend sends."""

    def reply(self, line: str):
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self):
        self.reply("220 test SMTP")
        recipients = []
        while line := self.rfile.readline():
            command = line.decode().strip().upper()
            if command.startswith(("EHLO", "HELO")):
                self.reply("250 test")
            elif command.startswith("RCPT TO:"):
                recipients.append(line.decode().strip()[8:].strip("<> "))
                self.reply("250 OK")
            elif command == "DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                data = b""
                while (chunk := self.rfile.readline()) != b".\r\n":
                    data += chunk
                self.server.received.append((recipients, message_from_bytes(data)))
                recipients = []
                self.reply("250 OK")
            elif command == "QUIT":
                self.reply("221 Bye")
                return
            else:  # MAIL FROM, RSET, NOOP
                self.reply("250 OK")


@contextlib.contextmanager
def smtp_server():
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _SMTPHandler)
    server.daemon_threads = True
    server.received = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


class SendCommandBackendTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        unit = f.make_unit(contact_email="sem@bjtu.edu.cn")
        f.make_agreement(title="Exchange with Ghent", unit=unit, ends_on=days(30))

    def run_command(self, *args):
        return call_command("send_reminders", "--date", TODAY.isoformat(), *args, stdout=StringIO(), stderr=StringIO())

    def test_with_debug_off_it_refuses_to_record_reminders_sent_to_the_console(self):
        with override_settings(DEBUG=False, EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend"):
            with self.assertRaisesMessage(CommandError, "delivers nothing, so no reminder was sent or recorded"):
                self.run_command()
        self.assertFalse(SentReminder.objects.exists())

    def test_with_debug_off_it_refuses_the_dummy_backend_too(self):
        with override_settings(DEBUG=False, EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            with self.assertRaisesMessage(CommandError, "django.core.mail.backends.dummy.EmailBackend delivers"):
                self.run_command()
        self.assertFalse(SentReminder.objects.exists())

    def test_a_dry_run_is_allowed_whatever_the_backend(self):
        with override_settings(DEBUG=False, EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend"):
            self.run_command("--dry-run")
        self.assertFalse(SentReminder.objects.exists())

    def test_in_development_the_console_backend_prints_and_records(self):
        printed = StringIO()
        with override_settings(DEBUG=True, EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend"):
            with contextlib.redirect_stdout(printed):
                self.run_command()
        self.assertIn("Exchange with Ghent", printed.getvalue())
        self.assertEqual(SentReminder.objects.count(), 1)

    def test_with_debug_off_the_digest_goes_out_over_smtp(self):
        with smtp_server() as server:
            host, port = server.server_address
            with override_settings(
                DEBUG=False,
                EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
                EMAIL_HOST=host,
                EMAIL_PORT=port,
                DEFAULT_FROM_EMAIL="io@bjtu.edu.cn",
            ):
                self.run_command()
        ((recipients, message),) = server.received
        self.assertEqual(
            (recipients, message["To"], message["From"]), (["sem@bjtu.edu.cn"], "sem@bjtu.edu.cn", "io@bjtu.edu.cn")
        )
        text = next(part for part in message.walk() if part.get_content_type() == "text/plain")
        self.assertIn("Exchange with Ghent", text.get_payload(decode=True).decode())
        self.assertEqual(SentReminder.objects.get().recipient, "sem@bjtu.edu.cn")

    def test_an_unreachable_mail_server_records_nothing(self):
        with socket.socket() as probe:  # a port nobody listens on once closed
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        with override_settings(
            DEBUG=False,
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=port,
        ):
            with self.assertRaisesMessage(CommandError, "Sending failed for 1 recipient(s)."):
                self.run_command()
        self.assertFalse(SentReminder.objects.exists())
