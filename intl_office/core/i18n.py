"""Text in the page's language: which language the page is in, record text in it, names sorted as its reader expects."""

import unicodedata

from django.utils.translation import get_language
from django_countries import countries
from pypinyin import Style, lazy_pinyin


def chinese_page() -> bool:
    """Whether the active language is Chinese (zh-hans, or any other zh variant)."""
    return (get_language() or "").startswith("zh")


def localized(english: str, chinese: str) -> str:
    """The Chinese text on a Chinese page when there is one, else the English text."""
    if chinese and chinese_page():
        return chinese
    return english


def name_sort_key(name) -> tuple[str, str]:
    """A key that orders names as a reader of the page's language expects.

    Chinese names go by pinyin (澳大利亚 ao, 比利时 bi, 德国 de), as in a Chinese dictionary; code-point order would be
    arbitrary. Other names go alphabetically, accents ignored (Côte d'Ivoire next to Costa Rica).
    """
    name = str(name)
    if chinese_page():
        return pinyin_sort_key(name), name
    return latin_sort_key(name), name


def folded(text) -> str:
    """Text with accents and case set aside, for searching and sorting: "École" reads as "ecole"."""
    return "".join(c for c in unicodedata.normalize("NFKD", str(text)) if not unicodedata.combining(c)).casefold()


def latin_sort_key(name) -> str:
    """Alphabetical, accents ignored (Côte d'Ivoire next to Costa Rica)."""
    return folded(name)


def pinyin_sort_key(name) -> str:
    """Pinyin, as in a Chinese dictionary (澳大利亚 ao, 比利时 bi, 德国 de); Latin letters are kept, folded."""
    # Tone numbers keep syllables with different tones apart.
    return folded(" ".join(lazy_pinyin(str(name), style=Style.TONE3, neutral_tone_with_five=True)))


def sorted_countries(codes) -> list[tuple[str, str]]:
    """(code, name) choices for these country codes, ordered by name in the page's language."""
    names = [(code, str(countries.name(code))) for code in set(codes) if code]
    return sorted(names, key=lambda choice: name_sort_key(choice[1]))
