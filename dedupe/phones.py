"""Phone numbers → E.164 plus extension, with phonenumbers (region RU) as the authority.

`8 912 345-67-89`, `+7(912)345-67-89`, `912-345-67-89`, `8 (3452) 12-34-56`, `+7 495 123-45-67 доб. 123`
all normalise. phonenumbers costs ~25 µs a call, too slow for 200k records, so plain Russian numbers
(digits and separators, maybe an extension) take a fast path that gives exactly what phonenumbers gives
(a test checks that); everything else goes to phonenumbers.

A number only has to be *possible* (the right length), not *valid*: phonenumbers' range metadata lags
reality, and matching needs the same number written the same way, not a working one. For the same
reason an 11-digit 8/7-number outside the known ranges (8 536 …) is still read as +7 536 ….
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

import phonenumbers
from phonenumbers import PhoneNumberFormat

_DROP_SEPARATORS = str.maketrans("", "", " ()-.\t\u00a0")
_PLAIN_WITH_EXTENSION = re.compile(
    r"^([\s()+\-.\d]+?)[\s,;(]*(?:доб(?:авочный)?|ext|вн(?:утр)?|#|x)\.?\s*:?\s*(\d{1,6})\)?\s*$", re.I)
_NON_DIGIT = re.compile(r"\D")
# Words people put around an extension that phonenumbers does not know (it knows доб/ext/#/x).
_EXTENSION_WORDS = re.compile(r"(?i)\s*(?:\(|,|;)?\s*(?:вн\.?|внутр\.?|добавочный|доб\.?\s*номер)\s*:?\s*(\d{1,6})\)?\s*$")



_RUN_OF_DIGITS = re.compile(r"(?:\+\s*)?\d[\d\s()\-.]{8,}\d(?:\s*(?:доб|ext|вн|#|x)\.?\s*\d{1,6})?", re.I)


class Phone(NamedTuple):
    e164: str                 # "+79123456789"
    extension: str = ""       # "123" for an office line with доб. 123
    from_comments: bool = False

    def display(self) -> str:
        """«+7 912 345-67-89» (plus « доб. 123»), as reasons show it."""
        return format_phone(self.e164) + (f" доб. {self.extension}" if self.extension else "")


def normalize_phone(raw: str) -> tuple[str, str] | None:
    """Raw phone text → (E.164, extension) or None when it is not a usable number."""
    raw = raw.strip()
    if not raw:
        return None
    number, extension = raw, ""
    packed = raw.translate(_DROP_SEPARATORS)
    if not packed.lstrip("+").isdigit():
        with_extension = _PLAIN_WITH_EXTENSION.match(raw)
        if not with_extension:
            return _parse_with_phonenumbers(raw)
        number, extension = with_extension.group(1), with_extension.group(2)
        packed = number.translate(_DROP_SEPARATORS)
    fast = _fast_russian(packed)
    if fast is None:
        return _parse_with_phonenumbers(raw)
    return None if _is_placeholder(fast) else (fast, extension)


def _fast_russian(packed: str) -> str | None:
    """Digits with at most a leading + → +7… when it is a plain Russian number, else None."""
    plus = packed.startswith("+")
    digits = packed[1:] if plus else packed
    if not digits.isdigit() or "+" in digits:
        return None
    if len(digits) == 11 and (digits[0] == "7" or (digits[0] == "8" and not plus)):
        national = digits[1:]
    elif len(digits) == 10 and not plus:
        national = digits
    else:
        return None
    if national[0] in "012" or national.startswith("810"):
        return None          # not a Russian number shape, or 810 = dialling abroad: phonenumbers decides
    return "+7" + national


def _parse_with_phonenumbers(raw: str) -> tuple[str, str] | None:
    text, extension = raw, ""
    words = _EXTENSION_WORDS.search(text)
    if words:
        text, extension = text[: words.start()], words.group(1)
    try:
        number = phonenumbers.parse(text, "RU")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    e164 = phonenumbers.format_number(number, PhoneNumberFormat.E164)
    if _is_placeholder(e164):
        return None
    return e164, (number.extension or extension or "")


def _is_placeholder(e164: str) -> bool:
    """+7 999 999-99-99 and friends: what a masked input leaves when nobody typed a number."""
    return e164[-7:] == e164[-1] * 7


def phones_of_value(raw: str) -> tuple[Phone, ...]:
    """A PHONE field value: usually one number, sometimes two typed together or one with a remark."""
    single = normalize_phone(raw)
    return (Phone(*single),) if single else tuple(Phone(*found) for found in phones_in_text(raw))


# A run of digits right after one of these labels is a requisite, not a phone: «ИНН: 7705714487»
# reads as +7 770 571-44-87 otherwise.
_REQUISITE_LABEL = re.compile(r"(?i)(?:инн|кпп|огрнип|огрн|бик|окпо|окато|р/с|к/с|сч[её]т|inn)[\s:№#/.-]*$")


def phones_in_text(text: str) -> list[tuple[str, str]]:
    """Phone numbers written inside free text (COMMENTS); labelled requisites are skipped."""
    found = []
    for match in _RUN_OF_DIGITS.finditer(text):
        if _REQUISITE_LABEL.search(text, max(0, match.start() - 16), match.start()):
            continue
        parsed = normalize_phone(match.group(0))
        if parsed:
            found.append(parsed)
    return found


@lru_cache(maxsize=50_000)
def format_phone(e164: str) -> str:
    """International format; Russian numbers outside +7 7… always read +7 ddd ddd-dd-dd."""
    if len(e164) == 12 and e164.startswith("+7") and e164[2] in "3489":
        return f"+7 {e164[2:5]} {e164[5:8]}-{e164[8:10]}-{e164[10:]}"
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL)


def differ_by_one_digit(a: str, b: str) -> bool:
    """Same length, one digit replaced or two neighbours swapped — a typing slip."""
    if len(a) != len(b) or a == b:
        return False
    diffs = [i for i in range(len(a)) if a[i] != b[i]]
    if len(diffs) == 1:
        return True
    return len(diffs) == 2 and diffs[1] == diffs[0] + 1 and a[diffs[0]] == b[diffs[1]] and a[diffs[1]] == b[diffs[0]]


def in_sequence(a: str, b: str) -> bool:
    """Two numbers of one batch — a firm's SIM cards, a family plan: only the last digit differs."""
    return len(a) == len(b) and a != b and a[:-1] == b[:-1]


_SAME_CITY_AREAS = {"499": "495"}            # Moscow has two area codes


def landline_area(e164: str) -> str | None:
    """The area code of a Russian landline (its first three national digits: 495, 812, 381 for
    Omsk's 3812 …), None for mobiles (+7 9…), toll-free 8-800 and numbers outside Russia."""
    if len(e164) != 12 or not e164.startswith("+7") or e164[2] not in "348":
        return None
    area = e164[2:5]
    return None if area.startswith("80") else _SAME_CITY_AREAS.get(area, area)
