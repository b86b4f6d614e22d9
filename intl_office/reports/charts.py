"""Small line charts drawn on the server as inline SVG.

The reports page and the PDF show the same picture, with no script to load:
WeasyPrint renders inline SVG, and the admin's pages stay script-free.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from intl_office.reports.trends import TREND_COLUMNS

# Colour-blind-safe palette (Okabe and Ito).
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")

WIDTH, HEIGHT = 560, 260
LEFT, RIGHT, TOP, BOTTOM = 52, 16, 36, 58


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[int | float]


def nice_ceiling(value: float) -> int:
    """The top of the y axis: four equal whole-number steps of 1, 2, 2.5 or 5 times a power of ten.

    So the axis reads 0, 250, 500, ... and never shows fractions of a person.
    """
    wanted = max(value, 0) / 4
    magnitude = 1
    while True:
        for step in (1, 2, 2.5, 5):
            tick = step * magnitude
            if tick >= wanted and tick == int(tick):
                return int(4 * tick)
        magnitude *= 10


def line_chart(title: str, labels: Sequence, series: Sequence[Series]) -> SafeString:
    """An accessible SVG line chart: a title, a y axis from zero, one line and marker set per series."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    top_value = nice_ceiling(max((v for s in series for v in s.values), default=0))
    count = max(len(labels), 1)

    def x(i: int) -> float:
        return LEFT + (plot_w * i / (count - 1) if count > 1 else plot_w / 2)

    def y(value: float) -> float:
        return TOP + plot_h - plot_h * value / top_value

    title_text = escape(title)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="report-chart" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" role="img" aria-label="{title_text}" font-family="sans-serif">',
        f"<title>{title_text}</title>",
        f'<text x="{LEFT}" y="18" font-size="13" font-weight="bold" fill="#333">{title_text}</text>',
    ]
    for tick in range(5):
        value = top_value * tick / 4
        ty = y(value)
        parts.append(
            f'<line x1="{LEFT}" y1="{ty:.1f}" x2="{WIDTH - RIGHT}" y2="{ty:.1f}" stroke="#ddd" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{LEFT - 6}" y="{ty + 4:.1f}" font-size="10" text-anchor="end" fill="#555">{value:.0f}</text>'
        )
    for i, label in enumerate(labels):
        parts.append(
            f'<text x="{x(i):.1f}" y="{TOP + plot_h + 14}" font-size="10" text-anchor="middle" fill="#555">'
            f"{escape(label)}</text>"
        )
    for n, s in enumerate(series):
        colour = PALETTE[n % len(PALETTE)]
        points = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(s.values))
        parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{points}"/>')
        for i, v in enumerate(s.values):
            parts.append(
                f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="3" fill="{colour}">'
                f"<title>{escape(s.name)}, {escape(labels[i])}: {v}</title></circle>"
            )
        # Legend under the axis labels, one entry per series.
        lx = LEFT + n * (plot_w / max(len(series), 1))
        ly = HEIGHT - 14
        parts.append(f'<rect x="{lx:.1f}" y="{ly - 9}" width="10" height="10" fill="{colour}"/>')
        parts.append(f'<text x="{lx + 14:.1f}" y="{ly}" font-size="10" fill="#333">{escape(s.name)}</text>')
    parts.append("</svg>")
    # Every piece of text above went through escape(); the markup itself is ours.
    return mark_safe("".join(parts))


def trend_charts(table) -> list[SafeString]:
    """The trends table (``intl_office.reports.trends``) drawn as five charts of related figures."""
    labels = [str(row[0]) for row in table.rows]
    column = {attr: i + 1 for i, (attr, _label) in enumerate(TREND_COLUMNS)}
    names = dict(TREND_COLUMNS)

    def chart(title, attrs):
        return line_chart(
            str(title), labels, [Series(str(names[a]), [row[column[a]] for row in table.rows]) for a in attrs]
        )

    return [
        chart(_("Partners"), ["partner_institutions", "agreements_in_force"]),
        chart(_("Delegations (person-times)"), ["inbound_delegation_person_times", "outbound_delegation_person_times"]),
        chart(
            _("BJTU students abroad"),
            ["outbound_students", "outbound_through_agreements", "outbound_after_graduation"],
        ),
        chart(_("International students"), ["overseas_students"]),
        chart(_("Foreign teachers and experts"), ["long_term_foreign_teachers", "short_term_foreign_experts"]),
    ]
