from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from intl_office import views
from intl_office.sitemaps import sitemaps

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/reports/", include("intl_office.report_urls")),
    path("admin/", admin.site.urls),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots-txt"),
]

# The public site: English at /, Chinese under /zh-hans/. The admin stays outside any language prefix.
urlpatterns += i18n_patterns(
    path("", views.overview, name="overview"),
    path("programs/", include("programs.urls")),
    path("partners/", include("partners.urls")),
    prefix_default_language=False,
)
