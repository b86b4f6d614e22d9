"""Near-duplicates caught where they are typed: the institution form runs the importer's similar-name check and asks
for confirmation, linking to the similar record; an exact duplicate links to the existing one. Autocompletes show
the Chinese name and country beside the English name."""

from django.test import TestCase

from partners.models import Institution
from programs.models import Program
from tests.admin.builders import admin_url, form_data
from tests.factories import force_login, make_institution, make_user


class NearDuplicateFormTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.superuser = make_user("root", is_superuser=True)
        cls.munich = make_institution(
            name_en="Technical University of Munich", name_zh="慕尼黑工业大学", slug="tum", country="DE"
        )
        cls.renamed = make_institution(
            name_en="Tartu University", former_name="Imperial University of Dorpat", country="EE"
        )

    def setUp(self):
        force_login(self.client, self.superuser)
        self.add_url = admin_url(Institution, "add")

    def post_new(self, **fields):
        data = form_data(self.client.get(self.add_url))
        data.update({"slug": fields.get("slug", "new-one"), "kind": "university", "is_active": "on", **fields})
        return self.client.post(self.add_url, data)

    def test_a_near_duplicate_asks_for_confirmation_linking_to_the_similar_record(self):
        response = self.post_new(name_en="Technical Univ. Munich", country="DE")
        self.assertEqual(response.status_code, 200)
        errors = response.context["adminform"].form.errors
        self.assertIn("This name looks like another institution", errors["name_en"][0])
        self.assertContains(response, f'href="{admin_url(Institution, "change", self.munich.pk)}"')
        self.assertContains(response, "Technical University of Munich · 慕尼黑工业大学 · Germany")
        self.assertContains(response, 'name="confirm_similar"')
        self.assertFalse(Institution.objects.filter(name_en="Technical Univ. Munich").exists())

    def test_a_confirmed_near_duplicate_is_saved(self):
        response = self.post_new(name_en="Technical Univ. Munich", country="DE", confirm_similar="on")
        self.assertRedirects(response, admin_url(Institution, "changelist"))
        self.assertTrue(Institution.objects.filter(name_en="Technical Univ. Munich").exists())

    def test_the_same_chinese_name_asks_for_confirmation_too(self):
        response = self.post_new(name_en="TU Muenchen", name_zh="慕尼黑工业大学", country="DE")
        self.assertContains(response, f'href="{admin_url(Institution, "change", self.munich.pk)}"')
        self.assertFalse(Institution.objects.filter(name_en="TU Muenchen").exists())

    def test_an_exact_duplicate_or_a_former_name_links_to_the_existing_record(self):
        for name, existing in (
            ("technical university of munich", self.munich),
            ("Imperial University of Dorpat", self.renamed),
        ):
            with self.subTest(name=name):
                response = self.post_new(name_en=name, country="DE", confirm_similar="on")
                self.assertEqual(response.status_code, 200)
                self.assertIn(
                    "This institution is already recorded", response.context["adminform"].form.errors["name_en"][-1]
                )
                self.assertContains(response, f'href="{admin_url(Institution, "change", existing.pk)}"')

    def test_a_different_name_or_country_is_saved_without_a_question(self):
        response = self.post_new(name_en="Technical University of Denmark", country="DK")
        self.assertRedirects(response, admin_url(Institution, "changelist"))

    def test_editing_other_fields_of_a_record_asks_nothing(self):
        near = make_institution(name_en="Technical Univ. Munich", slug="tum-2", country="DE")
        url = admin_url(Institution, "change", near.pk)
        data = form_data(self.client.get(url))
        data["city"] = "Garching"
        self.assertRedirects(self.client.post(url, data), admin_url(Institution, "changelist"))


class AutocompleteLabelTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.superuser = make_user("root", is_superuser=True)
        cls.munich = make_institution(name_en="Technical University of Munich", name_zh="慕尼黑工业大学", country="DE")
        make_institution(name_en="Technical Univ. Munich", name_zh="", country="DE")

    def setUp(self):
        force_login(self.client, self.superuser)

    def test_the_autocomplete_shows_the_chinese_name_and_country_beside_the_english_name(self):
        response = self.client.get(
            "/admin/autocomplete/",
            {"app_label": "programs", "model_name": "program", "field_name": "partners", "term": "Munich"},
        )
        self.assertEqual(response.status_code, 200)
        texts = [result["text"] for result in response.json()["results"]]
        self.assertIn("Technical University of Munich · 慕尼黑工业大学 · Germany", texts)
        self.assertIn("Technical Univ. Munich · Germany", texts)

    def test_a_chosen_partner_reads_the_same_way_in_the_form(self):
        program = Program.objects.create(
            title_en="X", slug="x", kind="double_degree", level="master", discipline="engineering"
        )
        program.partners.add(self.munich)
        response = self.client.get(admin_url(Program, "change", program.pk))
        self.assertContains(response, "Technical University of Munich · 慕尼黑工业大学 · Germany")
