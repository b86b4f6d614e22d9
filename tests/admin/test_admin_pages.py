"""Every admin page renders for a clerk with a number of queries that does not grow with the data."""

import datetime

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from experts.models import Appointment, Expert, TalentProject
from intl_office.core.models import ExportLog, ImportLog, SentReminder, Unit
from partners.models import Agreement, Contact, Delegation, Institution
from programs.models import Program
from students.models import InternationalStudent, OutboundMobility
from tests.factories import (
    make_agreement,
    make_appointment,
    make_contact,
    make_delegation,
    make_expert,
    make_institution,
    make_outbound,
    make_program,
    make_student,
    make_talent_project,
    make_unit,
    make_user,
)
from tests.personas import RECORD_APPS, make_staff

# No admin page may run more queries than this, whatever the data (the largest, a change form with inlines and
# autocompletes, runs about 15).
MAX_QUERIES = 20


def _office_admins():
    return [
        (model, model_admin)
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in RECORD_APPS
    ]


# Each builder adds n rows of its model, every row with its own related objects (so a missing select_related or
# prefetch shows up as a query per row), and returns the record whose change page is measured; given that record
# again, it also grows that record's inlines by n rows.
def _build_units(n, main=None):
    units = [make_unit() for _ in range(n)]
    return main or units[0]


def _build_institutions(n, main=None):
    main = main or make_institution()
    for i in range(n):
        other = make_institution(merged_into=main if i % 2 else None)
        make_contact(institution=main if i else other)
        make_agreement(main, other, unit=make_unit())
    return main


def _build_contacts(n, main=None):
    contacts = [make_contact() for _ in range(n)]
    return main or contacts[0]


def _build_agreements(n, main=None):
    agreements = [make_agreement(make_institution(), make_institution(), unit=make_unit()) for _ in range(n)]
    return main or agreements[0]


def _build_delegations(n, main=None):
    rows = [make_delegation(institution=make_institution(), host_unit=make_unit()) for _ in range(n)]
    return main or rows[0]


def _build_programs(n, main=None):
    rows = [
        make_program(
            make_institution(), make_institution(), agreement=make_agreement(), unit=make_unit(), is_published=i % 2
        )
        for i in range(n)
    ]
    return main or rows[0]


def _build_students(n, main=None):
    rows = [
        make_student(program=make_program(), home_institution=make_institution(), unit=make_unit()) for _ in range(n)
    ]
    return main or rows[0]


def _build_outbound(n, main=None):
    rows = [
        make_outbound(
            unit=make_unit(), destination=make_institution(), program=make_program(), agreement=make_agreement()
        )
        for _ in range(n)
    ]
    return main or rows[0]


def _build_experts(n, main=None):
    main = main or make_expert(home_institution=make_institution())
    for _ in range(n):
        make_expert(home_institution=make_institution())
        make_appointment(expert=main, unit=make_unit())
    return main


def _build_appointments(n, main=None):
    rows = [make_appointment() for _ in range(n)]
    return main or rows[0]


def _build_talent_projects(n, main=None):
    rows = [make_talent_project(lead_expert=make_expert()) for _ in range(n)]
    return main or rows[0]


def _build_export_logs(n, main=None):
    rows = [ExportLog.objects.create(user=make_user(), what="students", file_format="csv") for _ in range(n)]
    return main or rows[0]


def _build_import_logs(n, main=None):
    rows = [ImportLog.objects.create(user=make_user(), kind="students", file_name="s.xlsx") for _ in range(n)]
    return main or rows[0]


def _build_reminders(n, main=None):
    start = SentReminder.objects.count()
    rows = [
        SentReminder.objects.create(
            kind=SentReminder.Kind.AGREEMENT_END,
            object_id=start + i,
            due_on=datetime.date(2030, 1, 1),
            recipient="unit@example.org",
        )
        for i in range(n)
    ]
    return main or rows[0]


BUILDERS = {
    Unit: _build_units,
    Institution: _build_institutions,
    Contact: _build_contacts,
    Agreement: _build_agreements,
    Delegation: _build_delegations,
    Program: _build_programs,
    InternationalStudent: _build_students,
    OutboundMobility: _build_outbound,
    Expert: _build_experts,
    Appointment: _build_appointments,
    TalentProject: _build_talent_projects,
    ExportLog: _build_export_logs,
    ImportLog: _build_import_logs,
    SentReminder: _build_reminders,
}


def _url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


class AdminPagesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.staff = make_staff()

    def setUp(self):
        self.client.force_login(self.staff)

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
            "changelist": self.count_queries(_url(model, "changelist")),
            "add": self.count_queries(_url(model, "add"), 200 if can_add else 403),
            "change": self.count_queries(_url(model, "change", main.pk)),
        }

    def fake_request(self):
        request = self.client.get(reverse("admin:index")).wsgi_request
        request.user = self.staff
        return request

    def test_every_office_model_is_registered_and_has_a_row_builder(self):
        registered = {model for model, _ in _office_admins()}
        self.assertEqual(registered, set(BUILDERS), "Register the model, and add a row builder above.")

    def test_every_admin_inherits_the_office_base(self):
        from intl_office.core.admin import OfficeAdmin

        for model, model_admin in _office_admins():
            with self.subTest(model=model.__name__):
                self.assertIsInstance(model_admin, OfficeAdmin)

    def test_every_editable_relation_uses_an_autocomplete(self):
        # A plain <select> loads the whole related table into every form (and every inline row).
        for model, model_admin in _office_admins():
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
        for model, _model_admin in _office_admins():
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
        # 1-2 session and user, 3-4 the user's and groups' permissions, 5 unit filter choices, 6 count of filtered
        # rows, 7 full count, 8 the page of agreements with their units, 9 their partners (prefetch), 10-11 date
        # hierarchy (date range, then the years, months or days in it), 12 partner-country filter choices.
        with self.assertNumQueries(12):
            response = self.client.get(_url(Agreement, "changelist"))
        self.assertContains(response, "12 agreements")

    def test_the_student_changelist_skips_the_full_count(self):
        _build_students(12)
        # 1-2 session and user, 3-4 permissions, 5 year filter bounds, 6 unit filter choices, 7 count of filtered
        # rows, 8 the page of students with units and programs, 9-10 date hierarchy, 11 nationality filter choices;
        # no full count (show_full_result_count is off).
        with self.assertNumQueries(11):
            self.client.get(_url(InternationalStudent, "changelist"))

    def test_read_only_logs_cannot_be_added_changed_or_deleted(self):
        superuser = make_user("root", is_superuser=True)
        self.client.force_login(superuser)
        log = _build_export_logs(1)
        for model, row in ((ExportLog, log), (ImportLog, _build_import_logs(1)), (SentReminder, _build_reminders(1))):
            with self.subTest(model=model.__name__):
                self.assertEqual(self.client.get(_url(model, "add")).status_code, 403)
                self.assertEqual(self.client.post(_url(model, "change", row.pk), {}).status_code, 403)
                self.assertEqual(self.client.post(_url(model, "delete", row.pk), {"post": "yes"}).status_code, 403)
                self.assertTrue(model.objects.filter(pk=row.pk).exists())
                response = self.client.get(_url(model, "change", row.pk))
                self.assertContains(response, "Close")
                self.assertNotContains(response, 'name="_save"')

    def test_the_admin_index_is_branded_and_lists_the_records(self):
        response = self.client.get(reverse("admin:index"))
        self.assertContains(response, "BJTU International Office")
        self.assertContains(response, _url(Agreement, "changelist"))
        self.assertContains(response, _url(InternationalStudent, "changelist"))

    def test_institution_and_program_pages_link_to_their_public_page(self):
        institution = make_institution(slug="ku-leuven")
        program = make_program(institution, slug="epitech-master")
        for obj in (institution, program):
            with self.subTest(model=type(obj).__name__):
                response = self.client.get(_url(type(obj), "change", obj.pk))
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
        response = self.client.get(_url(Institution, "change", institution.pk))
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
        response = self.client.post(_url(Institution, "change", institution.pk), data)
        self.assertRedirects(response, _url(Institution, "changelist"))
        self.assertIn(institution, agreement.partners.all())

    def test_anonymous_visitors_are_sent_to_the_login_page(self):
        self.client.logout()
        main = _build_agreements(1)
        for model, _model_admin in _office_admins():
            for url in (_url(model, "changelist"), _url(model, "add")):
                with self.subTest(url=url):
                    response = self.client.get(url)
                    self.assertRedirects(response, f"{reverse('admin:login')}?next={url}")
        url = _url(Agreement, "change", main.pk)
        self.assertRedirects(self.client.get(url), f"{reverse('admin:login')}?next={url}")

    def test_staff_without_permissions_on_a_model_cannot_open_it(self):
        clerk = make_user("clerk", perms=("partners.view_institution",))
        self.client.force_login(clerk)
        self.assertEqual(self.client.get(_url(Institution, "changelist")).status_code, 200)
        self.assertEqual(self.client.get(_url(Agreement, "changelist")).status_code, 403)


def _content_type_id(obj):
    return ContentType.objects.get_for_model(obj).pk


class AdminPagesWithPersonalDataTests(AdminPagesTests):
    """The same pages for a clerk allowed to see personal data: more columns and search fields, same query rules."""

    @classmethod
    def setUpTestData(cls):
        cls.staff = make_staff("officer", personal_data=True)


class ChangelistFilterTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.staff = make_staff()
        today = timezone.localdate()
        past = today - datetime.timedelta(days=10)
        cls.in_force = make_agreement(title="In force", ends_on=today + datetime.timedelta(days=100))
        cls.past_end = make_agreement(title="Active on paper", starts_on=past.replace(year=past.year - 3), ends_on=past)
        cls.marked_expired = make_agreement(
            title="Marked expired", status=Agreement.Status.EXPIRED, starts_on=datetime.date(2010, 1, 1),
            ends_on=datetime.date(2012, 1, 1),
        )  # fmt: skip
        cls.draft = make_agreement(title="Draft", status=Agreement.Status.DRAFT, ends_on=None)

    def setUp(self):
        self.client.force_login(self.staff)

    def changelist(self, model, **params):
        response = self.client.get(_url(model, "changelist"), params)
        self.assertEqual(response.status_code, 200)
        return list(response.context["cl"].result_list)

    def test_expired_agreements_include_active_ones_past_their_end_date(self):
        expired = self.changelist(Agreement, effective_status="expired")
        self.assertCountEqual(expired, [self.past_end, self.marked_expired])

    def test_active_agreements_exclude_those_past_their_end_date(self):
        self.assertEqual(self.changelist(Agreement, effective_status="active"), [self.in_force])

    def test_the_agreement_list_shows_the_effective_status(self):
        response = self.client.get(_url(Agreement, "changelist"), {"q": "Active on paper"})
        self.assertContains(response, "Marked active; the end date has passed.")

    def test_agreements_filter_by_kind_and_partner_country(self):
        waterloo = make_institution(country="CA")
        double = make_agreement(waterloo, title="Waterloo double degree", kind=Agreement.Kind.DOUBLE_DEGREE)
        self.assertEqual(self.changelist(Agreement, kind="double_degree"), [double])
        self.assertEqual(self.changelist(Agreement, partners__country="CA"), [double])

    def test_agreement_search_finds_partner_names_once(self):
        leuven = make_institution(name_en="KU Leuven", name_zh="鲁汶大学")
        group_t = make_institution(name_en="KU Leuven Group T campus")
        agreement = make_agreement(leuven, group_t, title="Leuven exchange")
        self.assertEqual(self.changelist(Agreement, q="Leuven"), [agreement])
        self.assertEqual(self.changelist(Agreement, q="鲁汶"), [agreement])

    def test_counted_institutions_leave_out_merged_and_inactive_ones(self):
        leuven = make_institution(name_en="KU Leuven")
        group_t = make_institution(name_en="GROUP T", merged_into=leuven)
        closed = make_institution(name_en="Closed college", is_active=False)
        counted = self.changelist(Institution, counted="yes")
        self.assertIn(leuven, counted)
        self.assertNotIn(group_t, counted)
        self.assertCountEqual(self.changelist(Institution, counted="no"), [group_t, closed])

    def test_delegations_filter_by_year_and_country(self):
        in_2013 = make_delegation(
            country="JP", starts_on=datetime.date(2013, 12, 31), ends_on=datetime.date(2014, 1, 2)
        )
        make_delegation(country="JP", starts_on=datetime.date(2014, 1, 1), ends_on=datetime.date(2014, 1, 2))
        make_delegation(country="DE", starts_on=datetime.date(2013, 3, 1), ends_on=datetime.date(2013, 3, 2))
        self.assertEqual(self.changelist(Delegation, year="2013", country="JP"), [in_2013])
        response = self.client.get(_url(Delegation, "changelist"))
        self.assertContains(response, "?year=2014")
        self.assertContains(response, "?year=2013")

    def test_students_filter_by_presence_during_a_year(self):
        stayed = make_student(arrived_on=datetime.date(2012, 9, 1), departed_on=datetime.date(2013, 1, 15))
        make_student(arrived_on=datetime.date(2010, 9, 1), departed_on=datetime.date(2012, 7, 1))
        arrived_later = make_student(arrived_on=datetime.date(2013, 12, 31), departed_on=None)
        self.assertCountEqual(self.changelist(InternationalStudent, year="2013"), [stayed, arrived_later])

    def test_students_filter_by_nationality_and_search_by_name(self):
        kazakh = make_student(nationality="KZ", family_name="Nurlanov", name_zh="努尔兰")
        make_student(nationality="PK", family_name="Khan")
        self.assertEqual(self.changelist(InternationalStudent, nationality="KZ"), [kazakh])
        self.assertEqual(self.changelist(InternationalStudent, q="nurlanov"), [kazakh])
        self.assertEqual(self.changelist(InternationalStudent, q="努尔兰"), [kazakh])

    def test_outbound_mobility_filters_by_year_and_route(self):
        through = make_outbound(starts_on=datetime.date(2013, 9, 1))
        make_outbound(starts_on=datetime.date(2013, 9, 1), route="after_graduation")
        make_outbound(starts_on=datetime.date(2014, 9, 1))
        self.assertEqual(self.changelist(OutboundMobility, year="2013", route="agreement"), [through])

    def test_appointments_filter_by_years_in_post(self):
        spanning = make_appointment(starts_on=datetime.date(2012, 9, 1), ends_on=datetime.date(2014, 7, 1))
        make_appointment(starts_on=datetime.date(2014, 9, 1), ends_on=datetime.date(2015, 7, 1))
        self.assertEqual(self.changelist(Appointment, year="2013"), [spanning])

    def test_talent_projects_filter_by_scheme_status_and_year(self):
        approved = make_talent_project(scheme="high_end", year=2012)
        make_talent_project(scheme="high_end", year=2012, status="rejected", approved_on=None)
        make_talent_project(scheme="project_111", year=2012)
        self.assertEqual(self.changelist(TalentProject, scheme="high_end", status="approved", year="2012"), [approved])

    def test_programs_filter_by_kind_and_level_and_search_by_chinese_title(self):
        waterloo = make_program(title_zh="纳米材料", kind="cooperative", level="bachelor", moe_approval_number="MOE-1",
                                moe_approval_year=2013)  # fmt: skip
        make_program(kind="cooperative", level="master", moe_approval_number="MOE-2", moe_approval_year=2014)
        self.assertEqual(self.changelist(Program, kind="cooperative", level="bachelor"), [waterloo])
        self.assertEqual(self.changelist(Program, q="纳米"), [waterloo])

    def test_countries_show_a_flag_and_regions_show_as_regions_of_china(self):
        make_institution(name_en="National Taiwan University", country="TW")
        make_institution(name_en="Ghent University", country="BE")
        response = self.client.get(_url(Institution, "changelist"))
        self.assertContains(response, "Taiwan, China")
        self.assertNotContains(response, "flags/tw.gif")
        self.assertContains(response, "flags/be.gif")

    def test_a_bad_year_is_ignored_rather_than_failing(self):
        self.assertEqual(len(self.changelist(Delegation, year="twenty")), Delegation.objects.count())


class AgreementStatusOrderingTests(TestCase):
    def test_the_status_column_sorts_by_the_status_shown(self):
        today = timezone.localdate()
        past = today - datetime.timedelta(days=30)
        make_agreement(title="Past its end", starts_on=past - datetime.timedelta(days=400), ends_on=past)
        make_agreement(title="Running", ends_on=today + datetime.timedelta(days=400))
        make_agreement(title="Being negotiated", status=Agreement.Status.NEGOTIATING)
        self.client.force_login(make_staff())
        column = self.client.get(_url(Agreement, "changelist")).context["cl"].list_display.index("effective_status")
        changelist = self.client.get(_url(Agreement, "changelist"), {"o": str(column)}).context["cl"]
        shown = [agreement.effective_status for agreement in changelist.result_list]
        self.assertEqual(shown, sorted(shown))
        self.assertEqual(shown, ["active", "expired", "negotiating"])
