from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from intl_office.core.view_on_site import view_on_site
from intl_office.site import views
from intl_office.site.sitemaps import sitemaps

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/reports/", include("intl_office.reports.urls")),
    # Before the admin's own: its "View on site" shortcut, answering only for staff who may view the record.
    path("admin/r/<int:content_type_id>/<path:object_id>/", admin.site.admin_view(view_on_site)),
    path("admin/account/", include("intl_office.accounts.urls")),
    path("admin/due/", include("intl_office.reminders.urls")),
    path("admin/", admin.site.urls),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots-txt"),
]

# The public site: English at /, Chinese under /zh-hans/. The admin stays outside any language prefix.
urlpatterns += i18n_patterns(
    path("", views.overview, name="overview"),
    path("programs/", include("intl_office.site.program_urls")),
    path("partners/", include("intl_office.site.partner_urls")),
    prefix_default_language=False,
)
