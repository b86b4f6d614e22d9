from django.contrib import admin
from django.urls import path

from intl_office.reminders import views

app_name = "reminders"

urlpatterns = [
    path("decide/", admin.site.admin_view(views.decide), name="decide"),
]
