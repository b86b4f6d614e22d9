"""How the settings read the environment: django-environ, with the project's .env, refusing values it would guess at.

``environ.Env.bool`` reads any unknown word as False and ``Env.int`` raises a bare ValueError; a typo in a deployment's
environment must stop start-up with a message naming the variable instead (``DJANGO_DEBUG=maybe``).
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


class StrictEnv(environ.Env):
    """django-environ's reader, with booleans and whole numbers checked."""

    def strict_bool(self, name: str, default: bool) -> bool:
        raw = self.str(name, default=str(default)).strip().lower()
        if raw in TRUE_WORDS:
            return True
        if raw in FALSE_WORDS:
            return False
        raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")

    def strict_int(self, name: str, default: int, minimum: int | None = None) -> int:
        try:
            value = self.int(name, default=default)
        except ValueError:
            raise ImproperlyConfigured(f"{name} must be a whole number, not {self.str(name)!r}.") from None
        if minimum is not None and value < minimum:
            raise ImproperlyConfigured(f"{name} must be {minimum} or more, not {value}.")
        return value

    def strict_positive_int(self, name: str, default: int) -> int:
        return self.strict_int(name, default, minimum=1)


def read_environment(base_dir: Path) -> StrictEnv:
    """The environment, with ``base_dir/.env`` read first unless DJANGO_READ_DOT_ENV=false (the settings tests use it
    to see the bare defaults)."""
    env = StrictEnv()
    if env.str("DJANGO_READ_DOT_ENV", default="true").strip().lower() not in {"0", "false", "no", "off"}:
        environ.Env.read_env(base_dir / ".env")
    return env
