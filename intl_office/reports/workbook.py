"""The whole report as one workbook: a first "Summary" sheet (the report's title and day, the key figures, and native
line charts of the trends beside them, editable in Excel and LibreOffice), then a sheet per table."""

from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.translation import gettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.chart import LineChart, Reference
from openpyxl.styles import Font

from intl_office.core.spreadsheets import Sheet, SheetWriter, xlsx_value
from intl_office.reports.base import NoRecords, Table
from intl_office.reports.charts import CHART_GROUPS
from intl_office.reports.params import ReportParams
from intl_office.reports.trends import TREND_COLUMNS

# Where the charts stand: beside the key figures, one under the other.
CHART_COLUMN = "H"
CHART_ROWS = 16
CHART_WIDTH_CM, CHART_HEIGHT_CM = 16, 7.5


def table_sheet(table: Table) -> Sheet:
    return Sheet(title=table.sheet_title, header=table.columns, rows=table.rows)


def summary_sheet(params: ReportParams, key_figures: Table, trends: Table) -> SheetWriter:
    """The Summary sheet's writer: title block, key figures, the trend figures the charts draw, and the charts."""

    def write(workbook: Workbook) -> int:
        ws = workbook.create_sheet(title=gettext("Summary"))
        for column, width in zip("ABCDEF", (52, 12, 12, 12, 12, 12), strict=True):
            ws.column_dimensions[column].width = width
        bold, big = Font(bold=True), Font(bold=True, size=14)

        def cell(value, font=None):
            c = WriteOnlyCell(ws, value=xlsx_value(value))
            c.number_format = getattr(value, "xlsx_number_format", c.number_format)
            if font:
                c.font = font
            return c

        rows = [
            [cell(gettext("Beijing Jiaotong University"), big)],
            [cell(gettext("International Office"))],
            [cell(params.title, bold)],
            [cell(gettext("Year")), cell(params.year)],
            [cell(gettext("Produced on")), cell(timezone.localdate())],
            [cell(gettext("Headcounts on")), cell(params.as_of)],
            [cell(gettext("Day chosen by the user")), cell(gettext("yes") if params.as_of_chosen else gettext("no"))],
            [cell(gettext("Talent projects since")), cell(params.talent_since)],
            [],
            [cell(key_figures.title, bold)],
            [cell(force_str(c), bold) for c in key_figures.columns],
            *[[cell(value) for value in row] for row in key_figures.rows],
            [cell(key_figures.note)],
            [],
            [cell(trends.title, bold)],
        ]
        header_row = len(rows) + 1
        rows.append([cell(force_str(c), bold) for c in trends.columns])
        # Years before the first record are empty cells: the charts leave a gap there rather than draw a zero.
        years = [row for row in trends.rows if isinstance(row[0], int)]
        rows += [[cell(None if isinstance(v, NoRecords) else v) for v in row] for row in years]
        for row in rows:
            ws.append(row)
        _add_charts(ws, header_row, header_row + len(years))
        return len(key_figures.rows) + len(years)

    return write


def _add_charts(ws, header_row: int, last_row: int) -> None:
    column = {attr: i + 2 for i, (attr, _label) in enumerate(TREND_COLUMNS)}
    for n, (title, attrs) in enumerate(CHART_GROUPS):
        chart = LineChart()
        chart.title = force_str(title)
        chart.width, chart.height = CHART_WIDTH_CM, CHART_HEIGHT_CM
        chart.display_blanks = "gap"
        first, last = column[attrs[0]], column[attrs[-1]]
        chart.add_data(
            Reference(ws, min_col=first, max_col=last, min_row=header_row, max_row=last_row), titles_from_data=True
        )
        chart.set_categories(Reference(ws, min_col=1, min_row=header_row + 1, max_row=last_row))
        chart.y_axis.title = gettext("People or institutions")
        chart.x_axis.title = gettext("Year")
        # Shown axes: newer Excel hides an axis whose "delete" flag is not set to false.
        chart.x_axis.delete = False
        chart.y_axis.delete = False
        chart.legend.position = "b"
        ws.add_chart(chart, f"{CHART_COLUMN}{1 + n * CHART_ROWS}")


def workbook_sheets(params: ReportParams, key_figures: Table, sections) -> list:
    tables = [table for section in sections for table in section.tables]
    trends = next(table for table in tables if table.key == "trends")
    return [summary_sheet(params, key_figures, trends), *(table_sheet(table) for table in tables)]
