"""The admin side of history: each record's History page, and the refusal of a change form saved from a stale copy.

``OfficeAdmin`` (``intl_office.core.admin``) builds on ``HistoryAdminMixin``; ``OfficeModelForm`` carries the
version it was opened at (``VERSION_FIELD``) and calls ``refuse_stale`` while validating, inside the admin's
transaction, so that no one's save silently undoes another's.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connections, router
from django.forms import CheckboxInput, MultiWidget
from django.utils.dateparse import parse_datetime
from django.utils.formats import localize
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from intl_office.core.history import Via, changed_fields, recording, tracks_history, version_at
from intl_office.core.people import can_see_personal_data, is_personal

# The hidden form field holding the record's ``updated_at`` as the form showed it.
VERSION_FIELD = "loaded_version"
MASK = _("(hidden: personal data)")
EMPTY = "—"


def display_value(field, value) -> str:
    """A stored value as the admin shows it: a choice's label, a related record's name, a date in the page's format."""
    if value is None or value == "":
        return EMPTY
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    return str(localize(value))


class MaskedChangesHelper(HistoricalRecordContextHelper):
    """Old → new values of a historical row: choices by label, personal values masked for who may not see them."""

    def __init__(self, model, historical_record, *, may_see_personal: bool):
        super().__init__(model, historical_record)
        self.may_see_personal = may_see_personal

    def prepare_delta_change_value(self, change, value):
        if is_personal(change.field) and not self.may_see_personal:
            return str(MASK)
        field = self.model._meta.get_field(change.field)
        value = super().prepare_delta_change_value(change, value)
        if field.many_to_many:
            # The linked records by name (a unit's staff: their usernames), whether given as records or ids.
            ids = [item for item in value if not hasattr(item, "pk")]
            named = field.related_model._default_manager.in_bulk(ids) if ids else {}
            names = sorted(str(item if hasattr(item, "pk") else named.get(item, item)) for item in value)
            return ", ".join(names) or EMPTY
        return display_value(field, value)


class HistoryAdminMixin(SimpleHistoryAdmin):
    """The History page of every record whose model keeps history (``intl_office.core.history``): who, when,
    through what (admin form, import with its log entry, bulk action, command), and each field's old → new value.

    Models without history (the logs) keep Django's own History page. Changes made from the admin are recorded
    as made through the admin form, or through a bulk action from a list.
    """

    object_history_list_template = "admin/history/office_history_list.html"

    @property
    def keeps_history(self) -> bool:
        return tracks_history(self.model)

    def get_urls(self):
        if self.keeps_history:
            return super().get_urls()
        return super(SimpleHistoryAdmin, self).get_urls()

    def history_view(self, request, object_id, extra_context=None):
        if not self.keeps_history:
            return super(SimpleHistoryAdmin, self).history_view(request, object_id, extra_context)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # A past version can be looked at, not saved back: that would skip the change form's checks.
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        return super().get_history_queryset(request, history_manager, pk_name, object_id).select_related("import_log")

    def get_historical_record_context_helper(self, request, historical_record):
        return MaskedChangesHelper(
            self.model, historical_record, may_see_personal=can_see_personal_data(request.user, self.model)
        )

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        with recording(Via.ADMIN_FORM, user=request.user):
            return super().changeform_view(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        with recording(Via.ADMIN_FORM, user=request.user):
            return super().delete_view(request, object_id, extra_context)

    def response_action(self, request, queryset):
        with recording(Via.BULK_ACTION, user=request.user):
            return super().response_action(request, queryset)

    # Stale copies ----------------------------------------------------------------------------------------------

    def get_fields(self, request, obj=None):
        # Only where the form is edited (below), never as a read-only line.
        return [name for name in super().get_fields(request, obj) if name != VERSION_FIELD]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or not hasattr(obj, "updated_at") or not self.has_change_permission(request, obj):
            return fieldsets
        (title, options), *rest = fieldsets
        return [(title, {**options, "fields": (*options["fields"], VERSION_FIELD)}), *rest]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.may_see_personal_data = can_see_personal_data(request.user, self.model)
        return form


def refuse_stale(form) -> None:
    """Refuse a change form opened before someone else saved the record, naming what they changed.

    The record is locked (``select_for_update``) until the admin's transaction ends, so no save slips in between
    the check and this one. The refusal keeps what the user typed; fields the other person changed and this user
    did not touch take the stored values, and the form now carries the stored version: saving again is safe.
    """
    loaded = parse_datetime(form.cleaned_data.get(VERSION_FIELD) or "")
    instance = form.instance
    if loaded is None or instance.pk is None:
        return
    model = type(instance)
    using = router.db_for_write(model)
    rows = model._default_manager.using(using).filter(pk=instance.pk)
    if connections[using].in_atomic_block:
        rows = rows.select_for_update()
    current = rows.first()
    if current is None or current.updated_at == loaded:
        return
    then = version_at(current, loaded)
    names = changed_fields(model, then, current) if then is not None else []
    may_see = getattr(form, "may_see_personal_data", False)
    data = form.data.copy()
    described = []
    for name in names:
        field = model._meta.get_field(name)
        label = str(field.verbose_name)
        if may_see or not is_personal(name):
            value = getattr(current, name) if field.is_relation else field.value_from_object(current)
            label = gettext("%(field)s (now: %(value)s)") % {"field": label, "value": display_value(field, value)}
        described.append(label)
        _take_stored_value(form, data, name, field, then, current)
    data[form.add_prefix(VERSION_FIELD)] = current.updated_at.isoformat()
    form.data = data
    if described:
        message = gettext(
            "Someone else saved this record after you opened it and changed: %(fields)s. Your entries are still in "
            "the form; fields you did not touch now show the saved values. Check them, then save again."
        ) % {"fields": "; ".join(described)}
    else:
        message = gettext(
            "Someone else saved this record after you opened it. Your entries are still in the form: check them "
            "against the saved record, then save again."
        )
    raise ValidationError(message, code="stale")


def _take_stored_value(form, data, name, field, then, current) -> None:
    """In the re-shown form, a field the user left as it was takes the value someone else saved meanwhile."""
    if name not in form.fields:
        return
    form_field = form.fields[name]
    widget = form_field.widget
    if isinstance(widget, MultiWidget) or getattr(widget, "allow_multiple_selected", False):
        return
    if form_field.has_changed(field.value_from_object(then), form[name].data):
        return  # The user changed it too: their value stays, and the message says what is stored.
    key = form.add_prefix(name)
    stored = field.value_from_object(current)
    if isinstance(widget, CheckboxInput):
        if stored:
            data[key] = "on"
        else:
            data.pop(key, None)
    else:
        data[key] = "" if stored is None else str(stored)
