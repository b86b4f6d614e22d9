from django.urls import path

from intl_office.site import program_pages
from intl_office.site.page_cache import public_page

app_name = "programs"

urlpatterns = [
    path("", public_page(program_pages.ProgramListView.as_view()), name="list"),
    path("<slug:slug>/", public_page(program_pages.ProgramDetailView.as_view()), name="detail"),
]
