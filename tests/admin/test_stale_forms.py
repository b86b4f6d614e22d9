"""No lost updates: a change form saved from a stale copy is refused, naming what someone else changed meanwhile."""

from django.test import TestCase
from django.urls import reverse

from tests.admin.builders import form_data
from tests.factories import force_login, make_institution, make_student
from tests.personas import make_staff


def _url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


class StaleStudentFormTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.officer_a = make_staff("officer-a", personal_data=True)
        cls.officer_b = make_staff("officer-b", personal_data=True)
        cls.clerk = make_staff("clerk")
        cls.student = make_student(passport_number="ORIGINAL-1", email="old@example.org")

    def open_form(self, user):
        force_login(self.client, user)
        return form_data(self.client.get(_url(self.student)))

    def save(self, user, data):
        force_login(self.client, user)
        return self.client.post(_url(self.student), data)

    def test_officer_b_saving_a_stale_form_is_refused_and_keeps_what_b_typed(self):
        stale = self.open_form(self.officer_b)
        fresh = self.open_form(self.officer_a)
        fresh["passport_number"] = "A-CHANGED-1"
        self.assertEqual(self.save(self.officer_a, fresh).status_code, 302)

        stale["email"] = "b-typed@example.org"
        response = self.save(self.officer_b, stale)

        self.assertEqual(response.status_code, 200)
        self.student.refresh_from_db()
        self.assertEqual(self.student.passport_number, "A-CHANGED-1")
        self.assertEqual(self.student.email, "old@example.org")
        form = response.context["adminform"].form
        self.assertEqual(form["email"].value(), "b-typed@example.org")
        message = " ".join(form.non_field_errors())
        self.assertIn("passport number (now: A-CHANGED-1)", message)
        self.assertNotIn("email", message)

    def test_saving_the_reshown_form_keeps_both_changes(self):
        stale = self.open_form(self.officer_b)
        fresh = self.open_form(self.officer_a)
        fresh["passport_number"] = "A-CHANGED-1"
        self.save(self.officer_a, fresh)
        stale["email"] = "b-typed@example.org"
        reshown = form_data(self.save(self.officer_b, stale))

        self.assertEqual(reshown["passport_number"], "A-CHANGED-1")
        self.assertEqual(self.save(self.officer_b, reshown).status_code, 302)
        self.student.refresh_from_db()
        self.assertEqual((self.student.passport_number, self.student.email), ("A-CHANGED-1", "b-typed@example.org"))

    def test_a_field_both_changed_keeps_the_users_value_and_names_the_stored_one(self):
        stale = self.open_form(self.officer_b)
        fresh = self.open_form(self.officer_a)
        fresh["given_name"] = "From A"
        self.save(self.officer_a, fresh)
        stale["given_name"] = "From B"
        response = self.save(self.officer_b, stale)
        form = response.context["adminform"].form
        self.assertEqual(form["given_name"].value(), "From B")
        self.assertIn("given name (now: From A)", " ".join(form.non_field_errors()))

    def test_a_user_without_personal_data_is_told_which_field_but_not_its_value(self):
        stale = self.open_form(self.clerk)
        fresh = self.open_form(self.officer_a)
        fresh["passport_number"] = "A-CHANGED-1"
        self.save(self.officer_a, fresh)
        stale["given_name"] = "Clerk typed"
        response = self.save(self.clerk, stale)
        self.assertEqual(response.status_code, 200)
        message = " ".join(response.context["adminform"].form.non_field_errors())
        self.assertIn("passport number", message)
        self.assertNotIn("A-CHANGED-1", message)
        self.assertNotContains(response, "A-CHANGED-1")

    def test_a_form_saved_without_anyone_else_saving_meanwhile_goes_through(self):
        data = self.open_form(self.officer_b)
        data["email"] = "b-typed@example.org"
        self.assertEqual(self.save(self.officer_b, data).status_code, 302)
        self.student.refresh_from_db()
        self.assertEqual(self.student.email, "b-typed@example.org")


class StaleInstitutionFormTests(TestCase):
    """The same for a record without personal data: the current value is named for everyone."""

    def test_a_stale_institution_form_names_the_new_value(self):
        officer = make_staff("officer")
        institution = make_institution(city="Tartu")
        force_login(self.client, officer)
        stale = form_data(self.client.get(_url(institution)))
        institution.city = "Narva"
        institution.save()
        stale["website"] = "https://www.ut.ee"
        response = self.client.post(_url(institution), stale)
        self.assertEqual(response.status_code, 200)
        self.assertIn("city (now: Narva)", " ".join(response.context["adminform"].form.non_field_errors()))
        institution.refresh_from_db()
        self.assertEqual(institution.city, "Narva")
