"""The second factor's devices: an authenticator app (TOTP) and a sheet of backup codes (static tokens).

Every verification locks the device rows (select_for_update) inside a transaction, so a code cannot be
used twice by two requests at once; django-otp refuses a TOTP code at or before the last one accepted,
slows down repeated failures, and deletes a backup code once it has been used.
"""

import re
from base64 import b32encode

import qrcode
import qrcode.image.svg
from django.db import transaction
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

BACKUP_CODE_COUNT = 10
APP_DEVICE_NAME = "Authenticator app"
BACKUP_DEVICE_NAME = "Backup codes"
_TOTP_CODE = re.compile(r"\d{6}")


def normalise(code: str) -> str:
    """What the person typed, without spaces or dashes, lower case (backup codes are shown in lower case)."""
    return re.sub(r"[\s-]", "", code or "").lower()


def app_device(user, *, confirmed: bool = True) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).order_by("pk").first()


def backup_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def has_second_factor(user) -> bool:
    """An authenticator app, or at least one unused backup code."""
    return app_device(user) is not None or backup_codes_left(user) > 0


def verify_code(user, code: str):
    """The device that accepts this code (a six-digit app code, else a backup code), or None."""
    code = normalise(code)
    if not code:
        return None
    model = TOTPDevice if _TOTP_CODE.fullmatch(code) else StaticDevice
    with transaction.atomic():
        for device in model.objects.filter(user=user, confirmed=True).order_by("pk").select_for_update():
            if device.verify_token(code):
                return device
    return None


def pending_app_device(user) -> TOTPDevice:
    """The app being set up: the same one until it is confirmed, so reloading the page keeps the scanned code."""
    return app_device(user, confirmed=False) or TOTPDevice.objects.create(
        user=user, name=APP_DEVICE_NAME, confirmed=False
    )


def confirm_app_device(device: TOTPDevice, code: str) -> bool:
    code = normalise(code)
    if not _TOTP_CODE.fullmatch(code):
        return False
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        if not device.verify_token(code):
            return False
        device.confirmed = True
        device.save(update_fields=["confirmed"])
    return True


def secret(device: TOTPDevice) -> str:
    """The key as an app asks for it when typed in: base32, in groups of four."""
    key = b32encode(device.bin_key).decode()
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def qr_svg(device: TOTPDevice) -> str:
    """The app's set-up link as an inline SVG QR code, drawn here (no outside service sees the secret)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathFillImage, box_size=12)
    return image.to_string(encoding="unicode")


def issue_backup_codes(user, count: int = BACKUP_CODE_COUNT) -> list[str]:
    """A new sheet of backup codes; the previous sheet stops working."""
    with transaction.atomic():
        device, _ = StaticDevice.objects.get_or_create(user=user, name=BACKUP_DEVICE_NAME, defaults={"confirmed": True})
        device.token_set.all().delete()
        device.throttle_reset(commit=False)
        device.confirmed = True
        device.save()
        codes = [StaticToken.random_token() for _ in range(count)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def reset(user) -> int:
    """Removes the user's app and backup codes; they set up a new app at their next visit to the staff area."""
    removed, _ = TOTPDevice.objects.filter(user=user).delete()
    removed_backup, _ = StaticDevice.objects.filter(user=user).delete()
    return removed + removed_backup


def mark_verified(request, device) -> None:
    """The session has passed the second factor: a new session key for the raised privilege, then the device."""
    request.session.cycle_key()
    otp_login(request, device)
