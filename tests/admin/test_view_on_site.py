"""The admin's "View on site" shortcut (/admin/r/<content type>/<id>/) leads only those who may view the record."""

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.test import TestCase
from django.urls import reverse

from tests.factories import force_login, make_institution, make_program, make_user


def shortcut(obj) -> str:
    return reverse("admin:view_on_site", args=[ContentType.objects.get_for_model(obj).pk, obj.pk])


class ViewOnSiteTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.partner = make_institution(slug="leuven")
        cls.draft = make_program(cls.partner, slug="secret-draft", title_en="Secret Draft", is_published=False)
        cls.published = make_program(cls.partner, slug="rail", title_en="Rail")

    def test_only_staff_with_the_view_permission_are_led_to_an_unpublished_programs_preview(self):
        anonymous = self.client.get(shortcut(self.draft))
        self.assertEqual(anonymous.status_code, 302)
        self.assertTrue(anonymous["Location"].startswith(reverse("admin:login")), "anonymous visitors log in first")
        self.client.force_login(make_user("nobody"))
        response = self.client.get(shortcut(self.draft))
        self.assertEqual(response.status_code, 404)
        self.assertNotIn("Location", response.headers)
        self.assertNotContains(response, "secret-draft", status_code=404)

        self.client.force_login(make_user("viewer", perms=("programs.view_program",)))
        response = self.client.get(shortcut(self.draft))
        self.assertRedirects(response, "http://testserver/programs/secret-draft/", fetch_redirect_response=False)
        self.assertContains(self.client.get("/programs/secret-draft/"), "Preview: this program is not published.")
        # Having every permission, a superuser is led there too.
        force_login(self.client, make_user("admin-user", is_superuser=True))
        self.assertRedirects(
            self.client.get(shortcut(self.draft)),
            "http://testserver/programs/secret-draft/",
            fetch_redirect_response=False,
        )

    def test_a_hidden_record_answers_as_a_missing_one_does(self):
        # Staff without permission cannot tell a record they may not see from one that does not exist.
        self.client.force_login(make_user("nobody"))

        def answer(address):
            response = self.client.get(address)
            # The 404 page's language links repeat the address; the rest must be the same.
            return response.status_code, response.content.replace(address.encode(), b"ADDRESS")

        program_type = ContentType.objects.get_for_model(self.draft).pk
        missing = answer(f"/admin/r/{program_type}/0/")
        self.assertEqual(missing[0], 404)
        for obj in (self.published, self.partner):
            with self.subTest(model=type(obj).__name__):
                self.assertEqual(answer(shortcut(obj)), missing)
        # Even a superuser gets a 404 for a record without a public page, or an address naming no record.
        force_login(self.client, make_user("admin-user", is_superuser=True))
        for address in (
            shortcut(Group.objects.create(name="Clerks")),
            "/admin/r/999999/1/",
            f"/admin/r/{program_type}/not-a-number/",
        ):
            with self.subTest(address=address):
                self.assertEqual(answer(address), missing)

    def test_the_permission_is_per_model(self):
        self.client.force_login(make_user("partners-clerk", perms=("partners.change_institution",)))
        self.assertRedirects(
            self.client.get(shortcut(self.partner)), "http://testserver/partners/leuven/", fetch_redirect_response=False
        )
        self.assertEqual(self.client.get(shortcut(self.draft)).status_code, 404)
