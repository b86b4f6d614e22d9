"""Students and experts are people of one kind: the same fields, name and rules, from the core's abstract Person."""

from io import StringIO

from django.core.management import call_command
from django.test import TestCase

from experts.models import Expert
from intl_office.core.people import Person
from students.models import InternationalStudent
from tests.factories import make_expert, make_student

PERSON_FIELDS = {
    "family_name",
    "given_name",
    "name_zh",
    "gender",
    "nationality",
    "date_of_birth",
    "passport_number",
    "email",
}


class PersonTests(TestCase):
    def test_students_and_experts_are_people_with_the_same_fields(self):
        for model in (InternationalStudent, Expert):
            with self.subTest(model=model._meta.label):
                self.assertTrue(issubclass(model, Person))
                self.assertLessEqual(PERSON_FIELDS, {f.name for f in model._meta.concrete_fields})
                self.assertEqual(model._meta.ordering, ["family_name", "given_name"])

    def test_a_persons_name_is_the_family_name_in_capitals_then_the_given_name(self):
        student = make_student(family_name="Nurlanova", given_name="Aigerim")
        expert = make_expert(family_name="Keller", given_name="Anna", title="Prof.")
        self.assertEqual((student.full_name, str(student)), ("NURLANOVA Aigerim", "NURLANOVA Aigerim"))
        self.assertEqual((expert.full_name, str(expert)), ("KELLER Anna", "Prof. KELLER Anna"))
        self.assertEqual(make_expert(family_name="Li", given_name="").full_name, "LI")

    def test_the_models_and_their_migrations_agree(self):
        # Fails (SystemExit) when a model change has no migration, e.g. a person field moved with a changed column.
        call_command("makemigrations", "--check", "--dry-run", stdout=StringIO(), stderr=StringIO())
