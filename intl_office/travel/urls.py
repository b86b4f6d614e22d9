from django.urls import path

from intl_office.travel import views

app_name = "travel"

urlpatterns = [
    path("", views.SummaryListView.as_view(), name="summaries"),
    path("<int:pk>/", views.SummaryDetailView.as_view(), name="summary"),
]
