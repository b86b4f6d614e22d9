"""A CSV file's text: UTF-8 (with or without a byte order mark), or the GBK/GB18030 that Excel writes on Chinese
Windows when it reads as Chinese. Anything else is refused, naming the encodings it could be (charset-normalizer's
guesses), since read as GBK it would be imported as garbled Chinese.

GB18030 decodes almost any bytes: Shift-JIS Japanese, EUC-KR Korean and Windows-1252 accented Latin all come out as
"Chinese". Each leaves a trace:

- Windows-1252: an accented letter swallows the Latin letter after it into a rare character (``looks_western``);
- Shift-JIS and Big5: most characters fall outside GB2312 (the 6,763 common characters and Chinese punctuation),
  or on its kana, Greek and Cyrillic rows;
- EUC-KR: Hangul lands on the first 25 rows of GB2312's characters (B0-C8), which real Chinese text, spread over
  all 72 rows, does not keep to for 30 characters.
"""

import re
from collections import Counter
from functools import lru_cache

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .limits import ImportFileError

UTF8_BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")

UTF16_MESSAGE = _("The file is not UTF-8 text (it looks like UTF-16). Save it as 'CSV UTF-8' and try again.")
WESTERN_TEXT_MESSAGE = _(
    "The file is not UTF-8 text (nor GBK/GB18030): it looks like a Western (Windows-1252) file, whose accented "
    "letters would be read as Chinese characters. Save it as 'CSV UTF-8' and try again."
)
UNKNOWN_MESSAGE = _("The file is not UTF-8 text (nor GBK/GB18030). Save it as 'CSV UTF-8' and try again.")

# Share of characters that are not common Chinese (GB2312) beyond which GBK text is not Chinese.
MAX_FOREIGN_SHARE = 0.3
# Characters needed before "(nearly) all on the Hangul rows" says Korean: about 60% of Chinese text is on those
# rows, and 30 running characters of the office's own Chinese never were all on them. A shorter Korean file cannot be
# told from Chinese.
KOREAN_MIN_CHARACTERS = 30
KOREAN_SHARE = 0.97

# charset-normalizer's codec names, grouped under the name people know.
ENCODING_FAMILIES = (
    ({"cp932", "shift_jis", "shift_jis_2004", "shift_jisx0213"}, _("Shift-JIS (Japanese)")),
    ({"euc_jp", "euc_jis_2004", "euc_jisx0213", "iso2022_jp"}, _("EUC-JP (Japanese)")),
    ({"cp949", "euc_kr", "johab", "iso2022_kr"}, _("EUC-KR (Korean)")),
    ({"big5", "big5hkscs", "cp950"}, _("Big5 (Traditional Chinese)")),
    ({"utf_16", "utf_16_le", "utf_16_be", "utf_32", "utf_32_le", "utf_32_be"}, _("UTF-16")),
    ({"cp1252", "latin_1", "iso8859_15", "iso8859_1"}, _("Windows-1252 (Western European)")),
    ({"cp1250", "iso8859_2"}, _("Windows-1250 (Central European)")),
    ({"cp1251", "koi8_r", "iso8859_5", "mac_cyrillic"}, _("Windows-1251 (Cyrillic)")),
)
CHINESE_GB = {"gb18030", "gbk", "gb2312", "hz"}
MAX_NAMED = 3


def decode(data: bytes) -> str:
    """The text of a CSV file, or an ``ImportFileError`` naming the encodings it could be."""
    if data.startswith(UTF8_BOM):
        try:
            return data[len(UTF8_BOM) :].decode("utf-8")
        except UnicodeDecodeError:
            raise ImportFileError(_refusal(data)) from None
    if data.startswith(UTF16_BOMS) or _mostly_nul(data[:4096]):
        raise ImportFileError(UTF16_MESSAGE)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        # GB18030 contains GBK and GB2312: what Excel writes for CSV on Chinese Windows.
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        raise ImportFileError(_refusal(data)) from None
    if looks_western(data, text):
        raise ImportFileError(WESTERN_TEXT_MESSAGE)
    if not reads_as_chinese(text):
        raise ImportFileError(_refusal(data))
    return text


def _mostly_nul(sample: bytes) -> bool:
    # UTF-16 writes ASCII with a NUL byte each; a stray NUL in UTF-8 text is left to the row checks.
    return bool(sample) and sample.count(0) * 8 >= len(sample)


def _refusal(data: bytes) -> str:
    names = candidate_encodings(data)
    if not names:
        return str(UNKNOWN_MESSAGE)
    return gettext(
        "The file is not UTF-8 text, nor GBK/GB18030 text that reads as Chinese; it could be %(encodings)s. "
        "Save it as 'CSV UTF-8' and try again."
    ) % {"encodings": gettext(" or ").join(names)}


def candidate_encodings(data: bytes) -> list[str]:
    """charset-normalizer's guesses, best first, by the names people know (Chinese GB encodings left out)."""
    from charset_normalizer import from_bytes

    known, others = [], []
    for match in from_bytes(data):
        codecs = {match.encoding, *match.could_be_from_charset}
        if codecs & CHINESE_GB:
            continue
        family = next((str(label) for members, label in ENCODING_FAMILIES if codecs & members), None)
        if family is not None and family not in known:
            known.append(family)
        elif family is None and match.language and match.language != "Unknown":
            others.append(f"{match.encoding} ({match.language})")
        else:
            others.append(match.encoding)
    # The encodings people know first; the detector's rarer guesses only when it has nothing else.
    return (known or others)[:MAX_NAMED]


@lru_cache(maxsize=32768)  # Bounded: a hostile file may hold any character.
def _gb_bytes(char: str) -> bytes:
    return char.encode("gb18030")


def _outside_gb2312(char: str) -> bool:
    # GB2312, the 6,763 common characters, has both bytes in A1-FE; GBK's additions (rare characters) take an ASCII
    # byte as second byte, as does an accented Latin letter followed by a letter ("ä" "t" read as one character).
    encoded = _gb_bytes(char)
    return len(encoded) != 2 or encoded[1] < 0xA1


def looks_western(data: bytes, text: str) -> bool:
    """Whether bytes that decoded as GB18030 are really a Western file (Windows-1252 or Latin-1).

    "Universität" in Windows-1252 is also valid GB18030: "Universit鋞". The tell is a character outside GB2312
    touching an ASCII letter: an accented letter inside a Latin word swallowed the letter after it. Genuine GBK
    text keeps its Chinese next to Chinese, digits and punctuation, or uses GB2312 characters when it touches
    Latin letters ("北京交通大学BJTU").
    """
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return False
    outside = "".join(sorted(char for char in set(_NON_ASCII.findall(text)) if _outside_gb2312(char)))
    if not outside:
        return False
    chars = re.escape(outside)
    return re.search(f"[A-Za-z][{chars}]|[{chars}][A-Za-z]", text) is not None


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _is_chinese(char: str) -> bool:
    """A GB2312 character (rows B0-F7) or Chinese punctuation and full-width forms (rows A1-A3)."""
    encoded = _gb_bytes(char)
    if len(encoded) != 2 or encoded[1] < 0xA1 or encoded[1] == 0xFF:
        return False
    return 0xB0 <= encoded[0] <= 0xF7 or 0xA1 <= encoded[0] <= 0xA3


def _on_hangul_rows(char: str) -> bool:
    encoded = _gb_bytes(char)
    return len(encoded) == 2 and 0xB0 <= encoded[0] <= 0xC8 and encoded[1] >= 0xA1


def reads_as_chinese(text: str) -> bool:
    """Whether text decoded from GB18030 is Chinese rather than Japanese, Korean or Big5 read wrongly."""
    counts = Counter(_NON_ASCII.findall(text))
    total = sum(counts.values())
    if not total:
        return True
    foreign = sum(n for char, n in counts.items() if not _is_chinese(char))
    if foreign > total * MAX_FOREIGN_SHARE:
        return False
    hanzi = {char: n for char, n in counts.items() if _is_chinese(char) and _gb_bytes(char)[0] >= 0xB0}
    total_hanzi = sum(hanzi.values())
    on_hangul_rows = sum(n for char, n in hanzi.items() if _on_hangul_rows(char))
    return not (total_hanzi >= KOREAN_MIN_CHARACTERS and on_hangul_rows >= total_hanzi * KOREAN_SHARE)
