"""Each member of staff chooses the columns of an admin list; the choice is theirs alone, kept between visits, and
never shows them a column they may not see (issue 14: lists that fit 1366 px)."""

from django.conf import settings
from django.contrib import admin
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from lxml import html

from intl_office.core.models import ListColumns
from programs.models import Program
from tests.factories import force_login, make_agreement, make_program, make_student, make_user
from tests.personas import make_staff

LIST = reverse("admin:students_internationalstudent_changelist")
SAVE = reverse("admin:students_internationalstudent_columns")
LABEL = "students.internationalstudent"


def columns(response) -> list[str]:
    """The list's column names, in their order (the header cells' ``column-<name>`` classes)."""
    page = html.fromstring(response.content.decode())
    names = []
    for cell in page.xpath("//table[@id='result_list']/thead/tr/th"):
        names += [cls.removeprefix("column-") for cls in cell.get("class", "").split() if cls.startswith("column-")]
    return names


def offered(response) -> dict[str, dict]:
    """The "Columns" disclosure's checkboxes, by column name: their label, whether ticked, whether locked."""
    page = html.fromstring(response.content.decode())
    boxes = {}
    for box in page.xpath("//details[@id='list-columns']//input[@name='columns']"):
        boxes[box.get("value")] = {
            "label": box.getparent().text_content().strip(),
            "checked": box.get("checked") is not None,
            "disabled": box.get("disabled") is not None,
        }
    return boxes


class ListColumnsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.clerk = make_staff("clerk")
        cls.colleague = make_staff("colleague")
        cls.officer = make_staff("officer", personal_data=True)
        cls.student = make_student(family_name="Columnova")

    def setUp(self):
        self.client.force_login(self.clerk)

    def save(self, *names, **extra):
        return self.client.post(SAVE, {"columns": list(names), "next": LIST, **extra})

    def test_the_list_offers_its_columns_with_those_shown_ticked(self):
        response = self.client.get(LIST)
        boxes = offered(response)
        self.assertEqual([name for name, box in boxes.items() if box["checked"]], columns(response))
        self.assertEqual(boxes["status"], {"label": "Status", "checked": True, "disabled": False})
        # A column the list leaves out by default (to fit 1366 px) is offered, not ticked.
        self.assertEqual(boxes["program"], {"label": "Program", "checked": False, "disabled": False})
        self.assertNotIn("program", columns(response))
        # The first column is the link to the record: always there.
        self.assertTrue(boxes["full_name"]["disabled"])
        self.assertContains(response, f'action="{SAVE}"')

    def test_hiding_a_column_removes_it_for_that_user_only(self):
        response = self.save("full_name", "arrived_on")
        self.assertRedirects(response, LIST, fetch_redirect_response=False)
        self.assertEqual(columns(self.client.get(LIST)), ["full_name", "arrived_on"])
        self.assertFalse(offered(self.client.get(LIST))["status"]["checked"])
        self.client.force_login(self.colleague)
        self.assertIn("status", columns(self.client.get(LIST)))

    def test_a_column_hidden_by_default_shows_once_chosen(self):
        self.save("full_name", "status", "program", "student_number")
        response = self.client.get(LIST)
        self.assertEqual(columns(response), ["full_name", "status", "student_number", "program"])
        self.assertContains(response, self.student.student_number)

    def test_the_columns_keep_the_lists_order_whatever_the_order_chosen(self):
        self.save("unit", "status", "full_name")
        self.assertEqual(columns(self.client.get(LIST)), ["full_name", "status", "unit"])

    def test_the_choice_survives_a_new_session(self):
        self.save("full_name", "status")
        self.client.logout()
        self.client.force_login(self.clerk)
        self.assertEqual(columns(self.client.get(LIST)), ["full_name", "status"])

    def test_reset_restores_the_default_columns(self):
        default = columns(self.client.get(LIST))
        self.save("full_name")
        response = self.client.post(SAVE, {"reset": "1", "next": LIST})
        self.assertRedirects(response, LIST, fetch_redirect_response=False)
        self.assertFalse(ListColumns.objects.filter(user=self.clerk).exists())
        self.assertEqual(columns(self.client.get(LIST)), default)

    def test_saving_again_replaces_the_choice(self):
        self.save("full_name", "status")
        self.save("full_name", "unit")
        self.assertEqual(ListColumns.objects.get(user=self.clerk, model=LABEL).columns, ["full_name", "unit"])

    def test_the_first_column_cannot_be_hidden(self):
        self.save("status")
        self.assertEqual(ListColumns.objects.get(user=self.clerk, model=LABEL).columns, ["full_name", "status"])
        # Even a choice stored without it (written by hand, or before the list changed) keeps it.
        ListColumns.objects.filter(user=self.clerk).update(columns=["status"])
        response = self.client.get(LIST)
        self.assertEqual(columns(response), ["full_name", "status"])
        change = reverse("admin:students_internationalstudent_change", args=[self.student.pk])
        self.assertContains(response, f'href="{change}"')

    def test_a_personal_column_never_comes_back_for_a_user_without_the_permission(self):
        self.save("full_name", "status", "passport_number", "email")
        self.assertEqual(ListColumns.objects.get(user=self.clerk, model=LABEL).columns, ["full_name", "status"])
        # A choice saved when the user still had the permission (or written by hand) does not show them either.
        ListColumns.objects.filter(user=self.clerk).update(columns=["full_name", "status", "passport_number", "email"])
        response = self.client.get(LIST)
        self.assertEqual(columns(response), ["full_name", "status"])
        self.assertNotContains(response, self.student.passport_number)
        self.assertNotIn("passport_number", offered(response))

    def test_an_officer_with_the_permission_may_choose_a_personal_column(self):
        force_login(self.client, self.officer)
        self.assertIn("passport_number", offered(self.client.get(LIST)))
        self.save("full_name", "passport_number")
        response = self.client.get(LIST)
        self.assertEqual(columns(response), ["full_name", "passport_number"])
        self.assertContains(response, self.student.passport_number)

    def test_a_user_who_may_not_view_the_list_cannot_save_a_choice(self):
        outsider = make_user("outsider", perms=("partners.view_agreement",))
        self.client.force_login(outsider)
        self.assertEqual(self.save("full_name").status_code, 403)
        self.assertFalse(ListColumns.objects.exists())
        # Nor forget one.
        self.assertEqual(self.client.post(SAVE, {"reset": "1"}).status_code, 403)

    def test_the_save_address_takes_only_a_post(self):
        self.assertEqual(self.client.get(SAVE).status_code, 405)

    def test_bad_column_names_are_ignored(self):
        self.save("full_name", "status", "no_such_column", "__class__", "<script>")
        self.assertEqual(ListColumns.objects.get(user=self.clerk, model=LABEL).columns, ["full_name", "status"])
        # A column renamed or removed since the choice was saved is ignored, never an error.
        ListColumns.objects.filter(user=self.clerk).update(columns=["full_name", "renamed_since", "status", 7])
        response = self.client.get(LIST)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(columns(response), ["full_name", "status"])

    def test_it_goes_back_to_the_list_with_its_filters(self):
        back = f"{LIST}?status__exact=enrolled&o=2"
        response = self.save("full_name", "status", next=back)
        self.assertRedirects(response, back, fetch_redirect_response=False)

    def test_it_never_goes_back_anywhere_but_the_list(self):
        for elsewhere in ("https://evil.example.org/admin/", "//evil.example.org/", reverse("admin:index"), ""):
            with self.subTest(next=elsewhere):
                response = self.save("full_name", "status", next=elsewhere)
                self.assertRedirects(response, LIST, fetch_redirect_response=False)

    def test_each_list_has_its_own_choice(self):
        make_agreement(title="Columns agreement")
        agreements = reverse("admin:partners_agreement_changelist")
        default = columns(self.client.get(agreements))
        self.save("full_name", "status")
        self.assertEqual(columns(self.client.get(agreements)), default)
        self.client.post(reverse("admin:partners_agreement_columns"), {"columns": ["ends_on"], "next": agreements})
        self.assertEqual(columns(self.client.get(agreements)), [default[0], "ends_on"])
        self.assertEqual(columns(self.client.get(LIST)), ["full_name", "status"])

    def test_the_columns_read_in_the_users_language(self):
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
        response = self.client.get(LIST)
        self.assertContains(response, "<summary>显示列</summary>", html=True)
        self.assertEqual(offered(response)["status"]["label"], "状态")

    def test_every_office_list_offers_its_columns(self):
        superuser = make_user("root", is_superuser=True)
        force_login(self.client, superuser)
        for model, model_admin in admin.site._registry.items():
            if not hasattr(model_admin, "list_column_choices"):
                continue
            opts = model._meta
            with self.subTest(model=opts.label):
                response = self.client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, 'id="list-columns"')

    def test_every_column_hidden_by_default_is_one_of_the_lists_own_but_its_first(self):
        for model, model_admin in admin.site._registry.items():
            hidden = getattr(model_admin, "list_display_hidden_by_default", ())
            with self.subTest(model=model._meta.label):
                self.assertLessEqual(set(hidden), set(model_admin.list_display[1:]))

    def test_a_chosen_list_costs_no_more_queries_than_the_default(self):
        with CaptureQueriesContext(connection) as default:
            self.client.get(LIST)
        self.save("full_name", "status", "unit")
        with CaptureQueriesContext(connection) as chosen:
            self.client.get(LIST)
        self.assertEqual(len(chosen), len(default))
        reads = [query for query in chosen.captured_queries if "intl_office_listcolumns" in query["sql"]]
        self.assertEqual(len(reads), 1)


class ListDisplayLinksTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.clerk = make_staff("clerk")
        cls.program = make_program(title_en="Linked program", title_zh="链接项目")

    def test_a_list_with_its_second_link_column_hidden_still_links_from_the_first(self):
        self.client.force_login(self.clerk)
        programs = reverse("admin:programs_program_changelist")
        self.client.post(reverse("admin:programs_program_columns"), {"columns": ["kind"], "next": programs})
        response = self.client.get(programs)
        self.assertEqual(columns(response), ["title_en", "kind"])
        change = reverse("admin:programs_program_change", args=[self.program.pk])
        self.assertContains(response, f'<a href="{change}">Linked program</a>', html=True)

    def test_a_list_whose_link_columns_are_all_hidden_links_from_its_first_column(self):
        request = self.client.get("/").wsgi_request
        model_admin = admin.site._registry[Program]
        self.assertEqual(model_admin.get_list_display_links(request, ["kind", "level"]), ["kind"])
        self.assertEqual(model_admin.get_list_display_links(request, ["title_en", "kind"]), ("title_en", "title_zh"))
