from django.urls import path

from intl_office.site import partner_pages
from intl_office.site.page_cache import public_page

app_name = "partners"

urlpatterns = [
    path("", public_page(partner_pages.InstitutionListView.as_view()), name="list"),
    path("<slug:slug>/", public_page(partner_pages.InstitutionDetailView.as_view()), name="detail"),
]
