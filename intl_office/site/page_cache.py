"""Public pages kept whole in the cache for visitors, until a record they show changes.

A visitor's page is the same for every visitor: it names no person and depends only on its address, its language and
the records. So the rendered page is kept under the figures' cache version (``intl_office.core.figure_cache``): a
write to any record the site shows sets a new version, and the next visitor gets a page rendered afresh. Rendering
the overview, the catalogue or the directory at a hundred times BJTU's records costs tens to hundreds of
milliseconds; a kept page costs one cache read.

Only requests without a session cookie are served from the cache or fill it: a signed-in officer may see what a
visitor may not (a program's preview), and gets the page as rendered for them.
"""

import functools

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse

from intl_office.core import figure_cache

# Headers a view sets that the kept page carries; the middleware adds the rest (language, security, CSP) each time.
KEPT_HEADERS = ("Content-Type", "Content-Language", "Link", "X-Robots-Tag")


def _is_visitor(request) -> bool:
    return request.method in ("GET", "HEAD") and settings.SESSION_COOKIE_NAME not in request.COOKIES


def _can_keep(request, response) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        # A page holding a CSRF token is tied to its visitor's cookie.
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    )


def public_page(view):
    """Serve a public view from the cache for visitors, rendering and keeping it on the first visit."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _is_visitor(request):
            return view(request, *args, **kwargs)
        # The whole address (scheme, host, path, query) and the language: pages hold absolute links.
        key = figure_cache.key("public-page", request.build_absolute_uri())
        kept = figure_cache.read(key)
        if kept is not None:
            content, headers = kept
            return HttpResponse(content, headers=headers)
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        if _can_keep(request, response):
            headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
            cache.set(key, (response.content, headers), settings.FIGURES_CACHE_SECONDS)
        return response

    return wrapper
