"""Synthetic people: names from syllables (with the Chinese character that transliterates each), pinyin names for
BJTU's own people, passports "DEMO123456" and e-mail addresses at example.org, never repeated."""

import itertools
import random

from intl_office.demo.common import EMAIL_DOMAIN

SYLLABLES = {
    "ka": "卡", "lo": "洛", "mi": "米", "ren": "伦", "sa": "萨", "vel": "维", "dor": "多", "an": "安", "ti": "蒂",
    "mar": "马", "bel": "贝", "no": "诺", "ri": "里", "sen": "森", "tal": "塔", "zu": "祖", "ya": "雅", "el": "艾",
    "or": "奥", "fin": "芬", "da": "达", "ke": "克", "lin": "林", "mo": "莫", "ra": "拉", "su": "苏", "te": "特",
    "vi": "薇", "ro": "罗", "ne": "妮",
}  # fmt: skip
PINYIN_SURNAMES = ["Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Zhao", "Huang", "Zhou", "Wu", "Xu", "Sun", "Hu",
                   "Zhu", "Gao", "Lin", "He", "Guo", "Ma", "Luo"]  # fmt: skip
PINYIN_GIVEN = ["wei", "fang", "na", "min", "jing", "li", "qiang", "lei", "jun", "yang", "yong", "yan", "jie", "tao",
                "ming", "chao", "xiu", "xia", "ping", "gang", "hua", "yu", "lan", "hui", "xin", "yi", "hao",
                "zhen"]  # fmt: skip


def _latin(rng: random.Random, syllables: int) -> list[str]:
    return [rng.choice(list(SYLLABLES)) for _ in range(syllables)]


class People:
    """Synthetic names, passports and e-mail addresses, never repeated."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.serial = itertools.count(100001)

    def foreign(self) -> dict:
        given = _latin(self.rng, self.rng.choice((2, 2, 3)))
        family = _latin(self.rng, self.rng.choice((2, 3, 3)))
        n = next(self.serial)
        return {
            "family_name": "".join(family).capitalize(),
            "given_name": "".join(given).capitalize(),
            "name_zh": "".join(SYLLABLES[s] for s in given) + "·" + "".join(SYLLABLES[s] for s in family),
            "passport_number": f"DEMO{n:06d}",
            "email": f"{''.join(given)}.{''.join(family)}.{n}@{EMAIL_DOMAIN}",
        }

    def contact_name(self) -> str:
        person = self.foreign()
        return f"{person['given_name']} {person['family_name']}"

    def chinese(self) -> str:
        given = "".join(self.rng.sample(PINYIN_GIVEN, self.rng.choice((1, 2))))
        return f"{self.rng.choice(PINYIN_SURNAMES)} {given.capitalize()}"
