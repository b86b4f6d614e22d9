"""The daily e-mails: digests by unit, never sent twice, over SMTP outside development."""

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

from django.core import mail
from django.core.management import CommandError, call_command
from django.test import SimpleTestCase, TestCase, override_settings
from django.urls import reverse

from intl_office.core.models import SentReminder
from intl_office.reminders import due as reminders
from partners.models import Agreement
from tests import factories as f
from tests.reminders.helpers import (
    BASE_DIR,
    TODAY,
    days,
)


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
