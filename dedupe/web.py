"""Web sites and corporate mail domains → one comparable domain per company.

`https://www.Romashka.ru/contacts`, `romashka.ru`, `shop.romashka.ru` → `romashka.ru`; `ромашка.рф` →
its punycode. Public mail services (mail.ru, yandex.ru, gmail.com …) never identify a company, and
pages on shared platforms (vk.com/…, *.tilda.ws, *.narod.ru) are kept whole, not cut to the platform.
"""
from __future__ import annotations

import re
from functools import lru_cache

PUBLIC_MAIL_DOMAINS = frozenset("""
mail.ru bk.ru list.ru inbox.ru internet.ru xmail.ru mail.ua
yandex.ru ya.ru yandex.com yandex.by yandex.kz yandex.ua yandex.com.tr narod.ru
rambler.ru ro.ru lenta.ru autorambler.ru myrambler.ru rambler.ua
gmail.com googlemail.com hotmail.com outlook.com live.com msn.com yahoo.com yahoo.ru aol.com
icloud.com me.com mac.com proton.me protonmail.com pm.me zoho.com gmx.com gmx.de web.de mail.com
qip.ru pochta.ru e1.ru ngs.ru tut.by ukr.net i.ua bigmir.net meta.ua km.ru nm.ru hotbox.ru
""".split())
# Platforms where the host (or host + first path segment) belongs to a tenant, not to the platform.
_SOCIAL = frozenset({"vk.com", "vk.ru", "facebook.com", "fb.com", "instagram.com", "ok.ru", "t.me",
                     "youtube.com", "twitter.com", "x.com", "tiktok.com", "wa.me", "taplink.cc",
                     "avito.ru", "2gis.ru", "yandex.ru", "google.com", "hh.ru"})
_HOSTING_SUFFIXES = ("tilda.ws", "wixsite.com", "narod.ru", "ucoz.ru", "ucoz.net", "business.site",
                     "nethouse.ru", "blogspot.com", "github.io", "bitrix24.site", "bitrix24.ru",
                     "megagroup.ru", "ukit.me", "webflow.io", "wordpress.com", "livejournal.com")
_SECOND_LEVEL_ZONES = frozenset({"com.ru", "net.ru", "org.ru", "pp.ru", "msk.ru", "spb.ru", "com.ua",
                                 "co.uk", "com.tr", "com.kz", "org.kz"})
_SCHEME = re.compile(r"^[a-z][a-z0-9+.\-]*://")


@lru_cache(maxsize=100_000)
def normalize_site(raw: str) -> str | None:
    """A WEB value → the site's identifying domain (or platform page), None if unreadable."""
    text = _SCHEME.sub("", raw.strip().lower()).lstrip("/")
    host, _, path = text.partition("/")
    host = host.split("@")[-1].split(":")[0].strip(".")
    if host.startswith("www."):
        host = host[4:]
    if "." not in host or " " in host:
        return None
    host = _to_ascii(host)
    if host in _SOCIAL:
        segment = path.split("/")[0].split("?")[0].strip()
        return f"{host}/{segment}" if segment else None
    if host.endswith(_HOSTING_SUFFIXES):
        return host
    return registrable_domain(host)


def registrable_domain(host: str) -> str:
    labels = host.split(".")
    keep = 3 if ".".join(labels[-2:]) in _SECOND_LEVEL_ZONES else 2
    return ".".join(labels[-keep:])


@lru_cache(maxsize=100_000)
def corporate_domain(email_domain: str) -> str | None:
    """The company a mail domain points at; None for public mail services."""
    domain = _to_ascii(email_domain)
    if domain in PUBLIC_MAIL_DOMAINS or domain.endswith(_HOSTING_SUFFIXES):
        return None
    return registrable_domain(domain)


def _to_ascii(host: str) -> str:
    if host.isascii():
        return host
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return host
