"""Phones, e-mails and web sites for the hold-out generator, and the ways they get typed.

A phone is kept as its 10-digit national number (plus the length of its area code); what reaches a
record is one of many spellings of it. An e-mail is kept as the address the person uses; records
carry case changes, aliases, domain typos and wrappers around it.
"""
from __future__ import annotations

import random
from dataclasses import dataclass

from benchmarks.dedupe_holdout_parts.text import pick_weighted, translit


@dataclass(frozen=True)
class City:
    name: str
    region: str          # the two-digit region code that starts INNs and KPPs issued there
    tax_offices: tuple[str, ...]
    area_code: str
    weight: float


CITIES = (
    City("Москва", "77", ("7701", "7704", "7705", "7707", "7710", "7714", "7719", "7723", "7727", "7736"), "495", 30),
    City("Санкт-Петербург", "78", ("7801", "7802", "7804", "7810", "7813", "7825", "7842"), "812", 12),
    City("Казань", "16", ("1655", "1657", "1659", "1660"), "843", 4),
    City("Екатеринбург", "66", ("6658", "6670", "6671", "6685", "6686"), "343", 4),
    City("Новосибирск", "54", ("5401", "5402", "5405", "5406", "5410"), "383", 4),
    City("Нижний Новгород", "52", ("5256", "5258", "5260", "5262"), "831", 3),
    City("Самара", "63", ("6311", "6312", "6315", "6317", "6319"), "846", 3),
    City("Ростов-на-Дону", "61", ("6161", "6163", "6164", "6165", "6168"), "863", 3),
    City("Краснодар", "23", ("2308", "2309", "2310", "2311", "2312"), "861", 3),
    City("Уфа", "02", ("0273", "0274", "0276", "0278"), "347", 2),
    City("Пермь", "59", ("5902", "5903", "5904", "5906", "5908"), "342", 2),
    City("Воронеж", "36", ("3661", "3662", "3663", "3664", "3666"), "473", 2),
    City("Челябинск", "74", ("7447", "7448", "7449", "7451", "7453"), "351", 2),
    City("Омск", "55", ("5501", "5503", "5504", "5505", "5507"), "3812", 2),
    City("Красноярск", "24", ("2460", "2461", "2463", "2465", "2466"), "391", 2),
    City("Тюмень", "72", ("7202", "7203", "7204"), "3452", 1.5),
    City("Тула", "71", ("7104", "7105", "7106", "7107"), "4872", 1),
    City("Ярославль", "76", ("7602", "7604", "7606"), "4852", 1),
    City("Иркутск", "38", ("3808", "3810", "3811", "3812"), "3952", 1),
    City("Калининград", "39", ("3904", "3905", "3906"), "4012", 1),
)
_CITY_WEIGHTS = [c.weight for c in CITIES]
_MOBILE_CODES = tuple(str(c) for c in (*range(900, 940), *range(950, 954), *range(960, 970), 977, 978,
                                       *range(980, 990), *range(991, 1000)))


def pick_city(rng: random.Random) -> City:
    return rng.choices(CITIES, _CITY_WEIGHTS)[0]


def draw_unique(make, taken: set[str]) -> str:
    """Call `make` until it gives a value not in `taken`; claim and return it."""
    value = make()
    while value in taken:
        value = make()
    taken.add(value)
    return value


class PhoneBook:
    """Hands out national numbers that nobody else in the data set has."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.taken: set[str] = set()

    def _unique(self, make) -> str:
        return draw_unique(make, self.taken)

    def mobile(self) -> str:
        rng = self.rng
        return self._unique(lambda: rng.choice(_MOBILE_CODES) + str(rng.randrange(2_000_000, 10_000_000)))

    def landline(self, city: City) -> str:
        rng, code = self.rng, city.area_code
        if code == "495" and rng.random() < 0.3:
            code = "499"
        digits = 10 - len(code)
        return self._unique(lambda: code + str(rng.randrange(2 * 10 ** (digits - 1), 10 ** digits)))

    def toll_free(self) -> str:
        return self._unique(lambda: "800" + str(self.rng.randrange(1_000_000, 10_000_000)))


def area_length(national: str) -> int:
    return 4 if any(national.startswith(c.area_code) and len(c.area_code) == 4 for c in CITIES) else 3


def _local(local: str, how: str) -> str:
    groups = [local[:3], local[3:5], local[5:]] if len(local) == 7 else [local[:2], local[2:4], local[4:]]
    return {"dash": "-".join(groups), "space": " ".join(groups), "plain": local}[how]


_PHONE_STYLES = (
    ("+7 ({c}) {dash}", 14), ("8 ({c}) {dash}", 12), ("+7 {c} {plain}", 6), ("8{c}{plain}", 9),
    ("{c}-{dash}", 3), ("+7({c}){dash}", 7), ("+7{c}{plain}", 12), ("8-{c}-{dash}", 5),
    ("7 {c} {space}", 3), ("8 {c} {space}", 6), ("+7 ({c}) {space}", 4), ("8({c}){plain}", 3),
    ("+7-{c}-{dash}", 2), ("({c}) {dash}", 3), ("{c}{plain}", 3), ("+7 {c} {dash}", 5), ("7{c}{plain}", 3),
)
_EXTENSION_STYLES = ((" доб. {e}", 10), (" доб.{e}", 4), (", доб. {e}", 4), (" (доб. {e})", 4), (" доб {e}", 3),
                     (" вн. {e}", 2), (" ext. {e}", 2), (" #{e}", 1), (" добавочный {e}", 1))


def phone_style(rng: random.Random) -> str:
    return pick_weighted(rng, _PHONE_STYLES)


def format_phone(rng: random.Random, national: str, ext: str | None = None, style: str | None = None) -> str:
    """One way a person could have typed `national` (10 digits), with the extension if any."""
    cut = area_length(national)
    code, local = national[:cut], national[cut:]
    text = (style or phone_style(rng)).format(c=code, dash=_local(local, "dash"),
                                              space=_local(local, "space"), plain=local)
    if ext:
        text += pick_weighted(rng, _EXTENSION_STYLES).format(e=ext)
    return text


def mistype_phone(rng: random.Random, national: str) -> str:
    """The same number with one digit wrong or two neighbours swapped (never the operator code)."""
    digits = list(national)
    i = rng.randrange(4, 10)
    if rng.random() < 0.6 or i == 9 or digits[i] == digits[i + 1]:
        digits[i] = rng.choice([d for d in "0123456789" if d != digits[i]])
    else:
        digits[i], digits[i + 1] = digits[i + 1], digits[i]
    return "".join(digits)


# ------------------------------------------------------------------ e-mail

PUBLIC_DOMAINS = (("mail.ru", 30), ("yandex.ru", 22), ("gmail.com", 20), ("bk.ru", 5), ("list.ru", 4),
                  ("inbox.ru", 3), ("rambler.ru", 4), ("ya.ru", 3), ("icloud.com", 2), ("outlook.com", 1),
                  ("hotmail.com", 0.5), ("yahoo.com", 0.5))
YANDEX_DOMAINS = ("yandex.ru", "ya.ru", "yandex.com", "yandex.by", "yandex.kz", "yandex.ua")
DOMAIN_TYPOS = {
    "gmail.com": ("gmial.com", "gmai.com", "gmail.co", "gmail.cm", "gnail.com", "gmail.con", "gmail.ru"),
    "mail.ru": ("mai.ru", "mail.ri", "mial.ru", "mail.ry", "meil.ru", "mail.tu"),
    "yandex.ru": ("yandex.ry", "yandx.ru", "yandeks.ru", "yndex.ru", "yandex.tu"),
    "rambler.ru": ("rambler.ry", "rambeler.ru", "ramber.ru"),
    "bk.ru": ("bk.ry",), "list.ru": ("list.ry", "lits.ru"), "inbox.ru": ("inbox.ry", "inbx.ru"),
}
GENERIC_LOCALS = (("info", 30), ("sales", 12), ("office", 10), ("zakaz", 6), ("mail", 5), ("secretary", 3),
                  ("buh", 4), ("opt", 3), ("snab", 3), ("priem", 2), ("reception", 2), ("manager", 4),
                  ("hello", 2), ("contact", 2), ("tender", 2), ("order", 2))
_NICKNAMES = ("sunny", "kotik", "tigr", "zvezda", "volk", "bars", "lisa", "medved", "angel", "dragon",
              "smile", "pilot", "kapitan", "master", "rider", "lucky", "best", "super", "alpha", "sokol")


def mailbox_key(email: str) -> str:
    """Which real mailbox an address reaches — the generator's own notion, used to keep people apart."""
    local, _, domain = email.strip().lower().partition("@")
    if domain in ("gmail.com", "googlemail.com"):
        return local.split("+")[0].replace(".", "") + "@gmail.com"
    if domain in YANDEX_DOMAINS:
        return local.split("+")[0].replace("-", ".") + "@yandex.ru"
    return f"{local}@{domain}"


def _login_rules(local: str, domain: str) -> str:
    """Gmail logins have only letters, digits and dots; Yandex ones no underscores (a hyphen instead)."""
    if domain == "gmail.com":
        return local.replace("-", ".").replace("_", ".")
    if domain in YANDEX_DOMAINS:
        return local.replace("_", "-")
    return local


class MailRegistry:
    """Hands out addresses whose mailbox nobody else in the data set uses."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.taken: set[str] = set()

    def claim(self, address: str) -> str | None:
        key = mailbox_key(address)
        if key in self.taken:
            return None
        self.taken.add(key)
        return address

    def personal(self, last: str, first: str, middle: str | None, year: int) -> str:
        rng = self.rng
        f, l, m = translit(first, alt=rng.random() < 0.3), translit(last), translit(middle or "x")
        patterns = ("{f}.{l}", "{l}.{f}", "{f}{l}", "{fi}.{l}", "{l}{yy}", "{l}.{f}{yy}", "{f}_{l}",
                    "{l}_{fi}", "{f}{yyyy}", "{l}{fi}{mi}", "{nick}{nn}", "{f}-{l}", "{l}-{f}{nn}")
        domain = pick_weighted(rng, PUBLIC_DOMAINS)
        for attempt in range(50):
            local = rng.choice(patterns).format(
                f=f, l=l, fi=f[:1], mi=m[:1], yy=str(year)[2:], yyyy=year, nn=rng.randrange(1, 999),
                nick=rng.choice(_NICKNAMES))
            if attempt > 3:
                local += str(rng.randrange(10, 9999))
            local = _login_rules(local, domain)
            if self.claim(f"{local}@{domain}"):
                return f"{local}@{domain}"
        raise RuntimeError("could not find a free mailbox")

    def corporate(self, last: str, first: str, middle: str | None, domain: str) -> str:
        rng = self.rng
        f, l, m = translit(first), translit(last), translit(middle or "x")
        patterns = ("{fi}.{l}", "{l}", "{f}.{l}", "{l}.{fi}", "{fi}{l}", "{l}{fi}{mi}", "{l}_{fi}", "{f}")
        for attempt in range(30):
            local = rng.choice(patterns).format(f=f, l=l, fi=f[:1], mi=m[:1])
            if attempt > 5:
                local += str(rng.randrange(2, 99))
            if self.claim(f"{local}@{domain}"):
                return f"{local}@{domain}"
        raise RuntimeError("could not find a free corporate mailbox")


def email_variant_kinds(email: str) -> list[str]:
    """The garblings that keep `email` reaching the same mailbox (or that an engine should undo)."""
    domain = email.rpartition("@")[2]
    kinds = ["case", "spaces", "mailto", "display_name"]
    if domain == "gmail.com":
        kinds += ["gmail_dots", "plus_alias"]
    if domain in YANDEX_DOMAINS:
        kinds += ["yandex_domain", "plus_alias"] + (["yandex_hyphen"] if "." in email.partition("@")[0] else [])
    if domain in DOMAIN_TYPOS:
        kinds.append("domain_typo")
    return kinds


def garble_email(rng: random.Random, email: str, kind: str, display: str = "") -> str:
    local, _, domain = email.partition("@")
    if kind == "case":
        return ".".join(p[:1].upper() + p[1:] for p in local.split(".")) + "@" + domain.capitalize()
    if kind == "spaces":
        return rng.choice((f" {email}", f"{email} ", f"{local}@ {domain}", f" {email} "))
    if kind == "mailto":
        return rng.choice(("mailto:", "MAILTO:", "mailto: ")) + email
    if kind == "display_name":
        return f"{display} <{email}>" if display else f"<{email}>"
    if kind == "gmail_dots":
        bare = local.replace(".", "")
        if bare != local:
            return f"{bare}@{domain}"
        cut = rng.randrange(1, len(bare)) if len(bare) > 1 else 1
        return f"{bare[:cut]}.{bare[cut:]}@{domain}"
    if kind == "plus_alias":
        return f"{local}+{rng.choice(('crm', 'work', 'shop', 'b24', 'news'))}@{domain}"
    if kind == "yandex_domain":
        return f"{local}@{rng.choice([d for d in YANDEX_DOMAINS if d != domain])}"
    if kind == "yandex_hyphen":
        return f"{local.replace('.', '-')}@{domain}"
    if kind == "domain_typo":
        return f"{local}@{rng.choice(DOMAIN_TYPOS[domain])}"
    raise ValueError(kind)


# ------------------------------------------------------------------ web sites

_TLDS = ((".ru", 70), (".com", 8), (".рф", 8), (".net", 4), (".su", 2), (".org", 3), (".pro", 3), (".biz", 2))


def make_site(rng: random.Random, core: str, city: City, taken: set[str]) -> str:
    """A domain for a company called `core`; Cyrillic .рф domains keep the Cyrillic name."""
    tld = pick_weighted(rng, _TLDS)
    words = [w for w in core.replace("-", " ").split() if w]
    spell = (lambda text: text.lower()) if tld == ".рф" else translit
    base = spell("".join(words)) or "firma"
    if len(base) > 18:  # long names get an abbreviation: "Уральский Завод Металлоизделий" -> uzmetallo…
        base = "".join(spell(w)[:1] for w in words) + spell(words[-1])[:8]
    for attempt in range(40):
        name = base if attempt == 0 else rng.choice(
            (f"{base}-{translit(city.name)[:3]}", f"{base}{rng.randrange(1, 99)}", f"{base}-group", f"{base}-{attempt}"))
        domain = name + tld
        if domain not in taken:
            taken.add(domain)
            return domain
    raise RuntimeError("no free domain")


def format_site(rng: random.Random, domain: str) -> str:
    if domain.endswith(".рф") and rng.random() < 0.25:
        domain = domain.encode("idna").decode("ascii")
    return pick_weighted(rng, (
        ("{d}", 25), ("www.{d}", 15), ("http://{d}", 10), ("https://{d}/", 15), ("https://www.{d}/", 10),
        ("http://www.{d}", 6), ("https://{d}/contacts/", 4), ("{D}", 3), ("https://{d}/kontakty", 2),
        ("http://{d}/index.php", 2), ("{d}/", 3))).format(d=domain, D=domain.upper())
