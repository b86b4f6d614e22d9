from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "BJTU International Office"
admin.site.site_title = "International Office admin"
admin.site.index_title = "Records"

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
