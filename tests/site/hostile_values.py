"""Query-string values an attacker or a broken crawler sends, percent-encoded as they would arrive."""

from urllib.parse import quote

WORDS = "rail engineering exchange leuven summer materials logistics transport beijing double "


def _encoded(values: list[str]) -> list[str]:
    return [quote(value, safe="") for value in values]


# Values as text, encoded for the query string.
HOSTILE_TEXT = _encoded(
    [
        "",
        WORDS * 100,  # 1,000 words
        WORDS * 190,  # 1,900 words
        "a" * 100_000,
        "a " * 20_000,
        "\x00",
        "a\x00b",
        "\x01\x02\x1b\x7f\x9f",
        "北京交通大学 鲁汶",
        "🚆" * 5_000,
        "\u202eevil\u202c",
        "%",
        "\\",
        "'; DROP TABLE programs_program; --",
        "<script>alert(1)</script>",
        "{{ 7*7 }}",
        "-1",
        "2013",
        "2013.5",
        "99999999999999999999",
        "9" * 5_000,  # longer than Python's int() accepts
        "1e400",
        "NaN",
        "last",
        "\uff11\uff12\uff13",  # full-width digits
        "٣",  # an Arabic-Indic digit
        "//evil.example/",
        "javascript:alert(1)",
    ]
)

# Raw query-string fragments that are not valid percent-encoded UTF-8.
HOSTILE_RAW = ["%ff%fe", "%ed%a0%80", "%c0%80", "%", "%%", "%zz", "%00%00"]

HOSTILE_VALUES = HOSTILE_TEXT + HOSTILE_RAW


def query_strings(params: list[str], value: str, *, each_alone: bool = True) -> list[str]:
    """Each parameter alone with the value; all of them at once with one the page does not know; the first one
    repeated many times (the last one wins in Django, every one counts for code that reads lists)."""
    queries = [f"{param}={value}" for param in params] if each_alone else []
    queries.append("&".join(f"{param}={value}" for param in [*params, "utm_source"]))
    repeated = params[0] if params else "utm_source"
    queries.append("&".join([f"{repeated}={value}"] * (50 if len(value) < 1_000 else 3)))
    return queries
