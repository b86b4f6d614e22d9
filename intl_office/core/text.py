"""The one rule for plain text, typed or imported: no control characters.

A NUL byte, a bell or an escape sequence has no place in a name or a note: it comes from copying out of another
program, breaks exports and can hide text on a terminal. C0 controls (U+0000 to U+001F) and DEL (U+007F) are refused,
except the tab, and line breaks (LF, CR) in multi-line text (a ``TextField``).

The staff admin applies it to every text field of every form (``intl_office.core.admin.OfficeModelForm``); the
importer to every text column (``intl_office.core.resources.TextWidget``).
"""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.deconstruct import deconstructible
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

# The control characters' usual abbreviations, to name the one found.
C0_NAMES = (
    "NUL SOH STX ETX EOT ENQ ACK BEL BS HT LF VT FF CR SO SI DLE DC1 DC2 DC3 DC4 NAK SYN ETB CAN EM SUB ESC FS GS RS US"
).split()

_SINGLE_LINE = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
_MULTI_LINE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def character_name(char: str) -> str:
    """U+0007 (BEL)."""
    code = ord(char)
    name = C0_NAMES[code] if code < len(C0_NAMES) else "DEL"
    return f"U+{code:04X} ({name})"


def control_character(text: str, *, multiline: bool = False) -> str | None:
    """The first forbidden control character in ``text``, or None."""
    found = (_MULTI_LINE if multiline else _SINGLE_LINE).search(text)
    return found.group() if found else None


def control_character_problem(text: str, *, multiline: bool = False) -> str | None:
    """What is wrong with ``text``, in words (to follow a field's name), or None when it holds no forbidden control
    character."""
    char = control_character(text, multiline=multiline)
    if char is None:
        return None
    if char in "\n\r":
        return str(_("contains a line break, but this field takes a single line"))
    return str(
        _("contains the control character %(character)s, which text may not hold; remove it")
        % {"character": character_name(char)}
    )


@deconstructible
class NoControlCharactersValidator:
    """Refuses text holding a control character (line breaks only allowed when ``multiline``)."""

    code = "control_character"

    def __init__(self, *, multiline: bool = False):
        self.multiline = multiline

    def __call__(self, value):
        if not isinstance(value, str):
            return
        problem = control_character_problem(value, multiline=self.multiline)
        if problem is not None:
            raise ValidationError(_("%(problem)s.") % {"problem": capfirst(problem)}, code=self.code)

    def __eq__(self, other):
        return isinstance(other, NoControlCharactersValidator) and other.multiline == self.multiline


def is_multiline(model_field) -> bool:
    """Whether a model field holds several lines of text (a ``TextField``)."""
    return isinstance(model_field, models.TextField)
