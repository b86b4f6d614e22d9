"""The staff admin's shared pieces: the base ModelAdmin, inlines, filters, personal data rules, and the logs.

Every ModelAdmin in the project inherits ``OfficeAdmin``, so that features (exports, imports) plug in at one place.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist
from django.db import models
from django.forms import ModelForm
from django.forms.models import _get_foreign_key
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from intl_office.core.column_admin import ListColumnsAdminMixin
from intl_office.core.counting import EstimatedCountPaginator
from intl_office.core.history_admin import VERSION_FIELD, HistoryAdminMixin, refuse_stale
from intl_office.core.list_rows import ListRowsAdminMixin
from intl_office.core.models import Unit
from intl_office.core.scope import belongs_to_units, scoped_model, unit_field, unit_scope
from intl_office.core.search import RelationSearchMixin
from intl_office.core.text import NoControlCharactersValidator, is_multiline

admin.site.site_header = _("BJTU International Office")
admin.site.site_title = _("BJTU International Office admin")
admin.site.index_title = _("Records")

TIMESTAMPS = ("created_at", "updated_at")


class OfficeModelForm(ModelForm):
    """The base of every admin form: plain text only, and a violated constraint's message beside its field.

    Every text field refuses control characters (``intl_office.core.text``; line breaks only in a multi-line field).

    Each named constraint words its refusal (``violation_error_message``), but Django reports a CheckConstraint or a
    conditional UniqueConstraint as an error of the whole form. Where the constraint's ``violation_error_code``
    names a field of the form (declared with the constraint, in the model), the error moves to that field.

    A change form carries the version of the record it showed (hidden, ``VERSION_FIELD``); saved after someone else
    saved the record, it is refused with what they changed (``intl_office.core.history_admin.refuse_stale``).
    """

    # Not a CharField: a timestamp the form wrote itself, not text a user types.
    loaded_version = forms.Field(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field, forms.CharField):
                field.validators.append(NoControlCharactersValidator(multiline=self._multiline(name, field)))
        if VERSION_FIELD in self.fields and getattr(self.instance, "updated_at", None) is not None:
            self.fields[VERSION_FIELD].initial = self.instance.updated_at.isoformat()

    def clean(self):
        cleaned_data = super().clean()
        if VERSION_FIELD in self.fields:
            refuse_stale(self)
        return cleaned_data

    def _multiline(self, name: str, field) -> bool:
        try:
            return is_multiline(self._meta.model._meta.get_field(name))
        except FieldDoesNotExist:
            return isinstance(field.widget, forms.Textarea)

    def _post_clean(self):
        super()._post_clean()
        errors = self._errors.get(NON_FIELD_ERRORS) if self._errors else None
        if not errors:
            return
        codes = {constraint.violation_error_code for constraint in self._meta.model._meta.constraints}
        on_field = [error for error in errors.as_data() if error.code in codes and error.code in self.fields]
        if not on_field:
            return
        errors.data[:] = [error for error in errors.as_data() if error not in on_field]
        if not errors:
            del self._errors[NON_FIELD_ERRORS]
        for error in on_field:
            self.add_error(error.code, error)


class PreloadedAutocompleteSelect(AutocompleteSelect):
    """An autocomplete that renders its selected option from an object the page already loaded.

    The stock widget runs one query per form to fetch the selected object's label, so an inline with many rows
    runs a query per row. Inline querysets use select_related, and OfficeInlineForm hands the object over.
    """

    preloaded = None

    def optgroups(self, name, value, attr=None):
        obj = self.preloaded
        selected = {str(v) for v in value if str(v) not in self.choices.field.empty_values}
        if obj is None or selected != {str(obj.pk)}:
            return super().optgroups(name, value, attr)
        options = []
        if not self.is_required:
            options.append(self.create_option(name, "", "", False, 0))
        label = self.choices.field.label_from_instance(obj)
        options.append(self.create_option(name, obj.pk, label, True, len(options)))
        return [(None, options, 0)]


class UnitScopeAdminMixin:
    """Unit-scoped staff (``intl_office.core.scope``) work with their units' records only, wherever the admin shows
    or takes them.

    - lists, searches, autocompletes, change, delete and history pages, bulk actions and exports all start from
      ``get_queryset``: another unit's record is not found (the admin's "does not exist"), and is not offered;
    - a form's choice of a unit, or of any record that belongs to units, offers only theirs (a posted id of another
      unit's record is refused as an invalid choice), and a record's own unit must be given: a record of no unit
      would leave their sight once saved;
    - deleting a record that would delete another unit's (an expert's appointments elsewhere) is refused;
    - a list's filter by unit offers only the units of the records listed.

    Models whose QuerySet has no ``for_units`` (institutions, programs) are shared by every unit.
    """

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        units = unit_scope(request.user)
        return queryset if units is None or not hasattr(queryset, "for_units") else queryset.for_units(units)

    def history_view(self, request, object_id, extra_context=None):
        # django-simple-history falls back to a record's stored history when get_queryset does not find it; another
        # unit's record (or its history after deletion) stays out of sight.
        if (
            unit_scope(request.user) is not None
            and not self.get_queryset(request).filter(pk=unquote(object_id)).exists()
        ):
            return self._get_obj_does_not_exist_redirect(request, self.model._meta, object_id)
        return super().history_view(request, object_id, extra_context)

    def get_list_filter(self, request):
        filters = super().get_list_filter(request)
        if unit_scope(request.user) is None:
            return filters
        only_listed = admin.RelatedOnlyFieldListFilter
        return [(name, only_listed) if _is_unit_field(self.model, name) else name for name in filters]

    def has_delete_permission(self, request, obj=None):
        # Asked of every record a deletion would take with it, so a cascade into another unit's records is refused.
        allowed = super().has_delete_permission(request, obj)
        if not allowed or obj is None:
            return allowed
        units = unit_scope(request.user)
        return units is None or belongs_to_units(obj, units)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        units = unit_scope(request.user)
        scoped = units is not None and scoped_model(db_field.related_model)
        if scoped and "queryset" not in kwargs:
            kwargs["queryset"] = db_field.related_model._default_manager.for_units(units)
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if scoped and formfield is not None and db_field.name == unit_field(self.model):
            formfield.required = True
        return formfield


def _is_unit_field(model, name) -> bool:
    if not isinstance(name, str):
        return False
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return field.is_relation and field.related_model is Unit


class OfficeInlineForm(OfficeModelForm):
    # Inline rows are saved with their parent, whose own form carries the version.
    loaded_version = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = getattr(field.widget, "widget", field.widget)  # unwrap RelatedFieldWidgetWrapper
            if isinstance(widget, PreloadedAutocompleteSelect) and self.instance.pk:
                model_field = self._meta.model._meta.get_field(name)
                if model_field.is_cached(self.instance):
                    widget.preloaded = model_field.get_cached_value(self.instance)


class OfficeInlineMixin(UnitScopeAdminMixin):
    """Inline rows whose autocompletes cost no query per row (pair with list_select_related on the inline).

    A unit-scoped user sees and edits the rows of their units only (an expert's appointments elsewhere stay hidden).
    """

    form = OfficeInlineForm
    extra = 0
    list_select_related: tuple[str, ...] = ()

    def get_queryset(self, request):
        # Rows print their record's __str__, which often names the parent (a contact's institution): join it too.
        parent = _get_foreign_key(self.parent_model, self.model, fk_name=self.fk_name).name
        return super().get_queryset(request).select_related(parent, *self.list_select_related)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = PreloadedAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class OfficeTabularInline(OfficeInlineMixin, admin.TabularInline):
    pass


class OfficeStackedInline(OfficeInlineMixin, admin.StackedInline):
    pass


def record_label(obj) -> str:
    """How a record reads in a choice or an autocomplete: its ``autocomplete_label()`` when it has one (an
    institution's English name with its Chinese name and country), else its name."""
    label = getattr(obj, "autocomplete_label", None)
    return label() if callable(label) else str(obj)


class OfficeAutocompleteJsonView(AutocompleteJsonView):
    """The admin's autocomplete, with each record as ``record_label`` reads it (two records with similar English
    names are told apart by their Chinese names and countries)."""

    def serialize_result(self, obj, to_field_name):
        return {"id": str(getattr(obj, to_field_name)), "text": record_label(obj)}


class OfficeAdmin(
    ListColumnsAdminMixin,
    ListRowsAdminMixin,
    UnitScopeAdminMixin,
    HistoryAdminMixin,
    RelationSearchMixin,
    admin.ModelAdmin,
):
    """The base of every ModelAdmin in the project; unit-scoped staff see their units' records only.

    Every record's History page shows who changed what, from what to what (``HistoryAdminMixin``), and a change
    form saved from a stale copy is refused (``OfficeModelForm``). The imports feature adds its export actions and
    import pages to every subclass (``intl_office.imports.apps``).
    Lists cost the same whatever the number of records: no second ``COUNT(*)`` of the whole table for "show all",
    and PostgreSQL's estimate for a list, filtered or not, of more rows than a threshold (``EstimatedCountPaginator``).
    Each user chooses the columns of each list, remembered between visits (``ListColumnsAdminMixin``).
    A search of a field across a relation reads the related table through its own index, not a join of both
    (``RelationSearchMixin``), so searches cost the same whatever the number of records.
    Each row's selection box and change link are written without a template render or a URL lookup per row
    (``ListRowsAdminMixin``).
    """

    form = OfficeModelForm
    paginator = EstimatedCountPaginator
    show_full_result_count = False
    # Clerks paste "www.example.edu"; Django 6 will assume https too.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_per_page = 50
    save_on_top = True
    readonly_fields = TIMESTAMPS
    # Fields "Save and add another" carries over to the next blank form (a unit, dates, a program).
    repeat_on_add_another: tuple[str, ...] = ()

    def response_add(self, request, obj, post_url_continue=None):
        response = super().response_add(request, obj, post_url_continue)
        if "_addanother" in request.POST and self.repeat_on_add_another and response.status_code == 302:
            params = {}
            for name in self.repeat_on_add_another:
                value = getattr(obj, f"{name}_id", None) if hasattr(obj, f"{name}_id") else getattr(obj, name, None)
                if value not in (None, ""):
                    params[name] = value.isoformat() if hasattr(value, "isoformat") else str(value)
            if params:
                separator = "&" if "?" in response["Location"] else "?"
                response["Location"] += separator + urlencode(params)
        return response

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        # A chosen record reads as the autocomplete offered it.
        if field is not None and hasattr(field, "label_from_instance") and db_field.is_relation:
            field.label_from_instance = record_label
        return field


SHORT_TEXT_CHARS = 48


def short_text(text: str, limit: int = SHORT_TEXT_CHARS) -> str:
    """A long title cut to ``limit`` characters in a list, with the whole of it on hover."""
    text = text or ""
    if len(text) <= limit:
        return text
    return format_html('<span title="{}">{}…</span>', text, text[: limit - 1].rstrip())


def country_display(country) -> str:
    """A country or region with its flag.

    Hong Kong, Macao and Taiwan are regions of China in the university's statistics: they get no flag of their own.
    """
    if not country:
        return "-"
    if country.code in {"HK", "MO", "TW"}:
        return country.name
    # django-countries' own flag images: emoji flags do not render on many Windows and Linux desktops.
    return format_html('<img src="{}" alt="" width="16" height="11"> {}', country.flag, country.name)


def advanced_fieldset(*fields):
    """A collapsed group for notes and the record's timestamps."""
    return (_("Advanced"), {"classes": ("collapse",), "fields": (*fields, *TIMESTAMPS)})


@admin.register(Unit)
class UnitAdmin(OfficeAdmin):
    list_display = ("name_en", "name_zh", "code", "kind", "contact_name", "contact_email", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name_en", "name_zh", "code")
    prepopulated_fields = {"code": ("name_en",)}
    fieldsets = (
        (None, {"fields": ("name_en", "name_zh", "code", "kind", "is_active")}),
        (_("Contact for reminders"), {"fields": ("contact_name", "contact_email")}),
        (
            _("Public contact"),
            {
                "fields": ("public_email", "public_phone"),
                "description": _(
                    "Shown on the public pages of the unit's programs: an office's, never a person's own."
                ),
            },
        ),
        (_("Staff"), {"fields": ("members",)}),
        advanced_fieldset(),
    )
    autocomplete_fields = ("members",)
