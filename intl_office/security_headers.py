"""The Content-Security-Policy the settings send (django-csp; docs/security-headers.md).

Scripts and style sheets only from this site's own files, or an element carrying the request's nonce
(``nonce="{{ request.csp_nonce }}"``); no inline script, inline style attribute or eval; no plugins; the site is never
framed; forms post only to this site.
"""

from csp.constants import NONCE, NONE, SELF

DIRECTIVES = {
    "default-src": [SELF],
    "script-src": [SELF, NONCE],
    "style-src": [SELF, NONCE],
    "img-src": [SELF],
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
    "frame-ancestors": [NONE],
}


def content_security_policy(*, report_uri: str, report_only: bool) -> tuple[dict | None, dict | None]:
    """django-csp's CONTENT_SECURITY_POLICY and CONTENT_SECURITY_POLICY_REPORT_ONLY: the policy in one of them.

    Report-only sends the same policy as Content-Security-Policy-Report-Only: browsers report violations (to
    ``report_uri`` when set) and block nothing, to try a change.
    """
    directives = {**DIRECTIVES, **({"report-uri": [report_uri]} if report_uri else {})}
    policy = {"DIRECTIVES": directives}
    return (None, policy) if report_only else (policy, None)
