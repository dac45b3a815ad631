"""Cities and street addresses as people type them into ADDRESS_CITY and ADDRESS.

A city is compared by its name alone: «г. Москва», «Москва г», «город Москва» and «МСК» are one city,
and two cards that differ only in that were read as two cities — and so as two companies. A street
address keeps its street, house and office and drops the words for them («ул.», «д.», «оф.»), so
«ул. Белинского, д. 72, оф. 795» and «Белинского ул, 72, офис 795» are one address.
"""
from __future__ import annotations

import re
from functools import lru_cache

from dedupe.text import fold_text

# Words for the kind of settlement, before or after its name («г.о.» is a городской округ).
_SETTLEMENT_WORDS = frozenset("г о гор город пгт рп пос поселок п с село д дер деревня ст станица".split())
# What managers type for the largest cities (after spaces and hyphens became one hyphen).
_CITY_ALIASES = {
    "мск": "москва", "спб": "санкт-петербург", "с-пб": "санкт-петербург", "с-петербург": "санкт-петербург",
    "питер": "санкт-петербург", "петербург": "санкт-петербург", "екб": "екатеринбург", "нск": "новосибирск",
    "н-новгород": "нижний-новгород", "ростов-н-д": "ростов-на-дону",
}
# Parts of an address that name a region or a country, not the settlement.
_NOT_A_SETTLEMENT = re.compile(r"\b(?:обл|область|край|респ|республика|округ|ао|россия|рф|район|р-н)\b")
# Words for the parts of a street address (hyphenated ones arrive split: «пр-т» → «пр», «т»); the
# names and numbers are what identify it.
_ADDRESS_WORDS = frozenset("""ул улица пр т кт просп проспект пер переулок ш шоссе б р бул бульвар наб набережная
пл площадь д проезд туп тупик мкр микрорайон дом стр строение корп корпус к лит литера оф офис кв квартира
пом помещение эт этаж комн комната""".split())
_POSTCODE = re.compile(r"^\d{6}$")
_WORD_SEPARATORS = re.compile(r"[\s\-]+")


@lru_cache(maxsize=4096)
def normalize_city(text: str) -> str:
    """«г. Санкт-Петербург» → «санкт-петербург»; «Химки, Московская обл.» → «химки»; "" when empty.

    Only the words for a settlement before or after the name are dropped («Ростов-на-Дону» keeps its
    «на»), and an abbreviation is looked up at every step («С-Пб» before its «с» could go)."""
    for part in text.split(","):
        folded = fold_text(part)
        if not folded or _NOT_A_SETTLEMENT.search(folded) or _POSTCODE.match(folded):
            continue
        words = [word for word in _WORD_SEPARATORS.split(folded) if word]
        without_prefix = _drop_leading(words)
        without_both = _drop_leading(without_prefix[::-1])[::-1]
        for trimmed in (words, without_prefix, without_both):
            name = "-".join(trimmed)
            if name in _CITY_ALIASES:
                return _CITY_ALIASES[name]
        return name
    return ""


def _drop_leading(words: list[str]) -> list[str]:
    position = 0
    while position < len(words) - 1 and words[position] in _SETTLEMENT_WORDS:
        position += 1
    return words[position:]


def normalize_street_address(text: str) -> str:
    """The street, house and office of an address as one key; "" unless a street name is followed by a
    number (a city, a street alone or «8 Марта» identifies nothing). A building letter stays with its
    number: «12 Б» is «12б», not house 12."""
    tokens = fold_text(text.replace("-", " ")).split()
    words: list[str] = []
    for position, token in enumerate(tokens):
        following = tokens[position + 1] if position + 1 < len(tokens) else ""
        if (len(token) == 1 and token.isalpha() and words and words[-1][-1].isdigit()
                and not following[:1].isdigit()):
            words[-1] += token                  # «12 Б»: a letter after a number, not a «к. 2» marker
        elif token not in _ADDRESS_WORDS and not _POSTCODE.match(token):
            words.append(token)
    street = next((n for n, word in enumerate(words) if word[0].isalpha()), None)
    if street is None or not any(word[0].isdigit() for word in words[street + 1:]):
        return ""
    return " ".join(words)


def names_city(words: tuple[str, ...] | list[str], city: str) -> bool:
    """Some run of `words` (a title's note) is `city` (normalised), perhaps declined: «в Нижнем
    Новгороде», «в г. Саратове», «в Уфе». Ending changes only: «Орске» is not «Орёл»."""
    parts = [part for word in words for part in word.split("-") if part]
    target = city.split("-")
    return any(all(_declined(parts[start + n], word) for n, word in enumerate(target))
               for start in range(len(parts) - len(target) + 1))


def _declined(word: str, city_word: str) -> bool:
    if word == city_word:
        return True
    kept = len(city_word) - (2 if len(city_word) >= 5 else 1)     # the ending a case may change
    return abs(len(word) - len(city_word)) <= 2 and word[:kept] == city_word[:kept] and kept >= 2
