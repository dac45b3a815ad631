"""Text clean-up shared by every normaliser: case, ё/е, Latin look-alikes, quotes, punctuation."""
from __future__ import annotations

import re

# Latin letters that look like Cyrillic ones. Applied only inside words that already contain Cyrillic,
# so a genuine Latin word ("Ivan", "Soft") is never rewritten.
_LOOKALIKES = str.maketrans({
    "a": "а", "b": "в", "c": "с", "e": "е", "h": "н", "k": "к", "m": "м",
    "o": "о", "p": "р", "t": "т", "x": "х", "y": "у", "ё": "е",
})
_CYRILLIC = re.compile(r"[а-яё]")
_LATIN = re.compile(r"[a-z]")
_SPACES = re.compile(r"\s+")


def fold_word(word: str) -> str:
    """Lower-case, ё→е, and Latin look-alikes → Cyrillic inside a Cyrillic word."""
    word = word.lower()
    if _CYRILLIC.search(word) and _LATIN.search(word):
        return word.translate(_LOOKALIKES)
    return word.replace("ё", "е")


_ONLY_LOOKALIKES = re.compile(r"^[abcehkmoptxy]+$")
# Quotes, punctuation and symbols → spaces, ё → е, in one C-level pass (names are folded 200k times).
_PUNCTUATION = "«»“”„‟\"'‘’‚‛`´″‹›.,;:!?()[]{}<>/\\|@#№$%^&*+=~_…–—"
_SPACE_OUT = str.maketrans({**{ch: " " for ch in _PUNCTUATION}, "ё": "е"})


def fold_text(text: str) -> str:
    """Lower-case words without quotes and punctuation; ё → е; Latin look-alikes → Cyrillic.

    In a Cyrillic phrase a word made only of Latin look-alikes («ДОБРИН A.Д.», «KOM») is a layout
    slip too, and is read as Cyrillic.
    """
    text = text.lower().translate(_SPACE_OUT)
    if _LATIN.search(text) and _CYRILLIC.search(text):
        words = [fold_word(word) for word in text.split()]
        words = [word.translate(_LOOKALIKES) if _ONLY_LOOKALIKES.match(word) else word for word in words]
        return " ".join(words)
    return " ".join(text.split())


def is_cyrillic(word: str) -> bool:
    return bool(_CYRILLIC.search(word))


def latin_lookalikes_to_cyrillic(word: str) -> str:
    """A word made only of Latin look-alike letters, read as Cyrillic; any other word unchanged."""
    return word.translate(_LOOKALIKES) if _ONLY_LOOKALIKES.match(word) else word


def squeeze_spaces(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def clean_str(value: object) -> str:
    """A Bitrix field value as a stripped string ('' for null, lists and dicts)."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return ""
