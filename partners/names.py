"""Institution names: which names clerks write for the same institution."""

import difflib
import re
from collections import defaultdict
from functools import lru_cache

from intl_office.core.resources.widgets import names_a_country


@lru_cache(maxsize=20_000)
def normalize_institution_name(name: str) -> str:
    """The comparable core of a name: 'Univ. of Waterloo' and 'University of Waterloo' agree."""
    text = name.lower().replace("&", " and ")
    text = re.sub(r"\buniv\b\.?|\buni\b\.?|\bu\b\.?", "university", text)
    text = re.sub(r"\binst\b\.?", "institute", text)
    text = re.sub(r"\btech\b\.?", "technology", text)
    text = re.sub(r"\bnatl\b\.?|\bnat\b\.?", "national", text)
    text = re.sub(r"[^\w\s]", " ", text)
    words = [w for w in text.split() if w not in {"the"}]
    return " ".join(words)


SIMILARITY_THRESHOLD = 0.88
# Words that say nothing about which institution a name means, whatever their place in it.
NAME_STOP_WORDS = frozenset("the of and at in for de du des la le di del der und".split())


@lru_cache(maxsize=20_000)
def core_name(name: str) -> str:
    """The name without what offices add around it: bracketed text and a trailing ", Country"."""
    # Round, full-width round (\uff08 \uff09) and square brackets.
    text = re.sub(r"\([^)]*\)|\uff08[^\uff09]*\uff09|\[[^\]]*\]", " ", name)
    head, comma, tail = text.rpartition(",")
    if comma and names_a_country(tail):
        text = head
    return normalize_institution_name(text)


@lru_cache(maxsize=20_000)
def name_signature(name: str) -> frozenset[str]:
    """The words of a name in any order: 'Waterloo University' and 'U of Waterloo, Canada' agree."""
    return frozenset(w for w in core_name(name).split() if w not in NAME_STOP_WORDS)


def similar_names(name: str, candidates, *, limit: int = 3) -> list[str]:
    """Names among ``candidates`` that look like ``name`` without being exactly it (case aside)."""
    key = core_name(name)
    signature = name_signature(name)
    # Names made only of generic words ("University") say nothing by their words alone.
    distinctive = bool(signature - GENERIC_NAME_WORDS)
    matcher = difflib.SequenceMatcher()
    # SequenceMatcher caches what it learns about its second sequence: the name we compare everything to.
    matcher.set_seq2(key)
    scored = []
    for candidate in candidates:
        if not candidate or candidate.strip().lower() == name.strip().lower():
            continue
        other = core_name(candidate)
        if other == key or (distinctive and name_signature(candidate) == signature):
            scored.append((1.0, candidate))
            continue
        matcher.set_seq1(other)
        # The cheap upper bounds first, as difflib.get_close_matches does.
        if (
            matcher.real_quick_ratio() >= SIMILARITY_THRESHOLD
            and matcher.quick_ratio() >= SIMILARITY_THRESHOLD
            and matcher.ratio() >= SIMILARITY_THRESHOLD
        ):
            scored.append((matcher.ratio(), candidate))
    scored.sort(key=lambda pair: (-pair[0], pair[1]))
    return [candidate for _ratio, candidate in scored[:limit]]


# Words shared by many institution names: two names agreeing only on these are not alike.
GENERIC_NAME_WORDS = frozenset(
    "university institute technology national college school state science sciences polytechnic technical academy "
    "research center centre for and the of in at de du des la le di del der und fur für".split()
)


def _name_tokens(name: str) -> set[str]:
    # Word beginnings, so that a typo near the end of a word still meets the right candidates.
    return {w[:4] for w in core_name(name).split() if len(w) > 2 and w not in GENERIC_NAME_WORDS}


class NameIndex:
    """Institution names, looked up by their distinctive words: only names sharing one are compared in full.

    A name may come with its country: names in two different countries are never alike (the University of
    Birmingham is not Birmingham-Southern College's neighbour), but a name without one is compared with all.
    """

    def __init__(self, names=()):
        self.by_token = defaultdict(set)
        self.plain = set()  # names made only of generic words: compared with everything
        self.all = set()
        self.countries = defaultdict(set)
        for name in names:
            if isinstance(name, tuple):
                self.add(*name)
            else:
                self.add(name)

    def add(self, name: str, country: str = ""):
        tokens = _name_tokens(name)
        for token in tokens:
            self.by_token[token].add(name)
        if not tokens:
            self.plain.add(name)
        self.all.add(name)
        self.countries[name].add(country or "")

    def _same_country(self, candidate: str, country: str) -> bool:
        known = self.countries.get(candidate, {""})
        return not country or "" in known or country in known

    def similar(self, name: str, limit: int = 3, country: str = "") -> list[str]:
        tokens = _name_tokens(name)
        if not tokens:
            candidates = self.all
        else:
            candidates = set(self.plain)
            for token in tokens:
                candidates |= self.by_token.get(token, set())
        if country:
            candidates = [c for c in candidates if self._same_country(c, country)]
        return similar_names(name, candidates, limit=limit)
