"""Russian tax identifiers with valid check digits (public algorithms of the Federal Tax Service)."""
from __future__ import annotations

import random

INN10_WEIGHTS = (2, 4, 10, 3, 5, 9, 4, 6, 8)
INN12_WEIGHTS_11 = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
INN12_WEIGHTS_12 = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)


def _check(digits: str, weights: tuple[int, ...]) -> str:
    return str(sum(int(d) * w for d, w in zip(digits, weights)) % 11 % 10)


def inn10_valid(inn: str) -> bool:
    return len(inn) == 10 and inn.isdigit() and inn[9] == _check(inn[:9], INN10_WEIGHTS)


def inn12_valid(inn: str) -> bool:
    return (len(inn) == 12 and inn.isdigit() and inn[10] == _check(inn[:10], INN12_WEIGHTS_11)
            and inn[11] == _check(inn[:11], INN12_WEIGHTS_12))


def ogrn_valid(ogrn: str) -> bool:
    return len(ogrn) == 13 and ogrn.isdigit() and ogrn[12] == str(int(ogrn[:12]) % 11 % 10)


def ogrnip_valid(ogrnip: str) -> bool:
    return len(ogrnip) == 15 and ogrnip.isdigit() and ogrnip[14] == str(int(ogrnip[:14]) % 13 % 10)


def _digits(rng: random.Random, n: int) -> str:
    return "".join(str(rng.randrange(10)) for _ in range(n))


def make_inn10(rng: random.Random, region: str, office: str) -> str:
    body = region + office + _digits(rng, 5)
    return body + _check(body, INN10_WEIGHTS)


def make_inn12(rng: random.Random, region: str, office: str) -> str:
    body = region + office + _digits(rng, 6)
    body += _check(body, INN12_WEIGHTS_11)
    return body + _check(body, INN12_WEIGHTS_12)


def make_kpp(rng: random.Random, region: str, office: str, reason: str) -> str:
    """KPP: tax office (4 digits) + reason code (01 head office, 43 branch, …) + sequence (3 digits)."""
    return region + office + reason + f"{rng.randrange(1, 20):03d}"


def make_ogrn(rng: random.Random, year: int, region: str) -> str:
    body = rng.choice("1111115") + f"{year % 100:02d}" + region + _digits(rng, 7)
    return body + str(int(body) % 11 % 10)


def make_ogrnip(rng: random.Random, year: int, region: str) -> str:
    body = "3" + f"{year % 100:02d}" + region + _digits(rng, 9)
    return body + str(int(body) % 13 % 10)
