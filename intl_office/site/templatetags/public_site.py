"""Template helpers for the public site: numbers, small-group suppression, language links."""

import json

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import translate_url
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, get_language_from_path, get_language_info, gettext

from intl_office.core.i18n import chinese_page
from intl_office.core.people import SMALL_GROUP_THRESHOLD

register = template.Library()


@register.filter
def number(value) -> str:
    """A count grouped in threes (1,844) in both languages.

    Django's Chinese format groups in fours (1,0000), which readers of
    university statistics do not expect.
    """
    if isinstance(value, int):
        return f"{value:,}"
    return number_format(value, force_grouping=True)


@register.filter
def people(value) -> str:
    """A count of people, or "fewer than 5" when the group is small enough to identify someone."""
    if value and 0 < value < SMALL_GROUP_THRESHOLD:
        return gettext("fewer than %(threshold)s") % {"threshold": SMALL_GROUP_THRESHOLD}
    return number(value or 0)


@register.filter
def series(values) -> str:
    """Items of a list as the page's language writes them: "a, b" in English, "a、b" (the enumeration comma) in
    Chinese."""
    return ("、" if chinese_page() else ", ").join(str(value) for value in values)


@register.simple_tag(takes_context=True)
def language_links(context) -> list[dict]:
    """The current page in each language, query string included, for the switcher and hreflang links."""
    request = context.get("request")
    path = _on_this_site(request.get_full_path()) if request else "/"
    current = get_language()
    links = []
    for code, _name in settings.LANGUAGES:
        info = get_language_info(code)
        url = translate_url(path, code)
        if url == path and code != current:
            # A path that resolves to no page (a 404): swap the language prefix by hand.
            url = _with_language_prefix(path, code)
        url = _on_this_site(url)
        links.append(
            {
                "code": code,
                "name": info["name_local"],
                "url": url,
                "absolute_url": request.build_absolute_uri(url) if request else url,
                "is_current": code == current,
            }
        )
    return links


def _on_this_site(url: str) -> str:
    """The address as a path on this site, whatever the requested path held.

    A browser reads "//evil.example/x", "///evil.example" and "/\\evil.example" as another site: the result starts
    with exactly one slash followed by something else, and keeps any backslash percent-encoded.
    """
    return "/" + url.replace("\\", "%5C").lstrip("/")


def _with_language_prefix(path: str, code: str) -> str:
    prefixed = get_language_from_path(path)
    if prefixed:
        path = path[len(prefixed) + 1 :]
    # English pages have no prefix (prefix_default_language=False).
    return path if code == settings.LANGUAGE_CODE else f"/{code}{path}"


@register.simple_tag(takes_context=True)
def url_with(context, **params) -> str:
    """The current query string with some parameters replaced (pagination that keeps the filters)."""
    query = context["request"].GET.copy()
    for key, value in params.items():
        query[key] = value
    return "?" + query.urlencode()


@register.simple_tag(takes_context=True)
def current_section(context) -> str:
    """Which part of the site the page belongs to ("overview", "programs", "partners"), for the menu."""
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    if match is None:
        return ""
    return match.namespace or match.url_name or ""


# As django.utils.html.json_script: no "</script>" or "<!--" can end the data block early.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag
def json_ld(data) -> str:
    """schema.org structured data as a JSON-LD data block (not run as a script, so the CSP does not apply)."""
    if not data:
        return ""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


@register.simple_tag
def office_contact() -> dict:
    """The office's public e-mail and phone (settings), for the footer."""
    return {"email": settings.PUBLIC_OFFICE_EMAIL, "phone": settings.PUBLIC_OFFICE_PHONE}
