"""Every admin page renders for a clerk with a number of queries that does not grow with the data."""

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from intl_office.core.models import ExportLog, ImportLog, SentReminder
from partners.models import Agreement, Institution
from students.models import InternationalStudent
from tests.admin.builders import (
    BUILDERS,
    MAX_QUERIES,
    _build_agreements,
    _build_export_logs,
    _build_import_logs,
    _build_reminders,
    _build_students,
    admin_url,
    office_admins,
)
from tests.factories import (
    force_login,
    make_agreement,
    make_contact,
    make_institution,
    make_program,
    make_user,
)
from tests.personas import make_staff


class AdminPagesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.staff = make_staff()

    def setUp(self):
        force_login(self.client, self.staff)

    def count_queries(self, url, expected_status=200):
        # Content types are cached per process: start each page from the same (cold) state.
        ContentType.objects.clear_cache()
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url)
        self.assertEqual(response.status_code, expected_status, url)
        return len(queries)

    def measure(self, model, main):
        can_add = admin.site._registry[model].has_add_permission(self.fake_request())
        return {
            "changelist": self.count_queries(admin_url(model, "changelist")),
            "add": self.count_queries(admin_url(model, "add"), 200 if can_add else 403),
            "change": self.count_queries(admin_url(model, "change", main.pk)),
        }

    def fake_request(self):
        request = self.client.get(reverse("admin:index")).wsgi_request
        request.user = self.staff
        return request

    def test_every_office_model_is_registered_and_has_a_row_builder(self):
        registered = {model for model, _ in office_admins()}
        self.assertEqual(registered, set(BUILDERS), "Register the model, and add a row builder above.")

    def test_every_admin_inherits_the_office_base(self):
        from intl_office.core.admin import OfficeAdmin

        for model, model_admin in office_admins():
            with self.subTest(model=model.__name__):
                self.assertIsInstance(model_admin, OfficeAdmin)

    def test_every_editable_relation_uses_an_autocomplete(self):
        # A plain <select> loads the whole related table into every form (and every inline row).
        for model, model_admin in office_admins():
            if not model_admin.has_add_permission(self.fake_request()):
                continue
            relations = {
                field.name
                for field in model._meta.get_fields()
                if (field.many_to_one or field.many_to_many) and field.editable and not field.auto_created
            }
            with self.subTest(model=model.__name__):
                self.assertEqual(relations - set(model_admin.autocomplete_fields), set())

    def test_pages_render_with_the_same_number_of_queries_for_2_and_30_rows(self):
        for model, _model_admin in office_admins():
            with self.subTest(model=model.__name__):
                build = BUILDERS[model]
                main = build(2)
                few = self.measure(model, main)
                build(28, main)
                self.assertGreaterEqual(model._default_manager.count(), 30)
                many = self.measure(model, main)
                self.assertEqual(few, many)
                self.assertLessEqual(max(many.values()), MAX_QUERIES, many)

    def test_the_agreement_changelist_runs_a_fixed_set_of_queries(self):
        _build_agreements(12)
        # 1-3 session, user and the session's second-factor device, 4-5 the user's and groups' permissions, 6 the
        # user's choice of columns, 7 the user's units (unit scope), 8 unit filter choices, 9 count of filtered rows
        # (no full count: every list skips it), 10 the page of agreements with their units, 11 their partners
        # (prefetch), 12 date hierarchy (the whole list's first and last dates: its years), 13 partner-country
        # filter choices; on PostgreSQL the count is the table's estimated size or, for a small table, its exact
        # count, in one query (EstimatedCountPaginator).
        with self.assertNumQueries(13):
            response = self.client.get(admin_url(Agreement, "changelist"))
        self.assertContains(response, "12 agreements")

    def test_the_student_changelist_skips_the_full_count(self):
        _build_students(12)
        # 1-3 session, user and the session's second-factor device, 4-5 permissions, 6 the user's choice of columns,
        # 7 the user's units (unit scope), 8 year filter bounds, 9 unit filter choices, 10 count of filtered rows, 11
        # the page of students with units and programs, 12 date hierarchy (the whole list's first and last dates), 13
        # nationality filter choices; no full count (show_full_result_count is off); on PostgreSQL the count is the
        # table's estimate or exact count in one query.
        with self.assertNumQueries(13):
            self.client.get(admin_url(InternationalStudent, "changelist"))

    def test_read_only_logs_cannot_be_added_changed_or_deleted(self):
        superuser = make_user("root", is_superuser=True)
        force_login(self.client, superuser)
        log = _build_export_logs(1)
        for model, row in ((ExportLog, log), (ImportLog, _build_import_logs(1)), (SentReminder, _build_reminders(1))):
            with self.subTest(model=model.__name__):
                self.assertEqual(self.client.get(admin_url(model, "add")).status_code, 403)
                self.assertEqual(self.client.post(admin_url(model, "change", row.pk), {}).status_code, 403)
                self.assertEqual(self.client.post(admin_url(model, "delete", row.pk), {"post": "yes"}).status_code, 403)
                self.assertTrue(model.objects.filter(pk=row.pk).exists())
                response = self.client.get(admin_url(model, "change", row.pk))
                self.assertContains(response, "Close")
                self.assertNotContains(response, 'name="_save"')

    def test_the_admin_index_is_branded_and_lists_the_records(self):
        response = self.client.get(reverse("admin:index"))
        self.assertContains(response, "BJTU International Office")
        self.assertContains(response, admin_url(Agreement, "changelist"))
        self.assertContains(response, admin_url(InternationalStudent, "changelist"))

    def test_institution_and_program_pages_link_to_their_public_page(self):
        institution = make_institution(slug="ku-leuven")
        program = make_program(institution, slug="epitech-master")
        for obj in (institution, program):
            with self.subTest(model=type(obj).__name__):
                response = self.client.get(admin_url(type(obj), "change", obj.pk))
                self.assertContains(response, "View on site")
                shortcut = reverse("admin:view_on_site", args=[_content_type_id(obj), obj.pk])
                self.assertContains(response, shortcut)
                response = self.client.get(shortcut)
                self.assertRedirects(
                    response, f"http://testserver{obj.get_absolute_url()}", fetch_redirect_response=False
                )
                self.assertIn(obj.slug, obj.get_absolute_url())

    def test_an_institution_page_shows_its_contacts_and_agreements_inline(self):
        institution = make_institution()
        make_contact(institution=institution, name="Anna Peeters")
        make_agreement(institution, title="Double degree in railway engineering")
        response = self.client.get(admin_url(Institution, "change", institution.pk))
        self.assertContains(response, "Anna Peeters")
        self.assertContains(response, "Double degree in railway engineering")

    def test_an_institution_can_be_linked_to_an_agreement_from_its_page(self):
        institution = make_institution(name_en="University of Waterloo", slug="waterloo")
        agreement = make_agreement(title="Nanomaterials program agreement")
        prefix = "Agreement_partners-"
        data = {
            "name_en": institution.name_en,
            "slug": institution.slug,
            "kind": institution.kind,
            "country": "CA",
            "is_active": "on",
            "contacts-TOTAL_FORMS": "0",
            "contacts-INITIAL_FORMS": "0",
            f"{prefix}TOTAL_FORMS": "1",
            f"{prefix}INITIAL_FORMS": "0",
            f"{prefix}0-agreement": agreement.pk,
        }
        response = self.client.post(admin_url(Institution, "change", institution.pk), data)
        self.assertRedirects(response, admin_url(Institution, "changelist"))
        self.assertIn(institution, agreement.partners.all())

    def test_anonymous_visitors_are_sent_to_the_login_page(self):
        self.client.logout()
        main = _build_agreements(1)
        for model, _model_admin in office_admins():
            for url in (admin_url(model, "changelist"), admin_url(model, "add")):
                with self.subTest(url=url):
                    response = self.client.get(url)
                    self.assertRedirects(response, f"{reverse('admin:login')}?next={url}")
        url = admin_url(Agreement, "change", main.pk)
        self.assertRedirects(self.client.get(url), f"{reverse('admin:login')}?next={url}")

    def test_staff_without_permissions_on_a_model_cannot_open_it(self):
        clerk = make_user("clerk", perms=("partners.view_institution",))
        self.client.force_login(clerk)
        self.assertEqual(self.client.get(admin_url(Institution, "changelist")).status_code, 200)
        self.assertEqual(self.client.get(admin_url(Agreement, "changelist")).status_code, 403)


def _content_type_id(obj):
    return ContentType.objects.get_for_model(obj).pk


class AdminPagesWithPersonalDataTests(AdminPagesTests):
    """The same pages for a clerk allowed to see personal data: more columns and search fields, same query rules."""

    @classmethod
    def setUpTestData(cls):
        cls.staff = make_staff("officer", personal_data=True)
