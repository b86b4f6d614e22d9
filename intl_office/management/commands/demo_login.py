"""Create (or reset) the demo staff login that `make run` prints.

The credentials are fixed and public on purpose: they exist only for a local
demo database, never for a real deployment.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

DEMO_USERNAME = "demo"
DEMO_PASSWORD = "demo-office"


class Command(BaseCommand):
    help = f"Create or reset the demo superuser ({DEMO_USERNAME} / {DEMO_PASSWORD}) and print its login."

    def handle(self, *args, **options):
        user, created = get_user_model().objects.get_or_create(username=DEMO_USERNAME)
        user.email = f"{DEMO_USERNAME}@example.org"
        user.is_staff = user.is_superuser = user.is_active = True
        user.set_password(DEMO_PASSWORD)
        user.save()
        action = "Created" if created else "Reset"
        self.stdout.write(self.style.SUCCESS(f"{action} the demo staff login."))
        self.stdout.write(f"  Username: {DEMO_USERNAME}\n  Password: {DEMO_PASSWORD}")
