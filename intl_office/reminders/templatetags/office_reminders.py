"""``{% due_sections as sections %}``: what is due, for the admin's front page (``templates/admin/index.html``)."""

from django import template

from intl_office.reminders import due as reminders

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
            "list_url": section.list_url,
        }
        for section, items in reminders.due(user=user, limit=FRONT_PAGE_LIMIT)
        if items
    ]
