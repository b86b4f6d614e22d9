from django.urls import path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularJSONAPIView

from intl_office.api import views

app_name = "api"

urlpatterns = [
    path("programs/", views.ProgramList.as_view(), name="programs"),
    path("programs/<slug:slug>/", views.ProgramDetail.as_view(), name="program"),
    path("partners/", views.PartnerList.as_view(), name="partners"),
    path("partners/<slug:slug>/", views.PartnerDetail.as_view(), name="partner"),
    path("figures/", views.FigureYears.as_view(), name="figure-years"),
    path("figures/<int:year>/", views.YearFigures.as_view(), name="figures"),
    path("figures/<int:year>.csv", views.figures_csv, name="figures-csv"),
    path("schema/", SpectacularJSONAPIView.as_view(), name="schema"),
    # The docs page is a public page in both languages (the project's urls.py, /open-data/): the API's root leads there.
    path("", RedirectView.as_view(pattern_name="open-data", permanent=False)),
]
