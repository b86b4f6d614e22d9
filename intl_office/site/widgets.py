"""Form widgets of the public site."""

from html import escape

from django import forms
from django.forms.utils import flatatt
from django.utils.safestring import mark_safe


class LongSelect(forms.Select):
    """A ``<select>`` rendered in one pass rather than a template per option: the catalogue's partner filter offers
    every partner of a published program (thousands at a hundred times BJTU's records), and Django's per-option
    templates made its rendering most of the page's time. Plain options only (no groups)."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(v) for v in self.format_value(value)}
        final_attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        options = "".join(
            f'<option value="{escape(str(option))}"{" selected" if str(option) in chosen else ""}>'
            f"{escape(str(label))}</option>"
            for option, label in self.choices
        )
        # flatatt escapes the attributes; escape() every value and label above.
        return mark_safe(f"<select{flatatt(final_attrs)}>{options}</select>")
