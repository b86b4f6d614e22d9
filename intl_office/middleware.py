from django.utils import translation


class StaffAreaLanguageMiddleware:
    """Pick the staff area's language from the language cookie or the browser.

    The public site uses ``i18n_patterns(prefix_default_language=False)``, and with
    that setting LocaleMiddleware serves every unprefixed path in the default
    language: the admin, whose URLs carry no language prefix, would always be in
    English. Staff pages have no language in their address, so the request decides.
    Goes right after LocaleMiddleware.
    """

    STAFF_PREFIX = "/admin/"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith(self.STAFF_PREFIX):
            language = translation.get_language_from_request(request, check_path=False)
            translation.activate(language)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)
