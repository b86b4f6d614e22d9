"""The admin's front page (``templates/admin/index.html``): ``{% front_page as front %}`` gives the figure panels the
user may see (from the core's dashboard registry), what is due, and what is overdue and unresolved;
``{% bar_chart panel_data %}`` draws a panel's small chart as SVG on the server (no script, nothing inline to allow
in the Content-Security-Policy)."""

from functools import partial

from django import template
from django.conf import settings
from django.utils import timezone

from intl_office.core import figure_cache
from intl_office.core.dashboard import panels_for
from intl_office.reminders import due as reminders

register = template.Library()

# Rows per section on the front page; the section links to its full list.
FRONT_PAGE_LIMIT = 10
# The chart's geometry, in SVG user units.
BAR_HEIGHT, BAR_GAP, LABEL_WIDTH, BAR_SPACE, CHART_WIDTH = 16, 6, 150, 120, 310


@register.simple_tag(takes_context=True)
def front_page(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_active or not user.is_staff:
        return {"panels": [], "current": [], "overdue": [], "overdue_days": 0}
    today = timezone.localdate()
    current, overdue = reminders.front_page_due(today, user=user, limit=FRONT_PAGE_LIMIT)
    return {
        # Counted over every record, the same for everyone: kept until a record changes (the figures' cache).
        "panels": [
            (panel, figure_cache.get_or_compute(f"dashboard:{panel.key}", (today,), partial(panel.build, today)))
            for panel in panels_for(user)
        ],
        "current": current,
        "overdue": overdue,
        "overdue_days": settings.DUE_OVERDUE_AFTER_DAYS,
    }


@register.inclusion_tag("reminders/bar_chart.html")
def bar_chart(data):
    peak = max((bar.value for bar in data.bars), default=0) or 1
    bars = []
    for index, bar in enumerate(data.bars):
        y = index * (BAR_HEIGHT + BAR_GAP)
        width = round(BAR_SPACE * bar.value / peak) if bar.value else 0
        bars.append(
            {
                "bar": bar,
                "y": y,
                "text_y": y + BAR_HEIGHT - 4,
                "width": max(width, 1),
                "value_x": LABEL_WIDTH + max(width, 1) + 4,
            }
        )
    return {
        "title": data.chart_title,
        "bars": bars,
        "height": max(len(bars) * (BAR_HEIGHT + BAR_GAP), BAR_HEIGHT),
        "width": CHART_WIDTH,
        "label_width": LABEL_WIDTH,
        "label_x": LABEL_WIDTH - 6,
        "bar_height": BAR_HEIGHT,
    }
