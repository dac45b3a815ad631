"""Spelling: the ways managers type phones, e-mails, names and company titles, and the Bitrix24 REST rows
(crm.contact.list / crm.company.list / crm.lead.list / crm.requisite.list) built from the plans."""
from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

from . import vocab as V
from .plan import Card, Chan, Rec

MSK = timezone(timedelta(hours=3))
_CODES = sorted({code for city in V.CITIES for code in city.codes}, key=len, reverse=True)


def iso(ts: int) -> str:
    return datetime.fromtimestamp(ts, MSK).isoformat()


# ---------------------------------------------------------------------- phones
_MOBILE_FORMATS = V.Weighted([
    ("+7 {a} {b}-{c}-{d}", 14), ("8 {a} {b}-{c}-{d}", 12), ("+7({a}){b}{c}{d}", 5), ("8{n}", 12), ("7{n}", 5),
    ("+7{n}", 14), ("{a}-{b}-{c}-{d}", 4), ("7 {a} {b} {c} {d}", 3), ("8({a}){b}-{c}-{d}", 8), ("8-{a}-{b}-{c}-{d}", 6),
    ("+7 ({a}) {b}-{c}-{d}", 12), ("{n}", 3), ("+7 {a} {b} {c}{d}", 2), ("8 {a} {b}{c}{d}", 2), ("+7-{a}-{b}-{c}{d}", 2),
    ("8 ({a}) {b} {c} {d}", 3), ("+7 {a} {b}{c}{d}", 2)])
_LANDLINE_FORMATS = V.Weighted([
    ("+7 ({code}) {rest}", 20), ("8 ({code}) {rest}", 20), ("+7 {code} {rest}", 12), ("8{n}", 10), ("({code}) {rest}", 8),
    ("+7{n}", 10), ("8-{code}-{rest}", 6), ("8 {code} {rest}", 6), ("7{n}", 3), ("+7({code}){raw}", 3)])
_EXT_FORMATS = V.Weighted([(" доб. {x}", 40), (" доб.{x}", 15), (" ext {x}", 6), (", {x}", 8), (" (доб. {x})", 12),
                           (" вн. {x}", 5), (" добавочный {x}", 4), (" #{x}", 3), (" д.{x}", 5), (" ext. {x}", 2)])


def _group_rest(rest: str) -> str:
    if len(rest) == 7:
        return f"{rest[:3]}-{rest[3:5]}-{rest[5:]}"
    if len(rest) == 6:
        return f"{rest[:2]}-{rest[2:4]}-{rest[4:]}"
    return f"{rest[0]}-{rest[1:3]}-{rest[3:]}"


def phone_text(rng: random.Random, n: str, ext: str | None = None, level: int = 0) -> str:
    if n[0] == "9":
        text = _MOBILE_FORMATS.pick(rng).format(n=n, a=n[:3], b=n[3:6], c=n[6:8], d=n[8:])
    elif n.startswith("800"):
        text = rng.choice(["8-800-{b}-{c}-{d}", "8 (800) {b}-{c}-{d}", "+7 800 {b}{c}{d}", "8800{b}{c}{d}",
                           "8 800 {b} {c} {d}"]).format(b=n[3:6], c=n[6:8], d=n[8:])
    else:
        code = next((c for c in _CODES if n.startswith(c)), n[:3])
        rest = n[len(code):]
        if level and rng.random() < 0.03:
            text = _group_rest(rest)         # dialled locally: no area code at all
        else:
            text = _LANDLINE_FORMATS.pick(rng).format(n=n, code=code, rest=_group_rest(rest), raw=rest)
    if ext:
        text += _EXT_FORMATS.pick(rng).format(x=ext)
    if rng.random() < 0.02:
        text = " " + text + " "
    return text


# ---------------------------------------------------------------------- e-mails
def email_text(rng: random.Random, local: str, domain: str, level: int) -> str:
    options = [("plain", 85 if level == 0 else 52), ("case", 7 if level == 0 else 14), ("spaces", 3 if level == 0 else 7),
               ("mailto", 1 if level == 0 else 4)]
    if domain in V.DOMAIN_TYPOS:
        options.append(("typo", 1 if level == 0 else 8))
    if domain in V.YANDEX_ALIASES:
        options.append(("alias", 2 if level == 0 else 10))
    if domain == "gmail.com":
        options += [("dots", 1 if level == 0 else 6), ("tag", 1 if level == 0 else 4), ("googlemail", 0.2 if level == 0 else 1.5)]
    total = sum(w for _, w in options)
    x, kind = rng.random() * total, "plain"
    for kind, weight in options:
        x -= weight
        if x < 0:
            break
    if kind == "case":
        choice = rng.randrange(3)
        if choice == 0:
            local = ".".join(part.capitalize() for part in local.split("."))
        elif choice == 1:
            local, domain = local.upper(), domain.upper()
        else:
            domain = domain.capitalize()
    elif kind == "typo":
        domain = rng.choice(V.DOMAIN_TYPOS[domain])
    elif kind == "alias":
        domain = rng.choice([d for d in V.YANDEX_ALIASES if d != domain])
    elif kind == "dots":
        local = local.replace(".", "") if "." in local else (local[:2] + "." + local[2:] if len(local) > 3 else local)
    elif kind == "tag":
        local += "+" + rng.choice(["crm", "shop", "1", "work", "news", "orders"])
    elif kind == "googlemail":
        domain = "googlemail.com"
    text = f"{local}@{domain}"
    if kind == "spaces":
        text = rng.choice([f" {text}", f"{text} ", f"{local} @{domain}", f"{local}@ {domain}", f"  {text}  "])
    elif kind == "mailto":
        text = rng.choice(["mailto:", "MAILTO:", "mailto: "]) + text
    return text


# ---------------------------------------------------------------------- names
def _typo(rng: random.Random, word: str) -> str:
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    op = rng.randrange(4)
    ch = word[i].lower()
    if op == 0 and V.KEY_NEIGHBOURS.get(ch):
        return word[:i] + rng.choice(V.KEY_NEIGHBOURS[ch]) + word[i + 1:]
    if op == 1:
        return word[:i] + word[i + 1:]
    if op == 2:
        return word[:i] + word[i] + word[i:]
    return word[:i] + word[i + 1] + word[i] + word[i + 2:]


def _latin(rng: random.Random, word: str) -> str:
    spots = [i for i, ch in enumerate(word) if ch in V.LOOKALIKES]
    if not spots:
        return word
    chars = list(word)
    for i in rng.sample(spots, min(len(spots), rng.choice([1, 1, 1, 2]))):
        chars[i] = V.LOOKALIKES[chars[i]]
    return "".join(chars)


def noisy(rng: random.Random, words: list[str], level: int) -> list[str]:
    """ё/е, one-letter typos, Latin look-alikes and case, as managers and web forms produce them."""
    out = []
    yo = rng.random() < 0.55
    for w in words:
        if w and "ё" in w.lower() and yo:
            w = w.replace("ё", "е").replace("Ё", "Е")
        out.append(w)
    live = [i for i, w in enumerate(out) if w and len(w) > 2]
    if live:
        if rng.random() < (0.015 if level == 0 else 0.05):
            i = rng.choice(live)
            out[i] = _typo(rng, out[i])
        if rng.random() < (0.012 if level == 0 else 0.035):
            i = rng.choice(live)
            out[i] = _latin(rng, out[i])
    x = rng.random()
    if x < (0.015 if level == 0 else 0.035):
        out = [w.upper() for w in out]
    elif x < (0.03 if level == 0 else 0.08):
        out = [w.lower() for w in out]
    return out


def name_fields(rng: random.Random, rec: Rec, empty) -> tuple:
    """NAME, SECOND_NAME, LAST_NAME as the record shows them."""
    p = rec.person
    first = {"full": p.first, "dim": rec.dim, "init": p.first[0] + "."}.get(rec.first_mode, "") if rec.first_mode else ""
    patr = p.patr if rec.patr_mode == "full" else (p.patr[0] + "." if rec.patr_mode == "init" else "")
    last = p.last if rec.show_last else ""
    first, patr, last = noisy(rng, [first, patr, last], rec.level)
    style = rec.style
    if style == "swapped" and first and last:
        return last, patr or empty, first
    if style in ("one_field_name", "one_field_last"):
        if rec.first_mode == "init":
            whole = f"{last} {first}{patr}"
        elif rng.random() < 0.65:
            whole = " ".join(w for w in (last, first, patr) if w)
        else:
            whole = " ".join(w for w in (first, patr, last) if w)
        return (whole, empty, empty) if style == "one_field_name" else (empty, empty, whole)
    if style == "fio_name" and first and patr:
        return f"{first} {patr}", empty, last or empty
    return first or empty, patr or empty, last or empty


def shown_name(fields: tuple) -> str:
    name, second, last = fields
    return " ".join(x for x in (last, name, second) if x)


# ---------------------------------------------------------------------- company titles
_QUOTES = V.Weighted([("«»", 45), ('""', 35), ("“”", 5), ("„“", 2), ("''", 3), ("", 10)])


def _quote(rng: random.Random, core: str) -> str:
    if "«" in core or '"' in core:
        return core
    q = _QUOTES.pick(rng)
    return f"{q[0]}{core}{q[1]}" if q else core


def company_title(rng: random.Random, card: Card) -> str:
    org = card.org
    style = card.title_style
    form, full_form = org.form, V.LEGAL_FORMS[org.form]
    city = org.city.name
    if form == "ИП":
        owner = org.owner
        fio = f"{owner.last} {owner.first} {owner.patr}"
        initials = f"{owner.last} {owner.first[0]}.{owner.patr[0]}." if rng.random() < 0.6 else f"{owner.last} {owner.first[0]}. {owner.patr[0]}."
        title = {"short": f"ИП {fio}", "full": f"Индивидуальный предприниматель {fio}",
                 "suffix": rng.choice([f"{initials} ИП", f"ИП {initials}"]), "bare": fio,
                 "upper": f"ИП {fio}".upper(), "lower": f"ип {fio}".lower(), "with_city": f"ИП {fio} ({city})",
                 "double_quotes": f'ИП "{fio}"', "typo": f"ИП {_typo(rng, owner.last)} {owner.first} {owner.patr}"}[style]
        return title
    core = org.core
    if style == "typo":
        core = _typo(rng, core)
        style = rng.choice(["short", "bare"])
    if style == "short":
        title = f"{form} {_quote(rng, core)}"
    elif style == "full":
        title = f"{full_form} {_quote(rng, core)}"
        if rng.random() < 0.3:
            title = title.upper() if rng.random() < 0.3 else title
    elif style == "suffix":
        title = rng.choice([f"{core} {form}", f"{_quote(rng, core)}, {form}", f"{core} ({form})"])
    elif style == "bare":
        title = core if rng.random() < 0.8 else _quote(rng, core)
    elif style == "upper":
        title = f"{form} {_quote(rng, core)}".upper()
    elif style == "lower":
        title = rng.choice([core.lower(), f"{form.lower()} {core.lower()}", f"{form} {core.lower()}"])
    elif style == "with_city":
        title = rng.choice([f"{form} {_quote(rng, core)} ({city})", f"{core} г. {city}", f"{core}, {city}",
                            f"{form} {_quote(rng, core)} {city}"])
    else:
        title = rng.choice([f'{form} ""{core}""', f'{form} "{core}"', f'"{core}" {form}'])
    if card.branch_marker and org.parent is not None:
        short = f"{form} {_quote(rng, org.core)}"
        title = rng.choice([f"Филиал {short} в г. {city}", f"{short} (филиал, {city})", f"{org.core} {city}",
                            f"{short} — {city}", f"{short} филиал {city}"])
    if rng.random() < 0.01:
        title += " "
    return title


# ---------------------------------------------------------------------- rows
class Ids:
    """Bitrix keeps one sequence per table; multi-field values have their own."""

    def __init__(self):
        self.multi = 0

    def next_multi(self) -> str:
        self.multi += 1
        return str(self.multi)


def multi_fields(rng: random.Random, chans: list[Chan], level: int, ids: Ids) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for c in chans:
        if c.where != "field":
            continue
        if c.kind == "phone":
            value = phone_text(rng, c.value, c.ext, level)
            entry_type = "PHONE"
            vtype = c.vtype if rng.random() < 0.9 else rng.choice(["WORK", "MOBILE", "OTHER", "HOME"])
        elif c.kind == "email":
            value = email_text(rng, c.value[0], c.value[1], level)
            entry_type = "EMAIL"
            vtype = c.vtype if c.vtype in ("WORK", "HOME") and rng.random() < 0.85 else rng.choice(["WORK", "HOME", "OTHER"])
        else:
            d = c.value
            value = rng.choice([f"https://{d}", f"http://{d}", f"www.{d}", d, f"https://www.{d}/", f"http://www.{d}"])
            entry_type = "WEB"
            vtype = "WORK" if rng.random() < 0.9 else "OTHER"
        out.setdefault(entry_type, []).append({"ID": ids.next_multi(), "VALUE_TYPE": vtype, "VALUE": value,
                                               "TYPE_ID": entry_type})
    return out


def comment_channel(rng: random.Random, c: Chan, level: int) -> str:
    if c.kind == "phone":
        text = phone_text(rng, c.value, c.ext, level)
        return rng.choice(["Моб. {}", "Тел.: {}", "тел {}", "Личный телефон {}", "Новый номер: {}", "{} (звонить после 18)",
                           "Контактный телефон {}", "WhatsApp {}", "Сотовый: {}"]).format(text)
    text = email_text(rng, c.value[0], c.value[1], level)
    return rng.choice(["Почта: {}", "e-mail {}", "Email: {}", "Писать на {}", "Личная почта {}", "E-mail для документов: {}"]).format(text)


def noise_note(rng: random.Random) -> str:
    x = rng.random()
    if x < 0.3:
        return f"Счёт № {rng.randrange(10, 9999)} от {rng.randrange(1, 29):02d}.{rng.randrange(1, 13):02d}.{rng.randrange(2016, 2025)}"
    if x < 0.45:
        return f"Договор {rng.randrange(1, 300)}/{rng.randrange(2016, 2026)}"
    return rng.choice(V.CONTACT_NOTES)
