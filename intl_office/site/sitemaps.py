"""sitemap.xml: the public pages in English and Chinese."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from partners.models import Institution
from programs.models import Program


class LocalizedSitemap(Sitemap):
    # One <url> per language, each listing the other as an alternate.
    i18n = True
    alternates = True


class StaticPagesSitemap(LocalizedSitemap):
    priority = 0.8

    def items(self):
        return ["overview", "programs:list", "partners:list"]

    def location(self, item):
        return reverse(item)


class ProgramSitemap(LocalizedSitemap):
    priority = 0.6

    def items(self):
        return Program.objects.published().only("slug", "updated_at").order_by("slug")

    def lastmod(self, program):
        return program.updated_at


class PartnerSitemap(LocalizedSitemap):
    priority = 0.5

    def items(self):
        return Institution.objects.counted().only("slug", "updated_at").order_by("slug")

    def lastmod(self, institution):
        return institution.updated_at


sitemaps = {"pages": StaticPagesSitemap, "programs": ProgramSitemap, "partners": PartnerSitemap}
