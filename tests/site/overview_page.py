"""Reading the overview page's figures back from its HTML."""

import re


def shown_figures(response) -> dict[str, str]:
    """The figures the page shows, by their data-figure name, as a visitor reads them."""
    html = response.content.decode()
    return {name: value.strip() for name, value in re.findall(r'data-figure="([a-z0-9_-]+)">([^<]*)<', html)}


def as_int(text: str) -> int:
    return int(text.replace(",", ""))
