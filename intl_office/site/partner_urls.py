from django.urls import path

from intl_office.site import partner_pages

app_name = "partners"

urlpatterns = [
    path("", partner_pages.InstitutionListView.as_view(), name="list"),
    path("<slug:slug>/", partner_pages.InstitutionDetailView.as_view(), name="detail"),
]
