"""Admin list rows are drawn without a template render or a URL lookup per row, into the same HTML as Django's."""

import datetime
from unittest import mock

from django.contrib import admin
from django.contrib.admin.templatetags import admin_urls
from django.contrib.admin.templatetags.admin_list import result_list
from django.contrib.admin.views.main import ChangeList
from django.core.management import call_command
from django.template.loader import render_to_string
from django.test import SimpleTestCase, TestCase
from django.urls import resolve, reverse
from django.utils import dateformat, translation

from intl_office.core.column_admin import ListColumnsAdminMixin, column_key
from intl_office.core.columns import ListColumns
from intl_office.core.list_rows import _Dates
from partners.models import Institution
from programs.models import Program
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
        # Once for the list (an address standing for every key), never for a row.
        self.assertEqual(len(looked_up), 1)
        self.assertNotIn(f"/{self.plain.pk}/", looked_up[0])
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


class EveryListDrawsDjangosTableTests(TestCase):
    """Every admin list, with every column it offers, on generated data, draws the table Django's own tags draw:
    each column's kind (a field, a choice, a date, a relation, a method, a boolean icon, a key) is worked out once per
    list and each value's drawing kept for the rows repeating it, so each is compared with Django's per-cell drawing.
    """

    @classmethod
    def setUpTestData(cls):
        call_command("generate_data", "--scale", "1", verbosity=0)
        cls.superuser = f.make_user("root", is_superuser=True)
        for model, model_admin in admin.site._registry.items():
            if isinstance(model_admin, ListColumnsAdminMixin):
                ListColumns.objects.create(
                    user=cls.superuser,
                    model=model._meta.label_lower,
                    columns=[column_key(name) for name in model_admin.list_display],
                )

    def setUp(self):
        f.force_login(self.client, self.superuser)
        # A request in Chinese leaves Chinese active in this thread: the tests after this one expect the default.
        self.addCleanup(translation.deactivate)

    def assert_table_is_djangos(self, url, **headers):
        response = self.client.get(url, **headers)
        self.assertEqual(response.status_code, 200, url)
        changelist = response.context["cl"]
        with translation.override(response.headers["Content-Language"]):
            django_table = render_to_string("admin/change_list_results.html", result_list(changelist))
        if not changelist.result_list:
            return 0
        start = django_table.index('<div class="results">')
        django_table = django_table[start : django_table.index("</table>", start)]
        self.assertIn(django_table, response.content.decode(), url)
        return len(changelist.result_list)

    def test_every_list_draws_djangos_table_in_both_languages(self):
        drawn = {}
        for model in admin.site._registry:
            url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
            for language in ("en", "zh-hans"):
                with self.subTest(list=url, language=language):
                    drawn[url] = self.assert_table_is_djangos(url, HTTP_ACCEPT_LANGUAGE=language)
        # The comparison means something only where rows are drawn: most lists hold generated records.
        self.assertGreater(sum(1 for rows in drawn.values() if rows), len(drawn) // 2)
        self.assertGreater(drawn[reverse("admin:programs_program_changelist")], 10)

    def test_a_popup_list_draws_djangos_table_with_each_rows_opener(self):
        for model in (Institution, Program):
            url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
            with self.subTest(list=url):
                self.assertGreater(self.assert_table_is_djangos(url + "?_popup=1&_to_field=id"), 0)
                self.assertContains(self.client.get(url + "?_popup=1&_to_field=id"), "data-popup-opener=")

    def test_a_filtered_and_sorted_list_draws_djangos_table_with_the_filters_in_each_link(self):
        url = reverse("admin:students_internationalstudent_changelist") + "?o=-3&status__exact=enrolled&q=a"
        self.assertGreater(self.assert_table_is_djangos(url), 0)


class DateDrawingTests(SimpleTestCase):
    def test_dates_are_drawn_as_djangos_dateformat_draws_them_in_both_languages(self):
        days = [datetime.date(2024, month, day) for month in range(1, 13) for day in (1, 9, 28)]
        formats = ["N j, Y", "Y年n月j日", r"\D\a\y j F Y", "l, jS M Y (b E)", "D d/m/y L W", "\\Y"]
        for language in ("en", "zh-hans"):
            with translation.override(language):
                for date_format in formats:
                    dates = _Dates(date_format)
                    self.assertTrue(dates.usable)
                    for day in days:
                        with self.subTest(language=language, date_format=date_format, day=day):
                            self.assertEqual(dates(day), dateformat.format(day, date_format))

    def test_a_format_with_a_time_is_left_to_django(self):
        self.assertFalse(_Dates("j N Y, H:i").usable)
