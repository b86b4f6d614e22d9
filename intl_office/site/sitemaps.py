"""sitemap.xml: the public pages in English and Chinese.

``/sitemap.xml`` is an index of files of at most ``SITEMAP_LIMIT`` addresses each (``/sitemap-<section>.xml?p=N``):
each file reads only its own page of records, so no request's cost grows with the number of partners or programs.
"""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.db.models import Max, QuerySet
from django.urls import reverse

from partners.models import Institution
from programs.models import Program


class _PerLanguage:
    """The records of a QuerySet, each once per language, paged without reading the records of other pages.

    Django's own i18n sitemap lists every (record, language) pair in memory before taking one page of them.
    """

    def __init__(self, items: QuerySet, languages: list[str]):
        self.items, self.languages = items, languages

    def count(self) -> int:
        return self.items.count() * len(self.languages)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        n = len(self.languages)
        start = index.start or 0
        stop = index.stop if index.stop is not None else self.count()
        first = start // n
        records = self.items[first : -(-stop // n)]
        pairs = [(item, language) for item in records for language in self.languages]
        return pairs[start - first * n : stop - first * n]


class LocalizedSitemap(Sitemap):
    # One <url> per language, each listing the other as an alternate.
    i18n = True
    alternates = True

    @property
    def limit(self):
        return settings.SITEMAP_LIMIT

    def _items(self):
        items = self.items()
        if isinstance(items, QuerySet):
            return _PerLanguage(items, self._languages())
        return super()._items()


class RecordSitemap(LocalizedSitemap):
    def lastmod(self, record):
        return record.updated_at

    def get_latest_lastmod(self):
        # One aggregate, where Django's default would read every record.
        return self.items().aggregate(latest=Max("updated_at"))["latest"]


class StaticPagesSitemap(LocalizedSitemap):
    priority = 0.8

    def items(self):
        return ["overview", "programs:list", "partners:list", "travel:summaries", "open-data"]

    def location(self, item):
        return reverse(item)


class ProgramSitemap(RecordSitemap):
    priority = 0.6

    def items(self):
        return Program.objects.published().only("slug", "updated_at").order_by("slug")


class PartnerSitemap(RecordSitemap):
    priority = 0.5

    def items(self):
        return Institution.objects.counted().only("slug", "updated_at").order_by("slug")


sitemaps = {"pages": StaticPagesSitemap, "programs": ProgramSitemap, "partners": PartnerSitemap}


def index(request, **kwargs):
    """Django's sitemap index, refusing too many query parameters (400) as every other page does."""
    request.GET  # noqa: B018  (parsing the query string is the check)
    return sitemap_views.index(request, **kwargs)
