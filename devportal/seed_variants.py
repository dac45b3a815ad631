"""How the same person, phone, e-mail or company really gets typed twice into a CRM.

Pure string functions driven by a `random.Random`, used by devportal.seed to plant duplicates:
phone formats, swapped name order, typos, ё/е, Latin look-alikes, diminutives, legal forms and quotes.
"""
from __future__ import annotations

import random

TRANSLIT = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
                    ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r", "s",
                     "t", "u", "f", "kh", "ts", "ch", "sh", "sch", "", "y", "", "e", "yu", "ya"], strict=True))
LOOKALIKES = {"а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "х": "x", "у": "y", "А": "A", "Е": "E", "О": "O",
              "Р": "P", "С": "C", "Х": "X", "К": "K", "М": "M", "Т": "T", "Н": "H", "В": "B"}
DIMINUTIVES = {"Александр": "Саша", "Александра": "Саша", "Екатерина": "Катя", "Дмитрий": "Дима",
               "Михаил": "Миша", "Елена": "Лена", "Ольга": "Оля", "Сергей": "Серёжа", "Анастасия": "Настя",
               "Николай": "Коля", "Татьяна": "Таня", "Владимир": "Вова", "Мария": "Маша", "Евгений": "Женя",
               "Алексей": "Лёша", "Наталья": "Наташа", "Иван": "Ваня", "Юлия": "Юля", "Павел": "Паша"}
FREE_MAIL = ("mail.ru", "yandex.ru", "gmail.com", "rambler.ru", "bk.ru", "list.ru", "inbox.ru", "ya.ru")
MAIL_TYPOS = {"mail.ru": "mial.ru", "yandex.ru": "yandex.ry", "gmail.com": "gmial.com", "rambler.ru": "ramler.ru",
              "bk.ru": "bk.ry", "list.ru": "lsit.ru", "inbox.ru": "inbox.ry", "ya.ru": "yandex.ru"}
LEGAL_FORMS = {
    "ООО": "Общество с ограниченной ответственностью",
    "АО": "Акционерное общество",
    "ПАО": "Публичное акционерное общество",
    "ЗАО": "Закрытое акционерное общество",
    "НКО": "Некоммерческая организация",
}


def translit(text: str) -> str:
    return "".join(TRANSLIT.get(ch, ch) for ch in text.lower())


def phone_variants(national: str) -> list[str]:
    """Ten national digits (9123456789) written the ways people write them."""
    a, b, c, d = national[:3], national[3:6], national[6:8], national[8:]
    return [f"+7 ({a}) {b}-{c}-{d}", f"+7{national}", f"8{national}", f"8 {a} {b} {c} {d}", f"8 ({a}) {b}-{c}-{d}",
            f"{a}-{b}-{c}-{d}", f"7({a}){b}{c}{d}", f"+7 {a} {b}{c}{d}"]


def email_for(first: str, last: str, rng: random.Random, domain: str | None = None) -> str:
    local = rng.choice([f"{translit(first)}.{translit(last)}", f"{translit(first)[0]}.{translit(last)}",
                        f"{translit(last)}{rng.randint(1, 99)}", f"{translit(first)}_{translit(last)}"])
    return f"{local}@{domain or rng.choice(FREE_MAIL)}"


def email_variant(email: str, rng: random.Random) -> str:
    local, _, domain = email.partition("@")
    choice = rng.randrange(5)
    if choice == 0:
        return email.upper() if rng.random() < 0.3 else local.capitalize() + "@" + domain.capitalize()
    if choice == 1 and domain in MAIL_TYPOS:
        return f"{local}@{MAIL_TYPOS[domain]}"
    if choice == 2 and domain == "gmail.com":
        return f"{local.replace('.', '')}@gmail.com"
    if choice == 3:
        return f" {email} "
    return email


def typo(word: str, rng: random.Random) -> str:
    """One slip of the finger: swap two letters, drop one, double one or hit a neighbour."""
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    kind = rng.randrange(4)
    if kind == 0:
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if kind == 1:
        return word[:i] + word[i + 1:]
    if kind == 2:
        return word[:i] + word[i] + word[i:]
    return word[:i] + rng.choice("аеиоунтсрвл") + word[i + 1:]


def yo_variant(word: str) -> str:
    return word.replace("ё", "е").replace("Ё", "Е") if "ё" in word.lower() else word.replace("е", "ё", 1)


def lookalike(word: str, rng: random.Random) -> str:
    positions = [i for i, ch in enumerate(word) if ch in LOOKALIKES]
    if not positions:
        return word
    i = rng.choice(positions)
    return word[:i] + LOOKALIKES[word[i]] + word[i + 1:]


def person_variant(first: str, last: str, middle: str, rng: random.Random) -> dict[str, str]:
    """NAME/LAST_NAME/SECOND_NAME of the same person typed again by someone else."""
    choice = rng.randrange(8)
    if choice == 0:
        return {"NAME": last, "LAST_NAME": first, "SECOND_NAME": middle}          # swapped order
    if choice == 1:
        return {"NAME": f"{last} {first}", "LAST_NAME": "", "SECOND_NAME": ""}   # everything in NAME
    if choice == 2:
        return {"NAME": first, "LAST_NAME": typo(last, rng), "SECOND_NAME": middle}
    if choice == 3:
        return {"NAME": yo_variant(first), "LAST_NAME": yo_variant(last), "SECOND_NAME": ""}
    if choice == 4:
        return {"NAME": DIMINUTIVES.get(first, first), "LAST_NAME": last, "SECOND_NAME": ""}
    if choice == 5:
        return {"NAME": first.upper(), "LAST_NAME": last.upper(), "SECOND_NAME": middle.upper()}
    if choice == 6:
        return {"NAME": first, "LAST_NAME": lookalike(last, rng), "SECOND_NAME": middle}
    return {"NAME": first, "LAST_NAME": last, "SECOND_NAME": ""}                  # no patronymic


def company_title(form: str, name: str, rng: random.Random) -> str:
    """One company name written with its legal form and quotes in one of the ways CRMs see."""
    choice = rng.randrange(8)
    if choice == 0:
        return f"{form} «{name}»"
    if choice == 1:
        return f'{form} "{name}"'
    if choice == 2:
        return f"{name} {form}"
    if choice == 3:
        return f'{LEGAL_FORMS.get(form, form).upper()} "{name.upper()}"'
    if choice == 4:
        return f"{form} {name}"
    if choice == 5:
        return f"«{name}», {form}"
    if choice == 6:
        return name
    return f"{form} «{typo(name, rng)}»"
