"""generate_data: the demo multiplied, every constraint kept, the same records from the same seed, resumable."""

from io import StringIO

from django.core.management import call_command
from django.test import TestCase

from experts.models import Appointment, Expert, TalentProject
from intl_office.core.models import Unit
from intl_office.demo import generate, loader
from intl_office.demo.common import SEED
from partners.models import Agreement, Contact, Delegation, Institution
from programs.models import Program
from students.models import InternationalStudent, OutboundMobility

SCALE = 2
COPIED = {
    Institution: "institutions",
    Contact: "contacts",
    Agreement: "agreements",
    Program: "programs",
    Delegation: "delegations",
    InternationalStudent: "students",
    OutboundMobility: "outbound",
    Expert: "experts",
    Appointment: "appointments",
    TalentProject: "talent_projects",
}


def generate_data(*args) -> str:
    out = StringIO()
    call_command("generate_data", *args, stdout=out, verbosity=0)
    return out.getvalue()


class GenerateDataTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        generate_data("--scale", str(SCALE))
        cls.copies = [loader.build(SEED + copy) for copy in range(SCALE)]

    def test_it_writes_the_demo_scale_times(self):
        for model, part in COPIED.items():
            with self.subTest(model=model.__name__):
                self.assertEqual(model.objects.count(), sum(len(getattr(copy, part)) for copy in self.copies))

    def test_it_keeps_one_set_of_bjtu_units(self):
        self.assertEqual(Unit.objects.count(), len(self.copies[0].units))

    def test_it_links_each_copy_to_its_own_partners(self):
        through = Agreement.partners.through
        self.assertEqual(
            through.objects.count(), sum(len(row["partners"]) for copy in self.copies for row in copy.agreements)
        )
        copied = Agreement.objects.filter(reference__endswith=generate.suffix(1))
        self.assertTrue(copied.exists())
        self.assertFalse(copied.exclude(partners__slug__endswith=generate.suffix(1)).exists())

    def test_copied_partners_have_their_search_and_sort_keys(self):
        # As a save would derive them: the directory and the catalogue search and sort by these (COPY, on
        # PostgreSQL, runs no pre_save of its own).
        copied = Institution.objects.filter(slug__endswith=generate.suffix(1))
        self.assertTrue(copied.exists())
        for institution in copied:
            with self.subTest(institution=institution.slug):
                stored = (institution.search_text, institution.sort_name_en, institution.sort_name_zh)
                institution.save()
                institution.refresh_from_db()
                self.assertEqual(stored, (institution.search_text, institution.sort_name_en, institution.sort_name_zh))
                self.assertTrue(all(stored))

    def test_every_record_keeps_every_constraint(self):
        # The database checked the constraints as the rows went in; Django's own check reads them back as well.
        for model in COPIED:
            for record in model.objects.order_by("-pk")[:50]:
                with self.subTest(record=str(record)):
                    record.validate_constraints()

    def test_a_copy_is_the_demo_built_from_the_next_seed(self):
        expected = {
            row["student_number"] + generate.suffix(1) for row in self.copies[1].students if row["student_number"]
        }
        stored = set(
            InternationalStudent.objects.filter(student_number__endswith=generate.suffix(1)).values_list(
                "student_number", flat=True
            )
        )
        self.assertEqual(stored, expected)

    def test_a_second_run_writes_nothing(self):
        before = {model: model.objects.count() for model in COPIED}
        self.assertIn("0 written now", generate_data("--scale", str(SCALE)))
        self.assertEqual({model: model.objects.count() for model in COPIED}, before)

    def test_new_records_get_ids_after_the_generated_ones(self):
        institution = Institution.objects.create(name_en="A New Partner", slug="a-new-partner", country="FR")
        self.assertGreater(institution.pk, Institution.objects.exclude(pk=institution.pk).order_by("-pk")[0].pk)
