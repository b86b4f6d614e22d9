"""The reminder run as a background job: `send_reminders --queue` sends the digests through a job (in process here,
no broker) and keeps its outcome on the job's row."""

from io import StringIO

from django.core import mail
from django.core.management import call_command
from django.test import TestCase, override_settings

from intl_office.core.models import SentReminder
from intl_office.jobs.models import Job
from tests import factories as f
from tests.reminders.helpers import TODAY, days


@override_settings(CELERY_BROKER_URL="")
class ReminderJobTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.unit = f.make_unit(code="sem", contact_email="sem@bjtu.edu.cn")
        cls.agreements = [f.make_agreement(unit=cls.unit, ends_on=days(n)) for n in (10, 20)]

    def test_the_queued_run_sends_the_digests_and_keeps_its_outcome_on_the_job(self):
        out = StringIO()
        call_command("send_reminders", "--queue", "--date", TODAY.isoformat(), stdout=out)
        job = Job.objects.get()
        self.assertEqual((job.kind, job.state, job.user), (Job.Kind.REMINDERS, Job.State.DONE, None))
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(mail.outbox[0].to, ["sem@bjtu.edu.cn"])
        sent = SentReminder.objects.count()
        self.assertEqual(sent, len(self.agreements))
        self.assertIn(f"{sent} item(s) sent to 1 recipient(s)", job.message)
        self.assertIn(job.message, out.getvalue())
        # A second queued run finds everything already sent.
        call_command("send_reminders", "--queue", "--date", TODAY.isoformat(), stdout=StringIO())
        self.assertEqual(len(mail.outbox), 1)
        self.assertIn(f"{sent} already sent before", Job.objects.latest("pk").message)
