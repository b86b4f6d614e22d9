from django.urls import path

from intl_office.site import program_pages

app_name = "programs"

urlpatterns = [
    path("", program_pages.ProgramListView.as_view(), name="list"),
    path("<slug:slug>/", program_pages.ProgramDetailView.as_view(), name="detail"),
]
