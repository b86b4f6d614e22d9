from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from intl_office.api import views as api_views
from intl_office.core.admin import OfficeAutocompleteJsonView
from intl_office.core.view_on_site import view_on_site
from intl_office.jobs import health
from intl_office.site import views
from intl_office.site.page_cache import public_page
from intl_office.site.sitemaps import index as sitemap_index
from intl_office.site.sitemaps import sitemaps

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/reports/", include("intl_office.reports.urls")),
    # Before the admin's own: its "View on site" shortcut, answering only for staff who may view the record.
    path("admin/r/<int:content_type_id>/<path:object_id>/", admin.site.admin_view(view_on_site)),
    path("admin/account/", include("intl_office.accounts.urls")),
    # Before the admin's own: the same autocomplete, with Chinese names and countries beside English names.
    path("admin/autocomplete/", admin.site.admin_view(OfficeAutocompleteJsonView.as_view(admin_site=admin.site))),
    path("admin/due/", include("intl_office.reminders.urls")),
    path("admin/", admin.site.urls),
    # An index of sitemap files, each of at most SITEMAP_LIMIT addresses.
    path(
        "sitemap.xml",
        public_page(sitemap_index),
        {"sitemaps": sitemaps, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path("sitemap-<section>.xml", public_page(sitemap_views.sitemap), {"sitemaps": sitemaps}, name="sitemap-section"),
    path("robots.txt", views.robots_txt, name="robots-txt"),
    # Open data: JSON for programs, partners and the overview's figures; its schema and docs page.
    path("api/v1/", include("intl_office.api.urls")),
    # For a load balancer in front of several nodes (docs/deployment.md).
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
]

# The public site: English at /, Chinese under /zh-hans/. The admin stays outside any language prefix.
urlpatterns += i18n_patterns(
    path("", views.overview, name="overview"),
    path("programs/", include("intl_office.site.program_urls")),
    path("partners/", include("intl_office.site.partner_urls")),
    path("open-data/", api_views.docs, name="open-data"),
    path("trips/", include("intl_office.travel.urls")),
    prefix_default_language=False,
)
