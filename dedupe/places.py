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

# Words for the kind of settlement, before or after its name.
_SETTLEMENT_WORDS = frozenset("г гор город пгт рп пос поселок п с село д дер деревня ст станица".split())
# What managers type for the largest cities (after spaces and hyphens became one hyphen).
_CITY_ALIASES = {
    "мск": "москва", "спб": "санкт-петербург", "с-пб": "санкт-петербург", "с-петербург": "санкт-петербург",
    "питер": "санкт-петербург", "петербург": "санкт-петербург", "екб": "екатеринбург", "нск": "новосибирск", "н-новгород": "нижний-новгород",
    "ростов-н-д": "ростов-на-дону",
}
# Parts of an address that name a region or a country, not the settlement.
_NOT_A_SETTLEMENT = re.compile(r"\b(?:обл|область|край|респ|республика|округ|ао|россия|рф|район|р-н)\b")
# Words for the parts of a street address; the names and numbers are what identify it.
_ADDRESS_WORDS = frozenset("""ул улица пр пр-т пр-кт просп проспект пер переулок ш шоссе б-р бул бульвар наб
набережная пл площадь пр-д проезд туп тупик мкр микрорайон д дом стр строение корп корпус к лит литера оф офис
кв квартира пом помещение эт этаж комн комната т кт р б""".split())
_POSTCODE = re.compile(r"^\d{6}$")
_WORD_SEPARATORS = re.compile(r"[\s\-]+")


@lru_cache(maxsize=4096)
def normalize_city(text: str) -> str:
    """«г. Санкт-Петербург» → «санкт-петербург»; «Химки, Московская обл.» → «химки»; "" when empty."""
    for part in text.split(","):
        folded = fold_text(part)
        if not folded or _NOT_A_SETTLEMENT.search(folded) or _POSTCODE.match(folded):
            continue
        name = "-".join(word for word in _WORD_SEPARATORS.split(folded) if word and word not in _SETTLEMENT_WORDS)
        return _CITY_ALIASES.get(name, name)
    return ""


def normalize_street_address(text: str) -> str:
    """The street, house and office of an address as one key; "" when it has no house number (a city
    or a street alone identifies nothing)."""
    words = [word for word in fold_text(text.replace("-", " ")).split()
             if word not in _ADDRESS_WORDS and not _POSTCODE.match(word)]
    if not any(word[0].isdigit() for word in words) or not any(word[0].isalpha() for word in words):
        return ""
    return " ".join(words)
