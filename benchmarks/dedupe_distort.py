"""How real people mistype a CRM card: the distortions the duplicate generator applies.

Each function takes a seeded `random.Random` and returns a new value; none of them knows the engine.
"""
from __future__ import annotations

import random

LOOKALIKE_TO_LATIN = {"а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "х": "x", "у": "y",
                      "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P",
                      "С": "C", "Т": "T", "Х": "X"}
_CYRILLIC = "абвгдежзиклмнопрстуфхцчшщыэюя"
_TRANSLIT = {"а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
             "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
             "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
             "щ": "sch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya"}
QUOTES = [("«", "»"), ('"', '"'), ("“", "”"), ("„", "“"), ("'", "'"), ("", "")]
LEGAL_FULL = {"ООО": "Общество с ограниченной ответственностью", "АО": "Акционерное общество",
              "ПАО": "Публичное акционерное общество", "ЗАО": "Закрытое акционерное общество",
              "ИП": "Индивидуальный предприниматель", "АНО": "Автономная некоммерческая организация"}
LEGAL_LATIN = {"ООО": "OOO", "АО": "AO", "ЗАО": "ZAO", "ПАО": "PAO"}


def translit(text: str) -> str:
    return "".join(_TRANSLIT.get(ch, ch) for ch in text.lower())


def typo(rng: random.Random, word: str) -> str:
    """One slip: a letter replaced, dropped, doubled, or two neighbours swapped (never the first)."""
    if len(word) < 5:
        return word
    k = rng.randrange(1, len(word) - 1)
    kind = rng.choice(("replace", "drop", "double", "swap"))
    if kind == "replace":
        letter = rng.choice([ch for ch in _CYRILLIC if ch != word[k].lower()])
        return word[:k] + letter + word[k + 1:]
    if kind == "drop":
        return word[:k] + word[k + 1:]
    if kind == "double":
        return word[:k] + word[k] + word[k:]
    return word[:k] + word[k + 1] + word[k] + word[k + 2:] if word[k] != word[k + 1] else word[:k] + word[k + 1:]


def lookalike(rng: random.Random, word: str) -> str:
    """Replace one or two Cyrillic letters with their Latin twins (keyboard layout slips, copy-paste)."""
    positions = [k for k, ch in enumerate(word) if ch in LOOKALIKE_TO_LATIN]
    for k in rng.sample(positions, min(len(positions), rng.choice((1, 2)))):
        word = word[:k] + LOOKALIKE_TO_LATIN[word[k]] + word[k + 1:]
    return word


def case_change(rng: random.Random, word: str) -> str:
    return rng.choice((word.upper(), word.lower()))


def yo_swap(word: str) -> str:
    return word.replace("ё", "е").replace("Ё", "Е") if "ё" in word.lower() else word


def format_phone(rng: random.Random, national: str, extension: str = "") -> str:
    a, b, c, d = national[:3], national[3:6], national[6:8], national[8:]
    if national[0] != "9" and rng.random() < 0.3:
        a, b = national[:4], national[4:6]
        text = rng.choice([f"8 ({a}) {b}-{c}-{d}", f"+7 {a} {b}-{c}-{d}"])
    else:
        text = rng.choice([
            f"+7 ({a}) {b}-{c}-{d}", f"8 {a} {b} {c} {d}", f"8{a}{b}{c}{d}", f"+7{a}{b}{c}{d}",
            f"{a}-{b}-{c}-{d}", f"8({a}){b}{c}{d}", f"+7 {a} {b}-{c}-{d}", f"7 {a} {b}{c}{d}",
            f"8-{a}-{b}-{c}-{d}", f"+7 ({a}) {b} {c} {d}",
        ])
    if extension:
        text += rng.choice([f" доб. {extension}", f" (доб. {extension})", f" доб {extension}",
                            f" ext. {extension}", f" #{extension}", f", вн. {extension}"])
    return text


def mistype_digit(rng: random.Random, national: str) -> str:
    k = rng.randrange(3, len(national))
    if rng.random() < 0.3 and k < len(national) - 1 and national[k] != national[k + 1]:
        return national[:k] + national[k + 1] + national[k] + national[k + 2:]
    return national[:k] + rng.choice([d for d in "0123456789" if d != national[k]]) + national[k + 1:]


def email_variant(rng: random.Random, email: str) -> str:
    """The same mailbox as people retype it: case, spaces, mailto:, provider aliases, domain slips."""
    login, _, domain = email.partition("@")
    options = ["case", "mailto", "spaces", "name"]
    if domain in ("yandex.ru", "ya.ru"):
        options += ["yandex"] * 3
    if domain == "gmail.com":
        options += ["gmail"] * 3
    if domain in ("mail.ru", "gmail.com", "yandex.ru"):
        options += ["domain_typo"] * 2
    kind = rng.choice(options)
    if kind == "case":
        return rng.choice((email.upper(), login.capitalize() + "@" + domain.upper()))
    if kind == "mailto":
        return "mailto:" + email
    if kind == "spaces":
        return rng.choice((f" {email} ", f"{login} @{domain}"))
    if kind == "name":
        return f"{login.split('.')[0].capitalize()} <{email}>"
    if kind == "yandex":
        other = rng.choice([d for d in ("ya.ru", "yandex.ru", "yandex.com", "yandex.by", "yandex.kz") if d != domain])
        return login.replace(".", "-") + "@" + other if "." in login and rng.random() < 0.5 else login + "@" + other
    if kind == "gmail":
        if "." in login and rng.random() < 0.5:
            return login.replace(".", "") + "@" + rng.choice(("gmail.com", "googlemail.com"))
        return f"{login}+{rng.choice(('crm', 'work', 'shop', 'news'))}@gmail.com"
    typos = {"mail.ru": ["mail.ri", "mial.ru", "mail.ry", "maill.ru"], "gmail.com": ["gmial.com", "gmail.con", "gmai.com"],
             "yandex.ru": ["yandex.ri", "yandx.ru", "yadnex.ru"]}
    return login + "@" + rng.choice(typos[domain])


def comment_with(rng: random.Random, email: str = "", phone: str = "") -> str:
    parts = [rng.choice(["Звонил по рекламе.", "Клиент с выставки.", "Просил перезвонить после обеда.",
                         "Интересовался ценами.", "Пришёл с сайта.", ""])]
    if email:
        parts.append(rng.choice([f"Почта: {email}", f"e-mail {email}", f"пишите на {email}", f"[b]email[/b]: {email}"]))
    if phone:
        parts.append(rng.choice([f"Моб. {phone}", f"тел. {phone}", f"звонить на {phone}"]))
    return " ".join(part for part in parts if part)


def company_title_variant(rng: random.Random, form: str, core: str) -> str:
    """«ООО "Ромашка"», «Ромашка ООО», «Общество с ограниченной ответственностью «РОМАШКА»», OOO Romashka…"""
    left, right = rng.choice(QUOTES)
    name = rng.choice((core, core, core.upper(), core.lower()))
    if rng.random() < 0.15:
        name = lookalike(rng, name)
    quoted = f"{left}{name}{right}"
    if not form:
        return quoted
    style = rng.random()
    if style < 0.45:
        return f"{form} {quoted}"
    if style < 0.65:
        return f"{quoted} {form}"
    if style < 0.85 and form in LEGAL_FULL:
        full = LEGAL_FULL[form]
        return f"{rng.choice((full, full.upper()))} {quoted}"
    if form in LEGAL_LATIN:
        return f"{LEGAL_LATIN[form]} {quoted}"
    return quoted
