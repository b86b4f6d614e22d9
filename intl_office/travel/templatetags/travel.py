"""``{% travel_counts as counts %}``: what waits on the signed-in user, for any admin page (the front page's panel)."""

from django import template

from intl_office.travel.queue import queue_counts

register = template.Library()


@register.simple_tag(takes_context=True)
def travel_counts(context):
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return None
    return queue_counts(request.user)
