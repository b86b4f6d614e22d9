from django.contrib import admin
from django.urls import path

from intl_office.accounts import views

app_name = "accounts"

# Under /admin/account/: the admin site's own gate (active staff only, never cached) guards each page.
urlpatterns = [
    path("second-factor/", admin.site.admin_view(views.second_factor), name="second-factor"),
    path("second-factor/backup-codes/", admin.site.admin_view(views.backup_codes), name="backup-codes"),
]
