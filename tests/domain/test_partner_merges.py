from django.core.exceptions import ValidationError
from django.test import TestCase
from django.urls import reverse

from partners.models import Contact, Institution
from tests.factories import make_institution
from tests.personas import make_staff


class MergedInstitutionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.leuven = make_institution(name_en="KU Leuven", slug="ku-leuven", country="BE")
        cls.group_t = make_institution(
            name_en="GROUP T - Leuven Institute of Technology", slug="group-t", country="BE", merged_into=cls.leuven
        )
        cls.staff = make_staff()

    def test_it_counts_a_merged_university_once(self):
        self.assertEqual(list(Institution.objects.counted()), [self.leuven])

    def test_it_rejects_a_merge_that_loops_back(self):
        self.leuven.merged_into = self.group_t
        with self.assertRaises(ValidationError) as caught:
            self.leuven.full_clean()
        self.assertIn("merged_into", caught.exception.message_dict)

    def test_it_rejects_a_longer_loop(self):
        third = make_institution(name_en="Third", slug="third", merged_into=self.group_t)
        self.leuven.merged_into = third
        with self.assertRaises(ValidationError):
            self.leuven.full_clean()

    def test_the_admin_refuses_a_loop_and_keeps_the_count(self):
        self.client.force_login(self.staff)
        url = reverse("admin:partners_institution_change", args=[self.leuven.pk])
        page = self.client.get(url).context
        form = page["adminform"].form
        data = {name: form[name].value() or "" for name in form.fields}
        data["merged_into"] = self.group_t.pk
        for inline in page["inline_admin_formsets"]:
            management = inline.formset.management_form
            data.update({management.add_prefix(key): value for key, value in management.initial.items()})
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 200, "the form should be shown again with an error")
        self.assertContains(response, "already merged")
        self.leuven.refresh_from_db()
        self.assertIsNone(self.leuven.merged_into)
        self.assertEqual(Institution.objects.counted().count(), 1)


class PrimaryContactTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.institution = make_institution(name_en="University of Waterloo", slug="waterloo", country="CA")
        cls.staff = make_staff()

    def _post_contacts(self, *contacts):
        url = reverse("admin:partners_institution_change", args=[self.institution.pk])
        page = self.client.get(url).context
        form = page["adminform"].form
        data = {name: form[name].value() or "" for name in form.fields}
        for inline in page["inline_admin_formsets"]:
            management = inline.formset.management_form
            data.update({management.add_prefix(key): value for key, value in management.initial.items()})
            if inline.formset.model is Contact:
                prefix = inline.formset.prefix
                data[f"{prefix}-TOTAL_FORMS"] = str(len(contacts))
                for i, (name, primary) in enumerate(contacts):
                    data[f"{prefix}-{i}-name"] = name
                    if primary:
                        data[f"{prefix}-{i}-is_primary"] = "on"
        return self.client.post(url, data)

    def test_two_new_primary_contacts_get_a_form_error_not_a_crash(self):
        self.client.force_login(self.staff)
        response = self._post_contacts(("Ada", True), ("Grace", True))
        self.assertContains(response, "Only one contact can be the primary contact.")
        self.assertFalse(Contact.objects.exists())

    def test_one_primary_contact_is_saved(self):
        self.client.force_login(self.staff)
        response = self._post_contacts(("Ada", True), ("Grace", False))
        self.assertEqual(response.status_code, 302)
        self.assertEqual(list(Contact.objects.filter(is_primary=True).values_list("name", flat=True)), ["Ada"])
