from django.urls import path

from partners import views

app_name = "partners"

urlpatterns = [
    path("", views.InstitutionListView.as_view(), name="list"),
    path("<slug:slug>/", views.InstitutionDetailView.as_view(), name="detail"),
]
