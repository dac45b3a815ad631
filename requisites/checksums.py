"""Control digits of Russian identifiers: compute them and check them.

Every algorithm is the one in `shared/reference/dadata.md` §5 (verified there against real values,
§5.8). Two kinds of function live here:

* ``is_valid_*`` — take a string of digits, answer True/False. They do not clean input (that is
  `validation.py`'s job) and return False for anything that is not exactly the right number of ASCII
  digits, so they are safe to call on raw data.
* ``*_control_digit`` / ``complete_*`` — for generators (devportal fixtures, dedupe test data):
  give the leading digits, get the control digit(s) or the whole valid identifier back.
  They raise ``ValueError`` when the prefix has the wrong length or is not all digits.

Pure functions, no imports beyond the standard library.
"""
from __future__ import annotations

__all__ = [
    "inn10_control_digit",
    "inn12_control_digits",
    "ogrn_control_digit",
    "ogrnip_control_digit",
    "settlement_account_key",
    "correspondent_account_key",
    "complete_inn10",
    "complete_inn12",
    "complete_ogrn",
    "complete_ogrnip",
    "complete_settlement_account",
    "complete_correspondent_account",
    "is_valid_inn10",
    "is_valid_inn12",
    "is_valid_inn",
    "is_valid_ogrn",
    "is_valid_ogrnip",
    "is_valid_settlement_account",
    "is_valid_correspondent_account",
    "correspondent_account_matches_bik_number",
    "ACCOUNT_KEY_POSITION",
]

# §5.1 / §5.2 weights
_INN10_WEIGHTS = (2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN12_WEIGHTS_11 = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN12_WEIGHTS_12 = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
# §5.7 weights, repeating over the 23-digit string
_ACCOUNT_WEIGHTS = (7, 1, 3)

#: 0-based position of the key ("контрольный ключ") inside a 20-digit Russian account number:
#: the 9th digit, after the balance account (5), currency code (3). The 23-digit check string puts
#: three BIK-derived digits first, so the key sits at index 3 + 8 = 11 there.
ACCOUNT_KEY_POSITION = 8


def _digits(value: str, length: int, what: str) -> str:
    if not isinstance(value, str) or len(value) != length or not (value.isascii() and value.isdigit()):
        raise ValueError(f"{what} must be exactly {length} ASCII digits, got {value!r}")
    return value


def _is_digits(value: object, length: int) -> bool:
    return isinstance(value, str) and len(value) == length and value.isascii() and value.isdigit()


def _weighted_mod11(digits: str, weights: tuple[int, ...]) -> str:
    return str(sum(int(d) * w for d, w in zip(digits, weights)) % 11 % 10)


# ---------------------------------------------------------------- INN (§5.1, §5.2)

def inn10_control_digit(first9: str) -> str:
    """Control digit (10th) of an organisation's INN from its first 9 digits (dadata.md §5.1)."""
    return _weighted_mod11(_digits(first9, 9, "first9"), _INN10_WEIGHTS)


def inn12_control_digits(first10: str) -> str:
    """Both control digits (11th and 12th) of a person's/IP's INN from its first 10 digits (§5.2).

    The 12th digit is computed over digits 1–11, i.e. including the freshly computed 11th.
    """
    _digits(first10, 10, "first10")
    d11 = _weighted_mod11(first10, _INN12_WEIGHTS_11)
    d12 = _weighted_mod11(first10 + d11, _INN12_WEIGHTS_12)
    return d11 + d12


def complete_inn10(first9: str) -> str:
    """A valid 10-digit INN: ``first9`` + its control digit. ``complete_inn10("770708389") == "7707083893"``."""
    return first9 + inn10_control_digit(first9)


def complete_inn12(first10: str) -> str:
    """A valid 12-digit INN: ``first10`` + both control digits."""
    return first10 + inn12_control_digits(first10)


def is_valid_inn10(inn: str) -> bool:
    """True for a 10-digit string whose 10th digit matches §5.1."""
    return _is_digits(inn, 10) and inn10_control_digit(inn[:9]) == inn[9]


def is_valid_inn12(inn: str) -> bool:
    """True for a 12-digit string whose 11th and 12th digits match §5.2."""
    return _is_digits(inn, 12) and inn12_control_digits(inn[:10]) == inn[10:]


def is_valid_inn(inn: str) -> bool:
    """True for a valid 10-digit (organisation) or 12-digit (person, IP) INN."""
    return is_valid_inn10(inn) or is_valid_inn12(inn)


# ---------------------------------------------------------------- OGRN / OGRNIP (§5.3, §5.4)

def ogrn_control_digit(first12: str) -> str:
    """13th digit of an OGRN: (first 12 digits as one integer mod 11) mod 10 (dadata.md §5.3)."""
    return str(int(_digits(first12, 12, "first12")) % 11 % 10)


def ogrnip_control_digit(first14: str) -> str:
    """15th digit of an OGRNIP: (first 14 digits as one integer mod 13) mod 10 (dadata.md §5.4)."""
    return str(int(_digits(first14, 14, "first14")) % 13 % 10)


def complete_ogrn(first12: str) -> str:
    """A valid 13-digit OGRN: ``first12`` + control digit. ``complete_ogrn("102770013219") == "1027700132195"``."""
    return first12 + ogrn_control_digit(first12)


def complete_ogrnip(first14: str) -> str:
    """A valid 15-digit OGRNIP: ``first14`` + control digit (IP numbers start with 3, §5.4)."""
    return first14 + ogrnip_control_digit(first14)


def is_valid_ogrn(ogrn: str) -> bool:
    """True for a 13-digit string whose 13th digit matches §5.3."""
    return _is_digits(ogrn, 13) and ogrn_control_digit(ogrn[:12]) == ogrn[12]


def is_valid_ogrnip(ogrnip: str) -> bool:
    """True for a 15-digit string whose 15th digit matches §5.4."""
    return _is_digits(ogrnip, 15) and ogrnip_control_digit(ogrnip[:14]) == ogrnip[14]


# ---------------------------------------------------------------- accounts against BIK (§5.7)

def _account_weighted_sum(check_string: str) -> int:
    return sum(int(d) * _ACCOUNT_WEIGHTS[i % 3] for i, d in enumerate(check_string))


def _account_key(prefix3: str, account_with_any_key: str) -> str:
    """The key digit that makes prefix3 + account pass the 7-1-3 check.

    The key's weight in the 23-digit string is _ACCOUNT_WEIGHTS[11 % 3] == 3; 3 is invertible mod 10
    (3 * 7 == 21), so exactly one digit works.
    """
    zeroed = account_with_any_key[:ACCOUNT_KEY_POSITION] + "0" + account_with_any_key[ACCOUNT_KEY_POSITION + 1:]
    remainder = _account_weighted_sum(prefix3 + zeroed) % 10
    key_weight = _ACCOUNT_WEIGHTS[(3 + ACCOUNT_KEY_POSITION) % 3]
    # need remainder + key * key_weight ≡ 0 (mod 10); 7 is 3's inverse mod 10
    return str((-remainder * pow(key_weight, -1, 10)) % 10)


def _settlement_prefix(bik: str) -> str:
    return bik[6:9]  # §5.7: last three digits of the BIK


def _correspondent_prefix(bik: str) -> str:
    return "0" + bik[4:6]  # §5.7: "0" + BIK digits 5–6


def _split_account_input(account19_or_20: str) -> str:
    """Accept 19 digits (the key left out) or 20 digits (any digit at the key position)."""
    if _is_digits(account19_or_20, 19):
        return account19_or_20[:ACCOUNT_KEY_POSITION] + "0" + account19_or_20[ACCOUNT_KEY_POSITION:]
    return _digits(account19_or_20, 20, "account (19 digits without the key, or 20)")


def settlement_account_key(bik: str, account: str) -> str:
    """The key digit (9th) a settlement account must have for ``bik`` (dadata.md §5.7).

    ``account`` is either the 19 digits without the key (digits 1–8 then 10–20) or a 20-digit
    number whose 9th digit is ignored.
    """
    _digits(bik, 9, "bik")
    return _account_key(_settlement_prefix(bik), _split_account_input(account))


def correspondent_account_key(bik: str, account: str) -> str:
    """The key digit (9th) a correspondent account must have for ``bik`` (dadata.md §5.7).

    Same argument rules as :func:`settlement_account_key`.
    """
    _digits(bik, 9, "bik")
    return _account_key(_correspondent_prefix(bik), _split_account_input(account))


def _with_key(account: str, key: str) -> str:
    full = _split_account_input(account)
    return full[:ACCOUNT_KEY_POSITION] + key + full[ACCOUNT_KEY_POSITION + 1:]


def complete_settlement_account(bik: str, account: str) -> str:
    """A 20-digit settlement account valid for ``bik``: ``account`` with its key digit set.

    ``account`` = the 19 digits without the key (digits 1–8 then 10–20), or 20 digits whose 9th
    digit is replaced. ``complete_settlement_account("044525225", "4070281038000139300")``
    → ``"40702810238000139300"`` (a published Sberbank client account, dadata.md §5.8).
    """
    return _with_key(account, settlement_account_key(bik, account))


def complete_correspondent_account(bik: str, account: str | None = None) -> str:
    """A 20-digit correspondent account valid for ``bik`` under both §5.7 rules.

    Without ``account`` it builds the usual shape ``30101 810 K 0000000 <BIK digits 7–9>``
    (e.g. BIK 044525225 → ``30101810400000000225``); with ``account`` it only sets the key digit.
    """
    _digits(bik, 9, "bik")
    if account is None:
        account = "30101810" + "0" + "00000000" + bik[6:9]  # balance acc., RUB, key, zeros, bank no.
    return _with_key(account, correspondent_account_key(bik, account))


def is_valid_settlement_account(account: str, bik: str) -> bool:
    """True when the 20-digit settlement ``account`` passes the 7-1-3 check against ``bik`` (§5.7)."""
    if not (_is_digits(account, 20) and _is_digits(bik, 9)):
        return False
    return _account_weighted_sum(_settlement_prefix(bik) + account) % 10 == 0


def correspondent_account_matches_bik_number(account: str, bik: str) -> bool:
    """The stronger §5.7 rule: BIK digits 7–9 equal the correspondent account's last three digits."""
    return _is_digits(account, 20) and _is_digits(bik, 9) and account[-3:] == bik[6:9]


def is_valid_correspondent_account(account: str, bik: str, *, strict: bool = True) -> bool:
    """True when the 20-digit correspondent ``account`` passes the 7-1-3 check against ``bik`` (§5.7).

    The checksum only uses BIK digits 5–6, so any bank of the same CBR division passes; with
    ``strict=True`` (default) BIK digits 7–9 must also equal the account's last three digits.
    """
    if not (_is_digits(account, 20) and _is_digits(bik, 9)):
        return False
    if _account_weighted_sum(_correspondent_prefix(bik) + account) % 10 != 0:
        return False
    return not strict or correspondent_account_matches_bik_number(account, bik)
