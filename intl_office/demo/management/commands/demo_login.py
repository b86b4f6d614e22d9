"""Create (or reset) the demo staff login that `make run` prints.

The credentials are fixed and public on purpose: they exist only for a local
demo database, never for a real deployment. So the command refuses to run with
debug off, and never takes over an existing account it did not create.

The demo login is a superuser, so it signs in with a second factor like any
other: the command gives it fresh backup codes and prints them (each works
once; run the command again for more). It is not exempt from anything.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from intl_office.accounts import devices

DEMO_USERNAME = "demo"
# At least 12 characters, as the password rules ask of everyone.
DEMO_PASSWORD = "demo-office-login"
# Marks the account as the demo login, so a real user called "demo" is left alone.
DEMO_EMAIL = f"{DEMO_USERNAME}@example.org"
DEMO_CODE_COUNT = 5


class Command(BaseCommand):
    help = (
        f"Create or reset the demo superuser ({DEMO_USERNAME} / {DEMO_PASSWORD}) with new one-time codes for its "
        "second factor, and print its login."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "The demo login has a published password; it is only created with DJANGO_DEBUG=true "
                "(a development database)."
            )
        user, created = get_user_model().objects.get_or_create(username=DEMO_USERNAME, defaults={"email": DEMO_EMAIL})
        if not created and user.email != DEMO_EMAIL:
            raise CommandError(
                f"A user called {DEMO_USERNAME!r} already exists and is not the demo login; it was left unchanged."
            )
        user.is_staff = user.is_superuser = user.is_active = True
        user.set_password(DEMO_PASSWORD)
        user.save()
        # A clean slate: an app someone set up on the demo login before is removed too.
        devices.reset(user)
        codes = devices.issue_backup_codes(user, DEMO_CODE_COUNT)
        action = "Created" if created else "Reset"
        self.stdout.write(self.style.SUCCESS(f"{action} the demo staff login."))
        self.stdout.write(f"  Username: {DEMO_USERNAME}\n  Password: {DEMO_PASSWORD}")
        self.stdout.write(f"  Code:     any one of {', '.join(codes)} (each works once)")
