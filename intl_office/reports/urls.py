from django.urls import path

from intl_office.reports import views as report_views

app_name = "reports"

urlpatterns = [
    path("", report_views.index, name="index"),
    path("annual.xlsx", report_views.workbook, name="workbook"),
    path("annual.pdf", report_views.pdf, name="pdf"),
    path("tables/<slug:key>.<str:file_format>", report_views.table_download, name="table-download"),
]
