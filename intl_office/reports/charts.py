"""Small line charts drawn on the server as inline SVG.

The reports page and the PDF show the same picture, with no script to load:
WeasyPrint renders inline SVG, and the admin's pages stay script-free.

A year before the first record of a series has no point (never a zero); years where no series has a record are left
out of the chart, and the legend says from which year a series has records.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from intl_office.reports.base import NoRecords
from intl_office.reports.trends import TREND_COLUMNS

# Colour-blind-safe palette (Okabe and Ito).
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")

WIDTH, HEIGHT = 560, 260
LEFT, RIGHT, TOP, BOTTOM = 52, 16, 36, 58
LEGEND_FONT, LEGEND_LINE, LEGEND_SWATCH, LEGEND_GAP = 10, 14, 14, 18

# The trend charts: a title and the trends table's columns drawn together. The workbook's native charts draw the
# same groups.
CHART_GROUPS = (
    (_("Partners"), ("partner_institutions", "agreements_in_force")),
    (_("Delegations (person-times)"), ("inbound_delegation_person_times", "outbound_delegation_person_times")),
    (_("BJTU students abroad"), ("outbound_students", "outbound_through_agreements", "outbound_after_graduation")),
    (_("International students"), ("overseas_students",)),
    (_("Foreign teachers and experts"), ("long_term_foreign_teachers", "short_term_foreign_experts")),
)


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[int | float | NoRecords]


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


def text_width(text: str, font_size: float = LEGEND_FONT) -> float:
    """A generous estimate of a label's width in a sans-serif font: CJK characters are square, Latin ones about
    0.6 em wide."""
    return sum(font_size if ord(ch) > 0x2E80 else font_size * 0.62 for ch in text)


def legend_layout(names: Sequence[str], width: float) -> list[tuple[float, int]]:
    """(x offset, line) of each legend entry: left to right, wrapping to a new line rather than overlapping."""
    places, x, line = [], 0.0, 0
    for name in names:
        entry = LEGEND_SWATCH + text_width(name)
        if x and x + entry > width:
            x, line = 0.0, line + 1
        places.append((x, line))
        x += entry + LEGEND_GAP
    return places


def _known(value) -> bool:
    return not isinstance(value, NoRecords) and value is not None


def _legend_name(series: Series, labels: Sequence) -> str:
    first = next((i for i, v in enumerate(series.values) if _known(v)), None)
    if first:
        return gettext("%(name)s (records from %(year)s)") % {"name": series.name, "year": labels[first]}
    if first is None:
        return gettext("%(name)s (no records)") % {"name": series.name}
    return series.name


def line_chart(title: str, labels: Sequence, series: Sequence[Series]) -> SafeString:
    """An accessible SVG line chart: a title, a y axis from zero, one line and marker set per series."""
    # Years where no series has a record are left out.
    start = next((i for i in range(len(labels)) if any(_known(s.values[i]) for s in series)), len(labels) - 1)
    labels = list(labels)[start:]
    series = [Series(s.name, list(s.values)[start:]) for s in series]
    names = [_legend_name(s, labels) for s in series]
    plot_w = WIDTH - LEFT - RIGHT
    legend = legend_layout(names, plot_w)
    lines = max((line for _x, line in legend), default=0) + 1
    height = HEIGHT + (lines - 1) * LEGEND_LINE
    plot_h = HEIGHT - TOP - BOTTOM
    top_value = nice_ceiling(max((v for s in series for v in s.values if _known(v)), default=0))
    count = max(len(labels), 1)

    def x(i: int) -> float:
        return LEFT + (plot_w * i / (count - 1) if count > 1 else plot_w / 2)

    def y(value: float) -> float:
        return TOP + plot_h - plot_h * value / top_value

    title_text = escape(title)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="report-chart" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" role="img" aria-label="{title_text}" font-family="sans-serif">',
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
        # One line per run of known values: no line is drawn through a year without records.
        run = []
        for i, v in enumerate([*s.values, None]):
            if _known(v):
                run.append(f"{x(i):.1f},{y(v):.1f}")
                continue
            if len(run) > 1:
                parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{" ".join(run)}"/>')
            run = []
        for i, v in enumerate(s.values):
            if _known(v):
                parts.append(
                    f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="3" fill="{colour}">'
                    f"<title>{escape(s.name)}, {escape(labels[i])}: {v}</title></circle>"
                )
        # Legend under the axis labels, wrapped onto as many lines as it needs.
        offset, line = legend[n]
        lx, ly = LEFT + offset, HEIGHT - 14 + line * LEGEND_LINE
        parts.append(f'<rect x="{lx:.1f}" y="{ly - 9}" width="10" height="10" fill="{colour}"/>')
        parts.append(
            f'<text class="legend" x="{lx + 14:.1f}" y="{ly}" font-size="{LEGEND_FONT}" fill="#333">'
            f"{escape(names[n])}</text>"
        )
    parts.append("</svg>")
    # Every piece of text above went through escape(); the markup itself is ours.
    return mark_safe("".join(parts))


def year_rows(table) -> list[list]:
    """The trends table's rows of years (a comparison adds a row of changes)."""
    return [row for row in table.rows if isinstance(row[0], int)]


def trend_series(table, attrs: Sequence[str]) -> list[Series]:
    """The trends table's columns as chart series."""
    column = {attr: i + 1 for i, (attr, _label) in enumerate(TREND_COLUMNS)}
    names = dict(TREND_COLUMNS)
    return [Series(str(names[a]), [row[column[a]] for row in year_rows(table)]) for a in attrs]


def trend_charts(table) -> list[SafeString]:
    """The trends table (``intl_office.reports.trends``) drawn as five charts of related figures."""
    labels = [str(row[0]) for row in year_rows(table)]
    return [line_chart(str(title), labels, trend_series(table, attrs)) for title, attrs in CHART_GROUPS]
