"""Text in the page's language: names sorted as a reader of that language expects."""

import unicodedata

from django_countries import countries
from pypinyin import Style, lazy_pinyin

from intl_office.core.models import chinese_page


def name_sort_key(name) -> tuple[str, str]:
    """A key that orders names as a reader of the page's language expects.

    Chinese names go by pinyin (澳大利亚 ao, 比利时 bi, 德国 de), as in a Chinese dictionary; code-point order would be
    arbitrary. Other names go alphabetically, accents ignored (Côte d'Ivoire next to Costa Rica).
    """
    name = str(name)
    if chinese_page():
        # Tone numbers keep syllables with different tones apart; the name itself breaks remaining ties.
        return " ".join(lazy_pinyin(name, style=Style.TONE3, neutral_tone_with_five=True)).casefold(), name
    plain = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return plain.casefold(), name


def sorted_countries(codes) -> list[tuple[str, str]]:
    """(code, name) choices for these country codes, ordered by name in the page's language."""
    names = [(code, str(countries.name(code))) for code in set(codes) if code]
    return sorted(names, key=lambda choice: name_sort_key(choice[1]))
