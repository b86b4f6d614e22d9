"""Admin list rows are drawn without a template render or a URL lookup per row, into the same HTML as Django's."""

from unittest import mock

from django.contrib import admin
from django.contrib.admin.templatetags import admin_urls
from django.contrib.admin.templatetags.admin_list import result_list
from django.contrib.admin.views.main import ChangeList
from django.template.loader import render_to_string
from django.test import TestCase
from django.urls import resolve, reverse

from partners.models import Institution
from tests import factories as f
from tests.personas import make_staff

TRICKY_NAME = 'O\'Brien & <Sons> "Institute"'


class ListRowsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tricky = f.make_institution(name_en=TRICKY_NAME, country="IE")
        cls.plain = f.make_institution(name_en="Plain University", country="IE")
        cls.staff = make_staff()

    def setUp(self):
        self.client.force_login(self.staff)
        self.url = reverse("admin:partners_institution_changelist")

    def test_each_selection_box_is_the_markup_djangos_widget_renders(self):
        model_admin = admin.site.get_model_admin(Institution)
        for institution in (self.tricky, self.plain):
            with self.subTest(institution=institution.name_en):
                ours = model_admin.action_checkbox(institution)
                self.assertEqual(ours, admin.ModelAdmin.action_checkbox(model_admin, institution))
                self.assertIn('name="_selected_action"', ours)
                self.assertIn(f'value="{institution.pk}"', ours)

    def test_the_name_in_the_selection_box_is_escaped_once(self):
        page = self.client.get(self.url, {"q": "Brien"}).content.decode()
        self.assertIn("O&#x27;Brien &amp; &lt;Sons&gt; &quot;Institute&quot;", page)
        self.assertNotIn("&amp;amp;", page)
        self.assertNotIn("<Sons>", page)

    def test_the_list_renders_no_widget_template_per_row(self):
        response = self.client.get(self.url)
        self.assertEqual(response.content.count(b'class="action-select"'), 2)
        rendered = [template.name for template in response.templates]
        self.assertNotIn("django/forms/widgets/checkbox.html", rendered)

    def test_each_change_link_is_the_one_django_reverses_with_the_filters_kept(self):
        response = self.client.get(self.url, {"country__exact": "IE"})
        changelist = response.context["cl"]
        for institution in (self.tricky, self.plain):
            with self.subTest(institution=institution.name_en):
                link = changelist.url_for_result(institution)
                self.assertEqual(link, ChangeList.url_for_result(changelist, institution))
                self.assertEqual(link, reverse("admin:partners_institution_change", args=[institution.pk]))
                self.assertIn(f'href="{link}?_changelist_filters=country__exact%3DIE"', response.content.decode())

    def test_a_key_that_is_not_an_integer_is_reversed_and_quoted_as_django_does(self):
        changelist = self.client.get(self.url).context["cl"]
        record = Institution(pk="a/b c")
        self.assertEqual(changelist.url_for_result(record), ChangeList.url_for_result(changelist, record))
        self.assertIn("a_2Fb", changelist.url_for_result(record))

    def test_the_links_carry_the_filters_without_a_url_lookup_per_row(self):
        # A spy on the resolver Django's add_preserved_filters calls: the page itself is real.
        with mock.patch.object(admin_urls, "resolve", wraps=resolve) as resolved:
            response = self.client.get(self.url, {"country__exact": "IE", "q": "i"})
        looked_up = [call.args[0] for call in resolved.call_args_list if "/change/" in call.args[0]]
        self.assertEqual(looked_up, [])
        link = f"/admin/partners/institution/{self.plain.pk}/change/?_changelist_filters=country__exact%3DIE%26q%3Di"
        self.assertContains(response, f'href="{link}"')
        self.assertEqual(response.context["cl"].preserved_filters, "_changelist_filters=country__exact%3DIE%26q%3Di")

    def test_the_table_is_the_one_djangos_own_tags_draw(self):
        response = self.client.get(self.url, {"country__exact": "IE", "q": "i"})
        changelist = response.context["cl"]
        django_table = render_to_string("admin/change_list_results.html", result_list(changelist))
        start = django_table.index('<div class="results">')
        django_table = django_table[start : django_table.index("</table>", start)]
        self.assertIn("?_changelist_filters=", django_table)
        self.assertIn(django_table, response.content.decode())
