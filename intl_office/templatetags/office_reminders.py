"""``{% due_sections as sections %}``: what is due, for the admin's front page (``templates/admin/index.html``)."""

from urllib.parse import urlencode

from django import template
from django.urls import reverse

from intl_office import reminders

register = template.Library()

# Rows per section on the front page; the section links to its full list.
FRONT_PAGE_LIMIT = 10


@register.simple_tag(takes_context=True)
def due_sections(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_active or not user.is_staff:
        return []
    return [
        {
            "section": section,
            "items": items[:FRONT_PAGE_LIMIT],
            "more": len(items) > FRONT_PAGE_LIMIT,
            "list_url": section_list_url(section),
        }
        for section, items in reminders.due(user=user, limit=FRONT_PAGE_LIMIT)
        if items
    ]


def section_list_url(section) -> str:
    model = {
        "agreements_ending": "partners_agreement",
        "agreements_expired": "partners_agreement",
        "residence_permits": "students_internationalstudent",
        "work_permits": "experts_appointment",
        "appointments_ending": "experts_appointment",
    }[section.key]
    # Filtered to exactly the due records (``reminders.due_filter`` on each of these admins).
    return reverse(f"admin:{model}_changelist") + "?" + urlencode({"due": section.key})
