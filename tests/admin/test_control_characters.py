"""Typed text: every text field of every admin form refuses control characters, on the field; tab and line breaks
are kept where the field holds several lines."""

from django import forms
from django.db import models
from django.test import RequestFactory, TestCase

from intl_office.core.text import NoControlCharactersValidator
from partners.models import Institution
from tests.admin.builders import admin_url, form_data, office_admins
from tests.factories import force_login, make_institution, make_user


class ControlCharacterFormTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.superuser = make_user("root", is_superuser=True)
        cls.institution = make_institution(name_en="University of Tartu", slug="tartu", country="EE")

    def setUp(self):
        force_login(self.client, self.superuser)
        self.url = admin_url(Institution, "change", self.institution.pk)

    def post(self, **changes):
        data = form_data(self.client.get(self.url))
        data.update(changes)
        return self.client.post(self.url, data)

    def test_a_nul_bell_or_escape_in_a_name_is_refused_on_the_field(self):
        for char, name in (("\x00", "U+0000 (NUL)"), ("\x07", "U+0007 (BEL)"), ("\x1b", "U+001B (ESC)")):
            with self.subTest(name=name):
                response = self.post(name_en=f"University{char} of Tartu")
                self.assertEqual(response.status_code, 200)
                errors = response.context["adminform"].form.errors
                self.assertIn(
                    f"Contains the control character {name}, which text may not hold; remove it.", errors["name_en"]
                )
        self.institution.refresh_from_db()
        self.assertEqual(self.institution.name_en, "University of Tartu")

    def test_a_line_break_in_a_single_line_field_is_refused(self):
        response = self.post(city="Tartu\nEstonia")
        self.assertEqual(
            response.context["adminform"].form.errors["city"],
            ["Contains a line break, but this field takes a single line."],
        )

    def test_a_multi_line_field_keeps_tab_and_line_breaks_and_refuses_other_control_characters(self):
        response = self.post(description_en="Founded\x0c in 1632")
        self.assertIn(
            "Contains the control character U+000C (FF), which text may not hold; remove it.",
            response.context["adminform"].form.errors["description_en"],
        )
        description = "Founded in 1632.\r\nFaculties:\tarts, science"
        response = self.post(description_en=description)
        self.assertRedirects(response, admin_url(Institution, "changelist"))
        self.institution.refresh_from_db()
        self.assertEqual(self.institution.description_en, description)

    def test_every_text_field_of_every_admin_form_and_inline_carries_the_rule(self):
        request = RequestFactory().get("/")
        request.user = self.superuser
        checked = 0
        for model, model_admin in office_admins():
            if not model_admin.has_change_permission(request):
                continue  # The logs: nobody types into them.
            obj = model.objects.first()
            form_classes = [model_admin.get_form(request)]
            form_classes += [formset.form for formset, _inline in model_admin.get_formsets_with_inlines(request, obj)]
            for form_class in form_classes:
                form = form_class()
                for name, field in form.fields.items():
                    if not isinstance(field, forms.CharField):
                        continue
                    with self.subTest(model=model.__name__, form=form_class.__name__, field=name):
                        rules = [v for v in field.validators if isinstance(v, NoControlCharactersValidator)]
                        self.assertEqual(len(rules), 1)
                        model_field = form._meta.model._meta.get_field(name)
                        self.assertEqual(rules[0].multiline, isinstance(model_field, models.TextField))
                    checked += 1
        self.assertGreater(checked, 50)
