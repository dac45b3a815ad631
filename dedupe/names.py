"""People's names: parse NAME / SECOND_NAME / LAST_NAME into parts, then compare two parsed names.

Handles what CRM users really type: any case, ё/е, Latin look-alike letters, the whole name in one
field, surname and first name swapped, missing patronymic, initials, short forms (Саша = Александр)
and one-letter typos. Comparison is strict where real data needs it: a different patronymic (father
and son), a different gender (husband and wife) or two different known first names (Анна/Инна) is a
conflict, never a typo.
"""
from __future__ import annotations

import re
from functools import lru_cache
from collections.abc import Sequence
from typing import NamedTuple

from rapidfuzz import process
from rapidfuzz.distance import OSA

from dedupe.name_tables import FULL_NAME_GENDER, FULL_NAMES_BY_FORM, GENDER_BY_FORM, NAME_GROUP_BY_FORM
from dedupe.text import fold_text, is_cyrillic, latin_lookalikes_to_cyrillic

_PATRONYMIC_ENDINGS_M = ("ович", "евич", "ьич", "ич")
_PATRONYMIC_ENDINGS_F = ("овна", "евна", "ична", "инична")
_SURNAME_ENDINGS_M = ("ов", "ев", "ёв", "ин", "ын", "ский", "цкий", "ской", "цкой")
_SURNAME_ENDINGS_F = ("ова", "ева", "ина", "ына", "ская", "цкая")
# Surnames of either gender (Саркисян, Шевченко, Ковальчук, Черных); of first names only -ьян ends
# like them (Демьян, Лукьян, Емельян).
_SURNAME_ENDINGS_ANY = ("ян", "янц", "енко", "чук", "юк", "ук", "ых", "их", "швили", "дзе")
_FIRST_NAME_ENDINGS_LIKE_SURNAMES = ("ьян",)


class PersonName(NamedTuple):
    surname: str = ""
    first: str = ""            # as typed (folded); one letter when only an initial is known
    patronymic: str = ""
    first_forms: frozenset[str] = frozenset()   # full names the first name may stand for
    gender: str = ""           # "m", "f" or "" when unknown / contradictory
    swapped: bool = False      # surname and first name were typed into each other's fields
    first_group: str = ""      # blocking key of the first name: short forms and full names share it

    @property
    def is_empty(self) -> bool:
        return not (self.surname or self.first or self.patronymic)

    def display(self) -> str:
        return " ".join(part.capitalize() for part in (self.surname, self.first, self.patronymic) if part)


def family_name(surname: str) -> str:
    """The surname as men and women of one family share it: Кузнецова → кузнецов, Вишневская → вишневск."""
    if surname.endswith(("ская", "цкая", "ский", "цкий")):
        return surname[:-2]
    if surname.endswith("а") and surname[:-1].endswith(("ов", "ев", "ёв", "ин", "ын")):
        return surname[:-1]
    return surname


def is_known_first_name(token: str) -> bool:
    return token in FULL_NAMES_BY_FORM


def full_person_name(words: Sequence[str]) -> PersonName | None:
    """Three words that can only be someone's full name — a known first name, a patronymic and one
    more word for the surname, in any order («Чубов Александр Иванович»); None for anything else."""
    if len(words) != 3:
        return None
    name = parse_person_name(" ".join(words), "", "")
    if is_known_first_name(name.first) and _is_patronymic(name.patronymic) and " " not in name.surname:
        return name
    return None


# A patronymic with its last vowel dropped («Андреевч», «Константиновч», «Петровн»): no surname ends so.
_SLIPPED_ENDINGS_M, _SLIPPED_ENDINGS_F = ("овч", "евч"), ("овн", "евн")


def _is_patronymic(token: str) -> bool:
    return (len(token) >= 6 and token.endswith(_PATRONYMIC_ENDINGS_M + _PATRONYMIC_ENDINGS_F)
            or len(token) >= 7 and token.endswith(_SLIPPED_ENDINGS_M + _SLIPPED_ENDINGS_F)
            or token in _IRREGULAR_FATHERS)


def _looks_like_surname(token: str) -> bool:
    return (token.endswith(_SURNAME_ENDINGS_M + _SURNAME_ENDINGS_F + _SURNAME_ENDINGS_ANY)
            and not token.endswith(_FIRST_NAME_ENDINGS_LIKE_SURNAMES))


# -ов/-ев/-ский mark a surname surely; -ин/-ина also end many first names (Акулина, Полина …).
_STRONG_SURNAME_ENDINGS = ("ов", "ев", "ова", "ева", "ский", "цкий", "ская", "цкая", "ской", "цкой")


def _surname_likeness(token: str) -> int:
    return 2 if token.endswith(_STRONG_SURNAME_ENDINGS) else int(_looks_like_surname(token))


_PLAIN_WORD = re.compile(r"[а-яё]+(?:-[а-яё]+)?")


def parse_person_name(first_field: str, middle_field: str, last_field: str) -> PersonName:
    """NAME, SECOND_NAME, LAST_NAME of a lead/contact → PersonName (field roles repaired)."""
    first, middle, last = first_field.strip().lower(), middle_field.strip().lower(), last_field.strip().lower()
    if (first in FULL_NAMES_BY_FORM and _PLAIN_WORD.fullmatch(last or "а") and _PLAIN_WORD.fullmatch(middle or "а")
            and "ё" not in middle + last):
        # The usual card: a known first name in NAME, one word in LAST_NAME and SECOND_NAME each.
        return _person_name(last, first, middle)
    return _parse_any_name(first_field, middle_field, last_field)


def _parse_any_name(first_field: str, middle_field: str, last_field: str) -> PersonName:
    tokens = [(token, "N") for token in fold_text(first_field).split()]
    tokens += [(token, "S") for token in fold_text(middle_field).split()]
    tokens += [(token, "L") for token in fold_text(last_field).split()]
    if any(is_cyrillic(token) for token, _ in tokens):
        # «M.» or «Oля» typed in Latin next to a Cyrillic surname is a keyboard-layout slip.
        tokens = [(latin_lookalikes_to_cyrillic(token), field) for token, field in tokens]
    # «Герасимов» / «В.» / «А.» in NAME / LAST_NAME / SECOND_NAME: the initial in SECOND_NAME is the
    # patronymic's, whatever field the other one landed in.
    initials = [token for token, field in sorted(tokens, key=lambda item: item[1] == "S") if len(token) == 1]
    words = [(token, field, position) for position, (token, field) in enumerate(tokens) if len(token) > 1]
    patronymic = " ".join(token for token, field, _ in words if field == "S")
    words = [word for word in words if word[1] != "S"]
    first_item = _take_first_name(words, bool(initials))
    if not patronymic:
        patronymic = _take_patronymic(words, first_item)
    surname = " ".join(token for token, _, _ in sorted(words, key=lambda item: (item[1] != "L", item[2])))
    first = first_item[0] if first_item else ""
    if not first and initials:
        first = initials.pop(0)
    if not patronymic and initials:
        patronymic = initials.pop(0)
    swapped = bool(first_item and first_item[1] == "L" and any(field == "N" for _, field in tokens))
    return _person_name(surname, first, patronymic, swapped)


def _person_name(surname: str, first: str, patronymic: str, swapped: bool = False) -> PersonName:
    forms = FULL_NAMES_BY_FORM.get(first, frozenset({first}) if len(first) > 1 else frozenset())
    group = (NAME_GROUP_BY_FORM.get(first) or _group_of_misspelt(first)) if len(first) > 1 else ""
    return PersonName(surname, first, patronymic, forms, _gender(surname, first, patronymic), swapped, group)


def _group_of_misspelt(first: str) -> str:
    """The name group of the known names one slip from an unknown first name («Виктр» → Виктор), when
    they are all of one group, so the card is blocked with its own full card; else the word itself."""
    groups = {NAME_GROUP_BY_FORM[name] for name in _readings(first) if name in NAME_GROUP_BY_FORM}
    return groups.pop() if len(groups) == 1 else first


def _take_first_name(words: list[tuple[str, str, int]], has_initials: bool) -> tuple[str, str, int] | None:
    """Remove and return (first name, field, position).

    A known first name wins, NAME field first, so NAME=Иванов + LAST_NAME=Иван reads as swapped.
    Otherwise, of two words one of which is surely a surname, the other, whatever its field; else the
    NAME-field word that looks least like a surname and is no patronymic. LAST_NAME alone stays a surname,
    unless it is a known first name that ends like no surname and no initial stands beside it.
    """
    if len(words) == 1 and words[0][1] == "L":
        # A lone LAST_NAME word is the surname — unless it is a known first name that ends like no
        # surname («Дмитрий» alone in LAST_NAME) and no initials stand beside it.
        lone = words[0][0]
        return words.pop() if is_known_first_name(lone) and not has_initials and not _looks_like_surname(lone) else None
    ranked = sorted(range(len(words)), key=lambda i: (_FIELD_RANK[words[i][1]], words[i][2]))
    known = [i for i in ranked if is_known_first_name(words[i][0])]
    if known:
        return words.pop(known[0])
    beside_surname = None if has_initials else _first_beside_a_surname(words)
    if beside_surname is not None:
        return beside_surname
    in_name_field = [i for i in ranked if words[i][1] == "N" and not _is_patronymic(words[i][0])]
    if has_initials or not in_name_field:
        return None
    if len(in_name_field) == 1 and len(words) == 1 and _looks_like_surname(words[0][0]):
        return None        # a lone «Иванов» typed into NAME is a surname
    # The least surname-like word is the first name: in «Копылова Акулина» both end like surnames,
    # but -ова is a surname's ending far more surely than -ина.
    return words.pop(min(in_name_field, key=lambda i: _surname_likeness(words[i][0])))


def _first_beside_a_surname(words: list[tuple[str, str, int]]) -> tuple[str, str, int] | None:
    """«Васильев Анндрей» in LAST_NAME, «Солдатов» in NAME with «Паыел» in LAST_NAME: beside a word that
    is surely a surname, a word that looks like no surname is the (misspelt or rare) first name,
    whichever field each was typed into — also with a patronymic as the third word («Рогов Ивна Юрьевич»)."""
    pair = [word for word in words if not _is_patronymic(word[0])] if len(words) == 3 else words
    if len(pair) != 2:
        return None
    # A slip of a known first name («Екатеина») is the first name, whatever ending it has.
    likeness = [0 if len(_readings(token)) > 1 else _surname_likeness(token) for token, _, _ in pair]
    if sorted(likeness) != [0, 2] or _is_patronymic(pair[likeness.index(0)][0]):
        return None
    chosen = pair[likeness.index(0)]
    words.remove(chosen)
    return chosen


def _take_patronymic(words: list[tuple[str, str, int]], first: tuple[str, str, int] | None) -> str:
    """Remove and return the word that is the patronymic, if one is.

    -ович/-евич also ends Belarusian and Serbian surnames (Пухович, Косович), so a word counts as a
    patronymic when it is built from a known first name (Петрович), or when it stands right after
    the first name with a surname left over (Косович Андрей Андреевич); never against the first
    name's gender (Анастасия Пухович), never a lone LAST_NAME word.
    """
    # «Светлана Андреевна» typed into LAST_NAME: with the first name gone, the patronymic is left alone
    # there, yet it is no surname.
    lone_last = sum(1 for _, field, _ in words if field == "L") == 1 and not (first and first[1] == "L")
    gender = GENDER_BY_FORM.get(first[0], "") if first else ""
    candidates = [i for i, (token, field, _) in enumerate(words)
                  if _is_patronymic(token) and not (field == "L" and lone_last)
                  and (not gender or _patronymic_gender(token) == gender)]
    if not candidates:
        return ""
    chosen = next((i for i in candidates if _from_known_name(words[i][0])), None)
    if chosen is None and len(words) > 1:
        after_first = [i for i in candidates if first and words[i][2] == first[2] + 1]
        chosen = after_first[0] if after_first else candidates[-1]
    return words.pop(chosen)[0] if chosen is not None else ""


def _patronymic_gender(token: str) -> str:
    return "f" if token.endswith(_PATRONYMIC_ENDINGS_F + _SLIPPED_ENDINGS_F) else "m"


_IRREGULAR_FATHERS = {"ильич": "илья", "ильинична": "илья", "львович": "лев", "львовна": "лев",
                      "павлович": "павел", "павловна": "павел", "михайлович": "михаил",
                      "михайловна": "михаил", "яковлевич": "яков", "яковлевна": "яков"}


def _from_known_name(token: str) -> bool:
    """Петрович ← Петр, Сергеевич ← Сергей, Игоревич ← Игорь, Никитич ← Никита."""
    if token in _IRREGULAR_FATHERS:
        return True
    for ending in ("ович", "овна", "евич", "евна", "ична", "ич"):
        if token.endswith(ending):
            stem = token[: -len(ending)]
            fathers = (stem, stem + "й", stem + "ь", stem + "а", stem + "я", stem[:-1] + "ий")  # Юрьевич ← Юрий
            return any(name in FULL_NAME_GENDER for name in fathers)
    return False


_FIELD_RANK = {"N": 0, "L": 1, "S": 2}


def _gender(surname: str, first: str, patronymic: str) -> str:
    if len(patronymic) > 1:
        if patronymic.endswith(_PATRONYMIC_ENDINGS_F + _SLIPPED_ENDINGS_F):
            return "f"
        if patronymic.endswith(_PATRONYMIC_ENDINGS_M + _SLIPPED_ENDINGS_M):
            return "m"
    gender = GENDER_BY_FORM.get(first)
    if gender:
        return gender
    if surname.endswith(_SURNAME_ENDINGS_F):
        return "f"
    if surname.endswith(_SURNAME_ENDINGS_M):
        return "m"
    return ""


# How two names relate, strongest first. CONFLICT means "certainly different people".
# LOOSE: every part within one letter but two parts off — not evidence, and not a contradiction.
FULL, STRONG, LOOSE, INITIALS, FIRST_ONLY, SURNAME_ONLY, UNKNOWN, CONFLICT = (
    "full", "strong", "loose", "initials", "first_only", "surname_only", "unknown", "conflict")
_DIFFERENT = -1          # part comparison: both present and different
_MISSING = -2            # part comparison: absent on at least one side
_INITIAL = -3            # part comparison: an initial that agrees with the other side


class NameMatch(NamedTuple):
    level: str
    typos: int = 0
    short_form: bool = False     # Саша vs Александр
    swapped: bool = False        # surname/first name order differs between the records
    spelt_apart: bool = False    # LOOSE only because each card misspells the surname its own way

    @property
    def confirms_person(self) -> bool:
        """Surname and first name agree (fully, or up to one typo / a short form)."""
        return self.level in (FULL, STRONG)


_CONFLICT = NameMatch(CONFLICT)


@lru_cache(maxsize=1 << 18)
def compare_names(a: PersonName, b: PersonName) -> NameMatch:
    if a.gender and b.gender and a.gender != b.gender:
        return _CONFLICT
    if a.surname == b.surname and a.first == b.first and a.patronymic == b.patronymic and len(a.first) > 1:
        if a.surname:                    # the commonest case: the very same name
            level = FULL if len(a.patronymic) > 1 else STRONG
            return NameMatch(level, 0, swapped=a.swapped != b.swapped)
        return NameMatch(FIRST_ONLY)
    match = _compare_parts(a, b, swapped=False)
    if match.level == CONFLICT and a.surname and a.surname == b.first and b.surname and len(a.first) > 1:
        # Swap not caught while parsing (neither word a known first name): try the other order.
        turned = _person_name(b.first, b.surname, b.patronymic)
        retry = _compare_parts(a, turned, swapped=True)
        if retry.confirms_person and retry.typos == 0:
            return retry
    return match


def _compare_parts(a: PersonName, b: PersonName, swapped: bool) -> NameMatch:
    surname = _compare_surnames(a.surname, b.surname)
    first = _compare_first_names(a, b)
    patronymic = _compare_patronymics(a.patronymic, b.patronymic)
    parts = (surname, first, patronymic)
    if _DIFFERENT in parts:
        return _CONFLICT
    typos = sum(part for part in parts if part in (1, 2))
    if typos > 1:
        return NameMatch(LOOSE, typos, spelt_apart=surname == 2 and first == 0 and patronymic != 1)
    short_form = first == 0 and a.first != b.first and len(a.first) > 1 and len(b.first) > 1
    swapped = swapped or a.swapped != b.swapped
    if surname != _MISSING and first != _MISSING:
        if first == _INITIAL:
            return NameMatch(INITIALS, typos, swapped=swapped)
        level = FULL if patronymic in (0, 1) else STRONG
        return NameMatch(level, typos, short_form, swapped)
    if first not in (_MISSING, _INITIAL):
        return NameMatch(FIRST_ONLY, typos, short_form)
    if surname != _MISSING:
        return NameMatch(SURNAME_ONLY, typos)
    return NameMatch(UNKNOWN)


def _compare_surnames(a: str, b: str) -> int:
    if not a or not b:
        return _MISSING
    if a == b:
        return 0
    if _gendered_pair(a, b) or min(len(a), len(b)) < 4:
        return _DIFFERENT
    distance = OSA.distance(a, b, score_cutoff=2)
    if distance <= 1:
        return 1
    # Two cards each with its own slip in one surname (Сорркин / Сороин, both Сорокин): not evidence,
    # and not a contradiction either — else the correct card could never join them both. Endings of
    # two genders (Котов / Кротова) are two surnames, though.
    if distance == 2 and min(len(a), len(b)) >= 4 and _surname_genders(a, b) != {"m", "f"}:
        return 2
    return _DIFFERENT


def _surname_genders(a: str, b: str) -> set[str]:
    return {"f" if token.endswith(_SURNAME_ENDINGS_F) else "m" if token.endswith(_SURNAME_ENDINGS_M) else ""
            for token in (a, b)}


def _gendered_pair(a: str, b: str) -> bool:
    """Иванов/Иванова, Вишневский/Вишневская: the same family, a different person."""
    short, long_ = sorted((a, b), key=len)
    if long_ == short + "а":
        return True
    return len(a) == len(b) and a[:-2] == b[:-2] and {a[-2:], b[-2:]} in ({"ий", "ая"}, {"ой", "ая"})


def _compare_first_names(a: PersonName, b: PersonName) -> int:
    if not a.first or not b.first:
        return _MISSING
    if len(a.first) == 1 or len(b.first) == 1:
        initial, other = (a, b) if len(a.first) == 1 else (b, a)
        letters = {other.first[0]} | {name[0] for name in other.first_forms}
        return _INITIAL if initial.first in letters else _DIFFERENT
    if a.first_forms & b.first_forms:
        return 0
    # Two different known names (Анна/Инна, Дарина/Марина) are different people, not a typo.
    if is_known_first_name(a.first) and is_known_first_name(b.first):
        return _DIFFERENT
    # A misspelling is read as the known names one letter away from it (Ольгга → Ольга, so it
    # agrees with Оля; Максиим and Мксим both → Максим).
    if _readings(a.first) & _readings(b.first):
        return 1
    unknown = not is_known_first_name(a.first) and not is_known_first_name(b.first)
    if unknown and min(len(a.first), len(b.first)) >= 4 and OSA.distance(a.first, b.first, score_cutoff=1) <= 1:
        return 1                         # two spellings of a name the table does not know
    return _DIFFERENT


@lru_cache(maxsize=50_000)
def _readings(first: str) -> frozenset[str]:
    """Full names a first name may mean: its table entry, or for an unknown word of 4+ letters the
    known names within one typing slip of it, for a three-letter one the four-letter names it is with
    a letter dropped («Ивн» → Иван, «Вра» → Вера), plus the word itself."""
    if is_known_first_name(first):
        return FULL_NAMES_BY_FORM[first]
    if len(first) == 3:
        near = [form for form in _FOUR_LETTER_FORMS if any(form[:k] + form[k + 1:] == first for k in range(4))]
        return frozenset({full for form in near for full in FULL_NAMES_BY_FORM[form]} | {first})
    if len(first) < 4:
        return frozenset({first})
    near = process.extract(first, _LONG_FORMS, scorer=OSA.distance, score_cutoff=1, limit=None)
    return frozenset({full for form, _, _ in near for full in FULL_NAMES_BY_FORM[form]} | {first})


_LONG_FORMS = [form for form in FULL_NAMES_BY_FORM if len(form) >= 4]
_FOUR_LETTER_FORMS = [form for form in _LONG_FORMS if len(form) == 4]


def _compare_patronymics(a: str, b: str) -> int:
    if not a or not b:
        return _MISSING
    if a == b:
        return 0
    if len(a) == 1 or len(b) == 1:
        return _INITIAL if a[0] == b[0] else _DIFFERENT
    if min(len(a), len(b)) >= 6 and OSA.distance(a, b, score_cutoff=1) <= 1:
        return 1
    return _DIFFERENT
