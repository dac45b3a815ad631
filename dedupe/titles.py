"""Company titles: legal form apart from the name proper, so «ООО "Ромашка"», «Ромашка ООО» and
«Общество с ограниченной ответственностью «РОМАШКА»» all read as (ооо, ромашка).

Quotes of every kind, case, ё/е and Latin look-alikes are folded; hyphens and word order inside the
name do not matter (Альфа-Строй = Альфастрой = Строй Альфа). Digits must agree exactly (Стройтрест-5
is not Стройтрест-6). An entrepreneur's title («ИП Иванов И.И.») is compared as a person's name.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from rapidfuzz.distance import OSA

from dedupe.names import (CONFLICT, INITIALS, SURNAME_ONLY, PersonName, compare_names, full_person_name,
                          parse_person_name)
from dedupe.text import fold_text

# Full forms first (longest wins), then Latin spellings; all map to the usual Russian abbreviation.
# The genitive forms are how a branch's official title names its firm: «Филиал Акционерного общества …».
_LEGAL_FORMS = (
    ("федеральное государственное унитарное предприятие", "фгуп"),
    ("федерального государственного унитарного предприятия", "фгуп"),
    ("общество с ограниченной ответственностью", "ооо"),
    ("общества с ограниченной ответственностью", "ооо"),
    ("непубличное акционерное общество", "ао"), ("непубличного акционерного общества", "ао"),
    ("публичное акционерное общество", "пао"), ("публичного акционерного общества", "пао"),
    ("закрытое акционерное общество", "зао"), ("закрытого акционерного общества", "зао"),
    ("открытое акционерное общество", "оао"), ("открытого акционерного общества", "оао"),
    ("акционерное общество", "ао"), ("акционерного общества", "ао"),
    ("индивидуальный предприниматель", "ип"), ("индивидуального предпринимателя", "ип"),
    ("автономная некоммерческая организация", "ано"), ("автономной некоммерческой организации", "ано"),
    ("некоммерческая организация", "нко"), ("некоммерческой организации", "нко"),
    ("некоммерческое партнерство", "нп"),
    ("государственное унитарное предприятие", "гуп"), ("государственного унитарного предприятия", "гуп"),
    ("муниципальное унитарное предприятие", "муп"), ("муниципального унитарного предприятия", "муп"),
    ("государственное бюджетное учреждение", "гбу"), ("государственного бюджетного учреждения", "гбу"),
    ("муниципальное бюджетное учреждение", "мбу"), ("муниципального бюджетного учреждения", "мбу"),
    ("крестьянское фермерское хозяйство", "кфх"),
    ("товарищество собственников жилья", "тсж"),
    ("limited liability company", "ооо"),
    ("joint stock company", "ао"),
)
# Kinds of organisation that are part of the name proper, spelt out or abbreviated: «Торговый дом
# Ромашка» is «ТД Ромашка».
_NAME_ABBREVIATIONS = (
    ("научно-производственное объединение", "нпо"), ("научно-производственное предприятие", "нпп"),
    ("научно-производственная фирма", "нпф"), ("производственно-коммерческая фирма", "пкф"),
    ("торговый дом", "тд"), ("группа компаний", "гк"), ("торговая компания", "тк"),
    ("строительная компания", "ск"), ("транспортная компания", "тк"),
)
_ABBREVIATION_RE = re.compile("|".join(rf"\b{re.escape(full)}\b" for full, _ in _NAME_ABBREVIATIONS))
_ABBREVIATION_MAP = dict(_NAME_ABBREVIATIONS)
_SHORT_FORMS = {
    "ооо": "ооо", "ао": "ао", "пао": "пао", "рао": "ао", "зао": "зао", "оао": "оао", "нао": "ао", "ип": "ип",
    "нко": "нко", "ано": "ано", "нп": "нп", "гуп": "гуп", "муп": "муп", "фгуп": "фгуп", "гбу": "гбу",
    "мбу": "мбу", "кфх": "кфх", "тсж": "тсж", "ooo": "ооо", "llc": "ооо", "ltd": "ооо", "jsc": "ао",
    "pjsc": "пао", "cjsc": "зао", "ojsc": "оао", "oao": "оао", "zao": "зао", "pao": "пао", "ao": "ао",
    "ip": "ип", "ип.": "ип",
}
# After the 2014 reform ОАО became ПАО/АО and ЗАО became АО: one joint-stock family, not a conflict.
_FORM_FAMILY = {"оао": "ао", "пао": "ао", "зао": "ао", "ао": "ао"}
_FULL_FORM_RE = re.compile("|".join(rf"\b{re.escape(full)}\b" for full, _ in _LEGAL_FORMS))
_FULL_FORM_MAP = dict(_LEGAL_FORMS)


class CompanyTitle(NamedTuple):
    key: str                          # "ромашка": name proper, word order and hyphens folded
    words: tuple[str, ...]
    legal_form: str = ""              # "ооо", "ао", "ип", … or ""
    person: PersonName | None = None  # the entrepreneur: «ИП …» titles, or a bare full name
    core: str = ""                    # the key without a city or branch note («(Казань)», «филиал в г. Омск»)
    branch: bool = False              # the title names a branch («филиал», «представительство»)
    note: tuple[str, ...] = ()        # the words of the city or branch note: ("филиал", "в", "г", "омск")

    @property
    def is_empty(self) -> bool:
        return not self.key

    def display(self) -> str:
        return " ".join(self.words)

    @property
    def noted(self) -> bool:
        """The title carries a city or branch note beside the name."""
        return self.core != self.key

    @property
    def full_person_name(self) -> bool:
        """An entrepreneur named by surname, first name and patronymic, not by initials."""
        person = self.person
        return person is not None and bool(person.surname) and len(person.first) > 1 and len(person.patronymic) > 1


# Title relations, strongest first. PLACE: one title is the other plus a city or branch note.
SAME, TYPO, INITIALS_ONLY, PLACE, DIFFERENT = "same", "typo", "initials", "place", "different"


# A branch's word, in any case: «филиал», «представительства», «обособленное подразделение».
_BRANCH = r"(?:филиал|представительств|обособленн\w*\s+подразделени)\w*"
_BRANCH_WORDS = re.compile(_BRANCH, re.I)
# A note of where: «(Казань)», «- Воронеж», «г. Омск», «, филиал в г. Казань» — the same firm's name
# with its city or branch added, not another name.
_PLACE_NOTE = re.compile(rf"\([^)]*\)|\s[-–—]\s*[^\s\-–—]+\s*$|(?:^|[\s,]){_BRANCH}\b.*$|(?:^|[\s,])(?:г\.|город)\s*\S+",
                         re.I)
# «Филиал ПАО «Сбербанк» в г. Ростов-на-Дону», «Филиал № 2 ООО …», «Филиал в г. Казани ООО «Ромашка»»:
# the branch word first, then the firm's name, its city before or after it. A city is capitalised
# («Филиал ООО Мир в доме» names no city), in at most three words.
_LEADING_BRANCH = re.compile(rf"^\W*{_BRANCH}[\s:.,\-–—]*(?:№\s*\d+\s*)?", re.I)
_CITY = r"(?:[Гг]\.?\s*|[Гг]ород[еа]?\s+)?[А-ЯЁ][^\s«»\"“”„,]*(?:\s[А-ЯЁ][а-яё][^\s«»\"“”„,]*){0,2}"
_CITY_FIRST = re.compile(rf"^(?:[Вв]|[Вв]о)\s+{_CITY}\s+")
_CITY_LAST = re.compile(rf"(?:\s(?:[Вв]|[Вв]о)\s+|\s*,\s*){_CITY}\s*$")
_CLOSING_QUOTES = "»\"”“'"
# Long words of the legal forms and name abbreviations, typed wrong («отвктственностью», «торрговый»):
# a slip is unambiguous there.
_LEGAL_WORDS = ("ответственностью", "ограниченной", "акционерное", "предприниматель", "индивидуальный",
                "торговый")


_KNOWN_LEGAL_WORDS = frozenset(word for full, _ in _LEGAL_FORMS + _NAME_ABBREVIATIONS for word in full.split())


@lru_cache(maxsize=100_000)
def normalize_title(raw: str) -> CompanyTitle:
    legal_form, words = _legal_form_and_words(raw.replace("(", " ").replace(")", " "))
    # An entrepreneur's card is often titled with the bare full name, without «ИП».
    person = (parse_person_name(" ".join(words), "", "") if legal_form in ("ип", "кфх")
              else None if legal_form else full_person_name(words))
    key = _key(words)
    name, note = _name_and_leading_note(raw)
    note += " ".join(match.group(0) for match in _PLACE_NOTE.finditer(name))
    without_place = _PLACE_NOTE.sub(" ", name)
    core = key if without_place == raw else _key(_legal_form_and_words(without_place)[1])
    return CompanyTitle(key, tuple(words), legal_form, person, core, bool(_BRANCH_WORDS.search(raw)),
                        tuple(fold_text(note.replace("(", " ").replace(")", " ")).split()))


def _name_and_leading_note(raw: str) -> tuple[str, str]:
    """(the firm's name, the note around it) of a title led by a branch word («Филиал ООО «Ромашка» в
    г. Казани» → «ООО «Ромашка»», «Филиал … в г. Казани»); (the title, "") for any other."""
    leading = _LEADING_BRANCH.match(raw)
    if not leading:
        return raw, ""
    name = raw[leading.end():]
    note = raw[:leading.end()]
    if first := _CITY_FIRST.match(name):
        name, note = name[first.end():], note + " " + first.group(0)
    closing = _last_closing_quote(name)
    if closing is not None:                     # whatever follows the quoted name is its note
        name, note = name[:closing + 1], note + " " + name[closing + 1:]
    elif last := _CITY_LAST.search(name):
        name, note = name[:last.start()], note + " " + last.group(0)
    return name, note


def _last_closing_quote(text: str) -> int | None:
    """Where the quoted part of a title ends: the last «»», or the last of a pair of "" or ''."""
    for quote in _CLOSING_QUOTES:
        if (quote == "»" and quote in text) or text.count(quote) >= 2:
            return text.rindex(quote)
    return None


def with_own_city_noted(title: CompanyTitle, city: str) -> CompanyTitle:
    """A title that ends with the card's own city, bare («Богданов и К Мурманск», «Синсталь, Москва»),
    names the firm plus a city note, as «… г. Мурманск» does. `city` is normalised (places.py)."""
    if not city or title.noted or title.person is not None:
        return title
    for size in (1, 2, 3):
        # Typed bare, a city is in its own (nominative) form, so it is compared exactly, not as a
        # note's «в Казани» is (places.names_city).
        if len(title.words) > size and "-".join(title.words[-size:]) == city:
            return title._replace(core=_key(list(title.words[:-size])), note=title.words[-size:])
    return title


def _legal_form_and_words(raw: str) -> tuple[str, list[str]]:
    text = " ".join(_fix_legal_word(word) for word in fold_text(raw).split())
    text = _FULL_FORM_RE.sub(lambda m: " " + _FULL_FORM_MAP[m.group(0)] + " ", text)
    text = _ABBREVIATION_RE.sub(lambda m: " " + _ABBREVIATION_MAP[m.group(0)] + " ", text)
    legal_form, words = "", []
    for word in text.split():
        form = _SHORT_FORMS.get(word)
        if form and not legal_form:
            legal_form = form
        elif not form:
            words.append(word)
    return legal_form, words


def _fix_legal_word(word: str) -> str:
    if len(word) < 7 or word in _KNOWN_LEGAL_WORDS:      # «акционерного» is a form, not a slip of «акционерное»
        return word
    slips = 2 if len(word) >= 12 else 1
    return next((legal for legal in _LEGAL_WORDS if OSA.distance(word, legal, score_cutoff=slips) <= slips), word)


def _key(words: list[str]) -> str:
    return "".join(sorted(word.replace("-", "") for word in words))


def compare_card_titles(a: CompanyTitle, b: CompanyTitle) -> str:
    """compare_titles for two company cards: one card's city note («… г. Омск») still leaves the same
    name (PLACE); a branch note does not — a branch is a separate entity."""
    relation = compare_titles(a, b)
    if relation == DIFFERENT and not (a.branch or b.branch) and names_a_place_of(a, b):
        return PLACE
    return relation


def names_a_place_of(a: CompanyTitle, b: CompanyTitle) -> bool:
    """One title is the other with a city or branch note added («Мегаполис» / «Мегаполис (Казань)»).
    Two different notes (Казань / Москва) are two offices, so they do not count."""
    return bool(a.core) and a.core == b.core and a.noted != b.noted and not legal_forms_conflict(a, b)


def two_offices(a: CompanyTitle, b: CompanyTitle) -> bool:
    """One name with two different notes («… г. Москва», «… г. Новосибирск»): two offices, two firms."""
    return a.core == b.core and a.key != b.key and a.noted and b.noted


def legal_forms_conflict(a: CompanyTitle, b: CompanyTitle) -> bool:
    """ООО vs ИП are different legal entities; ЗАО vs АО are one company before/after the reform."""
    if not a.legal_form or not b.legal_form:
        return False
    return _FORM_FAMILY.get(a.legal_form, a.legal_form) != _FORM_FAMILY.get(b.legal_form, b.legal_form)


def compare_titles(a: CompanyTitle, b: CompanyTitle) -> str:
    if a.is_empty or b.is_empty or legal_forms_conflict(a, b):
        return DIFFERENT
    if a.key == b.key:
        return SAME
    if a.person is not None and b.person is not None:
        return _compare_entrepreneurs(a.person, b.person)
    if _digits(a.key) != _digits(b.key) or min(len(a.key), len(b.key)) < 6:
        return DIFFERENT
    return TYPO if OSA.distance(a.key, b.key, score_cutoff=1) <= 1 else DIFFERENT


def _compare_entrepreneurs(a: PersonName, b: PersonName) -> str:
    match = compare_names(a, b)
    if match.level == CONFLICT:
        return DIFFERENT
    if match.level in (INITIALS, SURNAME_ONLY):
        return INITIALS_ONLY      # «ИП Иванов И.И.», «ИП Иванов» may be any of several Ивановs
    if match.confirms_person:
        return SAME if match.typos == 0 else TYPO
    return DIFFERENT


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())
