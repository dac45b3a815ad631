"""E-mail addresses: one canonical mailbox key per address.

Fixes what people type (case, spaces, `mailto:`, `Имя <addr>`, obvious typos in popular domains) and
folds provider aliases that deliver to the same mailbox: Gmail ignores dots and `+tags` and answers
at googlemail.com too; Yandex answers at ya.ru, yandex.ru/.com/.by/.kz/.ua and narod.ru and treats `.`
and `-` in the login alike. Mail.ru's domains (mail.ru, bk.ru, list.ru, inbox.ru) are separate
mailboxes and are NOT folded. Role mailboxes (info@, sales@ …) are flagged: many people share them.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from rapidfuzz.distance import OSA

from dedupe.web import PUBLIC_MAIL_DOMAINS, corporate_domain

_ADDRESS = re.compile(r"[\w.+\-']+@[\w\-]+(?:\.[\w\-]+)+", re.UNICODE)
_SPACES_AROUND_AT = re.compile(r"\s*@\s*")
_YANDEX = frozenset({"ya.ru", "yandex.ru", "yandex.com", "yandex.by", "yandex.kz", "yandex.ua",
                     "yandex.com.tr", "narod.ru"})
_GMAIL = frozenset({"gmail.com", "googlemail.com"})
# Exact typos seen in Russian CRMs, and TLD slips on the popular domains.
_DOMAIN_TYPOS = {
    "mail.ri": "mail.ru", "mail.ry": "mail.ru", "mail.tu": "mail.ru", "mail.r": "mail.ru",
    "mai.ru": "mail.ru", "mial.ru": "mail.ru", "maill.ru": "mail.ru", "meil.ru": "mail.ru",
    "mali.ru": "mail.ru", "mail.ru.ru": "mail.ru", "mail.com.ru": "mail.ru", "email.ru": "mail.ru",
    "ya.ri": "ya.ru", "ya.ry": "ya.ru", "gmail.ru": "gmail.com", "gmail.co": "gmail.com",
    "gmail.cm": "gmail.com", "gmail.con": "gmail.com", "gmail.cim": "gmail.com",
    "bk.ri": "bk.ru", "bk.ry": "bk.ru", "list.ri": "list.ru", "list.ry": "list.ru",
    "inbox.ri": "inbox.ru", "inbox.ry": "inbox.ru",
}
# Long popular domains: a one-letter slip (gmial.com, yandx.ru, ramblr.ru) is unambiguous.
_FUZZY_TARGETS = ("gmail.com", "yandex.ru", "rambler.ru", "outlook.com", "hotmail.com", "icloud.com",
                  "yahoo.com", "inbox.ru")
_ROLE_LOGINS = frozenset("""
info office sales sale mail post contact contacts support help admin hello zakaz order orders buh
buhgalter buhgalteria bookkeeping secretary secretar reception priemnaya hr kadry marketing pr
manager managers director dir snab tender tenders noreply no-reply welcome team client clients
service shop store opt market logistics dostavka delivery job jobs career rabota general corp
company firma ofis kontakt kontakty feedback request zapros partner partners purchase purchasing
""".split())
_ROLE_WITH_DIGITS = re.compile(r"^([a-z\-]+?)[\d._\-]*$")


class Email(NamedTuple):
    address: str        # cleaned, as it will be shown: "ivan.petrov@yandex.ru"
    mailbox: str        # canonical key: "ivan-petrov@yandex.ru"
    role: bool = False  # info@, sales@ …: shared by many people
    from_comments: bool = False
    company_domain: str | None = None   # the firm the mail domain names; None for public mail services

    @property
    def domain(self) -> str:
        return self.address.rpartition("@")[2]


def normalize_email(raw: str) -> Email | None:
    """Raw EMAIL value → Email, or None when no address can be read from it."""
    text = raw.strip().lower()
    if not _ADDRESS.fullmatch(text):       # the usual clean address skips the repairs below
        text = _SPACES_AROUND_AT.sub("@", text.replace("mailto:", ""))
        match = _ADDRESS.search(text)
        if not match:
            return None
        text = match.group(0)
    login, _, domain = text.strip(".-'").partition("@")
    domain = fix_domain_typo(domain.strip("."))
    if not login or "." not in domain:
        return None
    address = f"{login}@{domain}"
    return Email(address, _mailbox(login, domain), _is_role(login), company_domain=corporate_domain(domain))


def emails_in_text(text: str, from_comments: bool = True) -> list[Email]:
    """Addresses written inside free text (COMMENTS), or several typed into one field."""
    found = []
    for match in _ADDRESS.finditer(text.lower()):
        email = normalize_email(match.group(0))
        if email:
            found.append(email._replace(from_comments=from_comments))
    return found


@lru_cache(maxsize=20_000)
def fix_domain_typo(domain: str) -> str:
    if domain in PUBLIC_MAIL_DOMAINS:
        return domain
    if domain in _DOMAIN_TYPOS:
        return _DOMAIN_TYPOS[domain]
    # «yandeks.ru»: the Russian name spelt out in Latin letters, then at most one more slip
    for spelt in dict.fromkeys((domain, domain.replace("ks", "x"))):
        for target in _FUZZY_TARGETS:
            if abs(len(target) - len(spelt)) <= 1 and OSA.distance(spelt, target, score_cutoff=1) <= 1:
                return target
    return domain


def _mailbox(login: str, domain: str) -> str:
    if domain in _GMAIL:
        return login.split("+", 1)[0].replace(".", "") + "@gmail.com"
    if domain in _YANDEX:
        return login.split("+", 1)[0].replace(".", "-") + "@yandex.ru"
    if domain in ("outlook.com", "hotmail.com", "live.com"):
        return login.split("+", 1)[0] + "@" + domain
    return f"{login}@{domain}"


def _is_role(login: str) -> bool:
    match = _ROLE_WITH_DIGITS.match(login)
    return login in _ROLE_LOGINS or bool(match and match.group(1) in _ROLE_LOGINS)
