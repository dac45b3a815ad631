"""One uniform way to write every value that ends up in accounting documents.

* Organisation names keep the registry's letters but get Russian typographic quotes:
  ``ООО "РОМАШКА"`` → ``ООО «РОМАШКА»``; a quote inside a quote uses „лапки“:
  ``ПАО "НК "РОСНЕФТЬ"`` → ``ПАО «НК „РОСНЕФТЬ“»``. (Letter case is kept on purpose: the registry
  spelling is the legal one, and re-casing breaks abbreviations such as «НК», «1С».)
* Personal names (ФИО) in proper case: ``ИВАНОВА-ПЕТРОВА ОЛЬГА ИВАНОВНА`` → ``Иванова-Петрова Ольга
  Ивановна``; the patronymic particles «оглы», «кызы» … stay lower case.
* Posts in sentence case: ``ГЕНЕРАЛЬНЫЙ ДИРЕКТОР`` → ``Генеральный директор`` (legal-form
  abbreviations such as «ООО» stay upper case).
* Dates as ``DD.MM.YYYY`` (the form of ``RQ_COMPANY_REG_DATE`` in the portal's own example,
  bitrix24-rest.md §7.3) from DaData's millisecond timestamps, read on the Moscow calendar.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

__all__ = [
    "format_org_name", "proper_case_person", "split_person_name", "format_post",
    "format_date_ms", "Director", "format_director", "collapse_spaces",
]

_OPEN, _CLOSE = ("«", "„"), ("»", "“")
_ALWAYS_OPEN = "«„"
_ALWAYS_CLOSE = "»"
_AMBIGUOUS = "\"“”"
_MOSCOW = dt.timezone(dt.timedelta(hours=3))
_LOWER_PARTICLES = frozenset({"оглы", "кызы", "угли", "улы", "уулу", "гызы", "кызи", "оглу"})
_KEEP_UPPER = frozenset({"ООО", "ОАО", "ЗАО", "ПАО", "АО", "НАО", "НКО", "ИП", "РФ", "ГУП", "МУП",
                         "ФГУП", "ФГБУ", "ТСЖ", "СНТ", "УК", "ТД", "НК", "ЖСК"})
_NAME_PIECES = re.compile(r"([-'’])")


def collapse_spaces(text: str | None) -> str:
    return " ".join(str(text or "").split())


# ---------------------------------------------------------------- quotes

def _is_opening(prev: str | None, nxt: str | None, depth: int, prev_was_open: bool,
                more_quotes_follow: bool) -> bool | None:
    """Decide an ambiguous quote: True opens, False closes, None = stray (dropped)."""
    at_word_end = nxt is None or nxt.isspace() or nxt in ".,;:)"
    if depth == 0:
        return True if (more_quotes_follow or not at_word_end) else None
    if prev is None or prev.isspace() or prev == "(" or prev_was_open:
        return not at_word_end
    return False


def format_org_name(text: str | None) -> str:
    """Registry name with «ёлочки» outside and „лапки“ inside; spaces collapsed; quotes balanced."""
    source = collapse_spaces(text)
    out: list[str] = []
    depth = 0
    prev_was_open = False
    for i, char in enumerate(source):
        prev = source[i - 1] if i else None
        nxt = source[i + 1] if i + 1 < len(source) else None
        if char in _ALWAYS_OPEN:
            opening: bool | None = True
        elif char in _ALWAYS_CLOSE:
            opening = False if depth else None
        elif char in _AMBIGUOUS:
            more = any(c in _AMBIGUOUS or c in _ALWAYS_CLOSE for c in source[i + 1:])
            opening = _is_opening(prev, nxt, depth, prev_was_open, more)
        else:
            out.append(char)
            prev_was_open = False
            continue
        if opening is True:
            if depth == 0 and prev is not None and prev.isalnum():
                out.append(" ")  # ООО"РОМАШКА" -> ООО «РОМАШКА»
            out.append(_OPEN[min(depth, 1)])
            depth += 1
        elif opening is False:
            depth -= 1
            out.append(_CLOSE[min(depth, 1)])
        prev_was_open = opening is True
    while depth:
        depth -= 1
        out.append(_CLOSE[min(depth, 1)])
    return _tidy_quote_spacing("".join(out))


def _tidy_quote_spacing(text: str) -> str:
    text = re.sub(r"([«„])\s+", r"\1", text)
    text = re.sub(r"\s+([»“])", r"\1", text)
    return collapse_spaces(text)


# ---------------------------------------------------------------- people

def _capitalize_piece(piece: str) -> str:
    return piece[:1].upper() + piece[1:].lower()


def _proper_word(word: str) -> str:
    if word.lower() in _LOWER_PARTICLES:
        return word.lower()
    return "".join(_capitalize_piece(p) if not _NAME_PIECES.fullmatch(p) else p
                   for p in _NAME_PIECES.split(word))


def proper_case_person(text: str | None) -> str:
    """``ОВСЕПЯН ХАЧАТУР МЕЛИКОВИЧ`` → ``Овсепян Хачатур Меликович``; hyphenated surnames and
    «оглы»/«кызы» handled."""
    return " ".join(_proper_word(w) for w in collapse_spaces(text).split(" ") if w)


def split_person_name(text: str | None) -> tuple[str, str, str]:
    """(surname, first name, patronymic) from a one-line ФИО in registry order.

    Everything after the first name is the patronymic, so «Алиев Рашид Мамед оглы» keeps
    «Мамед оглы» together.
    """
    words = proper_case_person(text).split(" ")
    words += [""] * (2 - min(len(words), 2))
    return words[0], words[1], " ".join(words[2:])


def format_post(text: str | None) -> str:
    """Sentence case for an all-caps post; abbreviations of legal forms stay upper case."""
    post = collapse_spaces(text)
    if not post:
        return ""
    if post != post.upper():  # already written by a human: only make sure it starts upper case
        return post[:1].upper() + post[1:]
    words: list[str] = []
    in_org_name = False  # after «ПАО», «ООО» … comes an organisation's name: keep it as written
    for word in post.split(" "):
        is_form = word.strip(",.;:()") in _KEEP_UPPER
        words.append(word if is_form or in_org_name else word.lower())
        in_org_name = in_org_name or is_form
    sentence = " ".join(words)
    return sentence[:1].upper() + sentence[1:]


@dataclass(frozen=True)
class Director:
    name: str
    post: str

    @property
    def display(self) -> str:
        """«Генеральный директор Иванов Иван Иванович» — the one-line form for documents."""
        return " ".join(part for part in (self.post, self.name) if part)


def format_director(name: str | None, post: str | None) -> Director | None:
    formatted = proper_case_person(name)
    if not formatted:
        return None
    return Director(name=formatted, post=format_post(post))


# ---------------------------------------------------------------- dates

def format_date_ms(value: object) -> str | None:
    """DaData's unix-milliseconds → ``DD.MM.YYYY`` on the Moscow calendar; None for no/invalid value.

    DaData stamps registry dates at 00:00 UTC or at 00:00 Moscow time (21:00 UTC the day before);
    reading them in UTC+3 gives the registry date for both.
    """
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return None
    try:
        millis = int(value)
        return dt.datetime.fromtimestamp(millis / 1000, tz=_MOSCOW).strftime("%d.%m.%Y")
    except (ValueError, OverflowError, OSError):
        return None
