"""What an imported file may hold (from the settings, read when a file is checked), and the refusal of a file."""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext


class ImportFileError(Exception):
    """The file as a whole cannot be imported; ``messages`` say why."""

    def __init__(self, *messages):
        super().__init__(" ".join(str(m) for m in messages))
        self.messages = [str(m) for m in messages]


def too_big(what: str, limit: str) -> ImportFileError:
    """The refusal of a file over one of the limits, before it is read: what it holds, and the limit."""
    return ImportFileError(
        gettext(
            "The file was refused before reading it: %(what)s; the limit is %(limit)s. Split it into smaller files."
        )
        % {"what": what, "limit": limit}
    )


@dataclass(frozen=True)
class Limits:
    file_bytes: int
    rows: int  # records, below the header
    columns: int
    cells: int
    # XLSX only: the zip and its parts.
    parts: int
    part_bytes: int
    uncompressed_bytes: int
    shared_strings: int
    shared_strings_bytes: int

    @classmethod
    def from_settings(cls) -> "Limits":
        return cls(
            file_bytes=settings.IMPORT_MAX_FILE_BYTES,
            rows=settings.IMPORT_MAX_ROWS,
            columns=settings.IMPORT_MAX_COLUMNS,
            cells=settings.IMPORT_MAX_CELLS,
            parts=settings.IMPORT_XLSX_MAX_PARTS,
            part_bytes=settings.IMPORT_XLSX_MAX_PART_BYTES,
            uncompressed_bytes=settings.IMPORT_XLSX_MAX_UNCOMPRESSED_BYTES,
            shared_strings=settings.IMPORT_XLSX_MAX_SHARED_STRINGS,
            shared_strings_bytes=settings.IMPORT_XLSX_MAX_SHARED_STRINGS_BYTES,
        )


def megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}"
