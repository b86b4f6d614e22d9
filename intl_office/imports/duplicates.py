"""Rows of one file that repeat an earlier row, wholly or by a natural key: refused before anything is imported."""

import tablib
from django.utils.translation import gettext

from intl_office.core.resources import OfficeResource, cell_text


def _normalized_key_part(resource, row, name):
    value = resource.key_value(row, name)
    if value is None:
        return None
    return resource.fields[name].widget.render(value).strip().lower()


def duplicate_rows(resource: OfficeResource, dataset: tablib.Dataset, line_numbers: list[int]) -> list[str]:
    """Rows that repeat an earlier row of the same file, wholly or by a natural key."""
    messages = []
    seen_rows = {}
    seen_keys = {key: {} for key in resource.natural_keys}
    for index, values in enumerate(dataset):
        line = line_numbers[index]
        whole = tuple(cell_text(v).lower() for v in values)
        if whole in seen_rows:
            messages.append(gettext("row %(row)d repeats row %(first)d") % {"row": line, "first": seen_rows[whole]})
            continue
        seen_rows[whole] = line
        row = dict(zip(dataset.headers, values, strict=False))
        # A row is identified by its first filled key, as ``find_existing`` does; two students with different
        # numbers but the same name are two students.
        for key in resource.natural_keys:
            if not all(name in row for name in key):
                continue
            parts = tuple(_normalized_key_part(resource, row, name) for name in key)
            if any(part is None for part in parts):
                continue
            if parts in seen_keys[key]:
                labels = ", ".join(resource.label_for(name) for name in key)
                messages.append(
                    gettext("row %(row)d has the same %(labels)s as row %(first)d")
                    % {"row": line, "labels": labels, "first": seen_keys[key][parts]}
                )
            seen_keys[key][parts] = seen_keys[key].get(parts, line)
            break
    return messages
