"""The values an admin change form would post as it stands, read from the page, so a test changes only what it
means to change (inline management forms included)."""

from lxml import html


def form_values(page, form_id: str) -> dict:
    form = html.fromstring(page.content.decode()).get_element_by_id(form_id)
    values = {}
    for element in form.iter("input", "select", "textarea"):
        name = element.get("name")
        kind = element.get("type", "")
        if not name or kind in ("file", "submit") or element.get("disabled") is not None:
            continue
        if kind == "checkbox":
            if element.get("checked") is not None:
                values[name] = element.get("value", "on")
        elif element.tag == "select":
            selected = [option.get("value") for option in element.iter("option") if option.get("selected") is not None]
            values[name] = selected[0] if selected else ""
        elif element.tag == "textarea":
            text = element.text or ""
            values[name] = text[1:] if text.startswith("\n") else text
        else:
            values[name] = element.get("value", "")
    values.pop("_saveasnew", None)
    return values
