"""The admin's "View on site" shortcut, for staff who may see the record.

Django's shortcut (``/admin/r/<content type id>/<object id>/``) only asks for staff status: a clerk without any
permission learnt the address of any record with a public page, an unpublished program's included. This one answers
404, as for a record that does not exist, unless the admin would show that record to the user (its model is in the
admin, shows a "View on site" link, and the user has its view or change permission).
"""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.http import Http404


def view_on_site(request, content_type_id: int, object_id: str, site: admin.AdminSite = admin.site):
    try:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
    except ContentType.DoesNotExist:
        model = None
    model_admin = site._registry.get(model)
    if model_admin is None or not model_admin.view_on_site or not model_admin.has_view_permission(request):
        raise Http404
    obj = model_admin.get_object(request, unquote(object_id))
    if obj is None or not model_admin.has_view_permission(request, obj):
        raise Http404
    return shortcut(request, content_type_id, object_id)
