"""Render hold-out world objects as Bitrix24 records, the way `crm.contact.list`, `crm.company.list`,
`crm.lead.list` (select ["*", "PHONE", "EMAIL", "WEB", "UF_*"]) and `crm.requisite.list` return them.

Each rendered record also carries `tokens`: which true identifiers it shows (a mobile, a mailbox, an
office number with extension, the INN…). The generator uses them to make sure every duplicate is
decidable from the data and to find the look-alike pairs that must stay apart; they never reach the
JSON files.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime

from benchmarks.dedupe_holdout_parts.channels import (
    email_variant_kinds, format_phone, format_site, garble_email, mailbox_key, mistype_phone)
from benchmarks.dedupe_holdout_parts.text import (
    DIMINUTIVES, SPELLING_VARIANTS, latin_lookalikes, toggle_yo, typo)
from benchmarks.dedupe_holdout_parts.titles import ip_title, org_title, requisite_names, title_key
from benchmarks.dedupe_holdout_parts.world import Company, Person
from requisites.checksums import complete_settlement_account

# Strong person tokens prove one person; shared ones need a matching name as well.
STRONG = ("m:", "e:", "w:", "x:")
SHARED = ("o:", "h:", "f:", "g:")
NAMED_STYLES = {"fields", "no_patronymic", "lf_in_name", "fl_in_name", "lfm_in_name", "swapped",
                "upper_fields", "lower_fields"}
_DROPS_PATRONYMIC = {"no_patronymic", "lf_in_name", "fl_in_name", "first_only", "none"}
ORIGINAL_STYLES = (("fields", 70), ("no_patronymic", 14), ("lfm_in_name", 4), ("lf_in_name", 3), ("fl_in_name", 2),
                   ("first_patronymic", 2), ("first_only", 2), ("upper_fields", 3))
ANY_STYLES = (("fields", 30), ("no_patronymic", 14), ("lf_in_name", 8), ("fl_in_name", 8), ("lfm_in_name", 5),
              ("swapped", 6), ("first_patronymic", 4), ("first_only", 10), ("initials", 8), ("upper_fields", 4),
              ("lower_fields", 1), ("none", 2))
LIGHT_STYLES = (("fields", 35), ("no_patronymic", 20), ("lf_in_name", 10), ("fl_in_name", 10), ("lfm_in_name", 6),
                ("swapped", 8), ("upper_fields", 6), ("lower_fields", 2))
_FILLER = ("", "", "", "Просил перезвонить после обеда", "Клиент с выставки", "Постоянный клиент",
           "Интересовался доставкой в регионы", "Не берёт трубку", "Отправили КП", "Скидка 5% по договорённости",
           "Пришёл по рекомендации", "Звонить только в будни", "Лучше писать в мессенджер", "Счёт оплачен")
SOURCES = ("CALL", "EMAIL", "WEB", "ADVERTISING", "PARTNER", "RECOMMENDATION", "TRADE_SHOW", "WEBFORM",
           "CALLBACK", "STORE", "OTHER", "UC_7DKQ1M", "REPEAT_SALE")


@dataclass(eq=False)
class Rec:
    type: str                          # contact | company | lead
    entity: str                        # the true person or company key
    created: datetime
    fields: dict
    tokens: set[str] = field(default_factory=set)
    named: bool = False
    tags: list[str] = field(default_factory=list)
    company: Company | None = None     # COMPANY_ID target, resolved to a record id when writing
    truth_company: str | None = None   # a lead's true company (for cross-type labels), never written
    person: Person | None = None
    ambiguous: set[str] = field(default_factory=set)  # companies a lead can only be guessed at
    requisites: list[dict] = field(default_factory=list)
    multi: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    id: str = ""

    def add(self, kind: str, value_type: str, value: str, token: str | None = None) -> None:
        self.multi.setdefault(kind, []).append((value_type, value))
        if token:
            self.tokens.add(token)

    def comment(self, line: str) -> None:
        self.fields["COMMENTS"] = "\n".join(x for x in (self.fields.get("COMMENTS") or "", line) if x)


# ------------------------------------------------------------------ people's names

def name_styles(p: Person, table) -> tuple:
    if p.trap == "father_son":  # the patronymic is the only thing telling them apart
        return tuple((s, w) for s, w in table if s not in _DROPS_PATRONYMIC)
    return table


def damaged_parts(rng: random.Random, p: Person, damages: int, whole_names: bool = True) -> tuple[list[str], list[str]]:
    """The name parts with `damages` slips; `whole_names` allows a diminutive or another spelling."""
    last, first, middle = p.last, p.first, p.middle or ""
    done = []
    kinds = ["latin", "typo"] + (["yo"] if "ё" in last + first + middle else [])
    if whole_names:
        kinds += (["diminutive"] if first in DIMINUTIVES else []) + (["spelling"] if first in SPELLING_VARIANTS else [])
    order = ("diminutive", "spelling", "yo", "latin", "typo")  # replace whole names before damaging letters
    for kind in sorted(rng.sample(kinds, min(damages, len(kinds))), key=order.index):
        if kind == "yo":
            last, first, middle = toggle_yo(last), toggle_yo(first), toggle_yo(middle)
        elif kind == "latin":
            if rng.random() < 0.6:
                last = latin_lookalikes(rng, last, rng.choice((1, 1, 2)))
            else:
                first = latin_lookalikes(rng, first)
        elif kind == "typo":
            last = typo(rng, last)
        elif kind == "diminutive":
            first = rng.choice(DIMINUTIVES[p.first])
        else:
            first = SPELLING_VARIANTS[p.first]
        done.append(kind)
    return [last, first, middle], done


def render_name(rng: random.Random, rec: Rec, p: Person, style: str, damages: int) -> None:
    # nobody writes initials or «Имя Отчество» from a diminutive
    (last, first, middle), done = damaged_parts(rng, p, damages, style not in ("initials", "first_patronymic"))
    empty = rng.choice((None, ""))
    put = {"fields": (last, first, middle), "no_patronymic": (last, first, empty),
           "lf_in_name": (empty, f"{last} {first}", empty), "fl_in_name": (empty, f"{first} {last}", empty),
           "lfm_in_name": (empty, f"{last} {first} {middle}".strip(), empty), "swapped": (first, last, middle),
           "first_patronymic": (empty, f"{first} {middle}".strip(), empty), "first_only": (empty, first, empty),
           "none": (empty, empty, empty)}
    if style in ("upper_fields", "lower_fields"):
        values = tuple(v.upper() if style == "upper_fields" else v.lower() for v in (last, first, middle))
    elif style == "initials":
        init = f"{first[:1]}." + (f"{middle[:1]}." if middle else "")
        values = (last, f"{first[:1]}.", f"{middle[:1]}." if middle else empty) if rng.random() < 0.5 \
            else (empty, rng.choice((f"{last.upper()} {init}", f"{last} {init}", f"{last.upper()} {first[:1]}.",
                                     f"{last} {first[:1]}. {middle[:1]}.".rstrip(". ") + ".")), empty)
    else:
        values = put[style]
    rec.fields["LAST_NAME"], rec.fields["NAME"], rec.fields["SECOND_NAME"] = (v or empty for v in values)
    rec.named = style in NAMED_STYLES
    rec.tags.append(f"name={style}")
    rec.tags += [f"name_damage={d}" for d in done]


# ------------------------------------------------------------------ phones and mailboxes on a card

def show_mobile(rng: random.Random, rec: Rec, number: str, value_type: str = "MOBILE") -> None:
    rec.add("PHONE", value_type, format_phone(rng, number), f"m:{number}")


def show_typo_mobile(rng: random.Random, rec: Rec, number: str, taken: set[str]) -> None:
    """`number` with one slip — never landing on a number someone else really has."""
    wrong = mistype_phone(rng, number)
    while wrong in taken:
        wrong = mistype_phone(rng, number)
    rec.add("PHONE", "MOBILE", format_phone(rng, wrong), f"t:{number}")
    rec.tags.append("phone=mistyped")


def show_office(rng: random.Random, rec: Rec, p: Person, with_ext: bool) -> None:
    ext = p.ext if with_ext else None
    token = f"x:{p.office_phone}#{ext}" if ext else f"o:{p.office_phone}"
    rec.add("PHONE", "WORK", format_phone(rng, p.office_phone, ext), token)
    rec.tokens.update((f"o:{p.office_phone}", f"cp:{p.office_phone}"))


def show_email(rng: random.Random, rec: Rec, address: str, prefix: str, garble: float, display: str = "") -> None:
    value = address
    if rng.random() < garble:
        kind = rng.choice(email_variant_kinds(address) if prefix == "e:" else ["case", "spaces", "mailto"])
        value = garble_email(rng, address, kind, display)
        rec.tags.append(f"email={kind}")
    rec.add("EMAIL", "WORK" if prefix in ("w:", "g:") else rng.choice(("WORK", "HOME", "OTHER")), value,
            f"{prefix}{mailbox_key(address)}")
    if prefix in ("w:", "g:"):
        rec.tokens.add(f"dom:{address.rpartition('@')[2]}")


def comment_email(rng: random.Random, rec: Rec, address: str) -> None:
    rec.comment(rng.choice(("Почта: {}", "e-mail {}", "Писать на {}", "Эл. почта - {}", "email:{}")).format(address))
    rec.tokens.add(f"e:{mailbox_key(address)}")
    rec.tags.append("email=in_comments")


def filler_comment(rng: random.Random, rec: Rec) -> None:
    rec.fields["COMMENTS"] = rng.choice(_FILLER) or rng.choice((None, ""))


# ------------------------------------------------------------------ company titles and requisites

def company_title(rng: random.Random, c: Company, typo_rate: float = 0.0, reform: bool = False) -> tuple[str, bool]:
    """TITLE for a card of `c`, and whether a slip (typo, Latin look-alike) got into it."""
    form = c.form
    if reform and form in ("ЗАО", "ОАО"):
        form = "АО" if form == "ЗАО" else rng.choice(("ПАО", "АО"))  # re-registered under the 2014 Civil Code
    title = ip_title(rng, *c.ip_name) if c.ip_name else org_title(rng, form, c.core, c.city.name)
    if c.branch_label and rng.random() < 0.5:
        label = c.branch_label[0].lower() + c.branch_label[1:]
        title += rng.choice((f" ({label})", f", {label}", f" - {c.city.name}", f" ({c.city.name})"))
    slipped = rng.random() < typo_rate
    if slipped:
        words = title.split(" ")
        i = max(range(len(words)), key=lambda j: len(words[j]))
        words[i] = typo(rng, words[i]) if rng.random() < 0.7 else latin_lookalikes(rng, words[i])
        title = " ".join(words)
    return title, slipped


def title_token(c: Company) -> set[str]:
    """The title token an organisation's card or a lead naming it carries (an ИП's title is a person's name)."""
    return set() if c.ip_name else {f"title:{title_key(c.core)}"}


def requisite(c: Company, kpp_shown: bool, spaced_inn: bool) -> dict:
    """One crm.requisite.list row for company `c` (ENTITY_ID filled in when ids are known)."""
    inn = f"{c.inn[:4]} {c.inn[4:]}" if spaced_inn else c.inn
    row = {key: None for key in _REQUISITE_KEYS}
    row.update({"ENTITY_TYPE_ID": "4", "ACTIVE": "Y", "ADDRESS_ONLY": "N", "SORT": "500", "RQ_INN": inn,
                "RQ_VAT_PAYER": "N", "DATE_MODIFY": ""})
    if c.ip_name:
        last, first, middle = c.ip_name
        row.update({"PRESET_ID": "2", "NAME": "ИП", "RQ_LAST_NAME": last, "RQ_FIRST_NAME": first,
                    "RQ_SECOND_NAME": middle, "RQ_NAME": f"{last} {first} {middle}", "RQ_OGRNIP": c.ogrn,
                    "RQ_COMPANY_NAME": f"ИП {last} {first} {middle}" if len(c.key) % 2 else None})
    else:
        short, full = requisite_names(c.form, c.core)
        row.update({"PRESET_ID": "1", "NAME": c.branch_label or "Организация", "RQ_COMPANY_NAME": short,
                    "RQ_COMPANY_FULL_NAME": full, "RQ_OGRN": c.ogrn, "RQ_KPP": c.kpp if kpp_shown else None})
    return row


def requisite_tokens(c: Company, kpp_shown: bool) -> set[str]:
    tokens = {f"inn:{c.inn}"}
    if c.kpp and kpp_shown:
        tokens.add(f"inn:{c.inn}:{c.kpp}")
    return tokens


def banking_text(rng: random.Random, c: Company) -> str:
    account = complete_settlement_account("044525225", "40702810" + f"{rng.randrange(10**11):011d}")
    kpp = f" КПП {c.kpp}" if c.kpp else ""
    return rng.choice((f"ИНН {c.inn}{kpp}\nр/с {account} в ПАО Сбербанк\nБИК 044525225",
                       f"ИНН/КПП {c.inn}/{c.kpp or ''}", f"{c.inn}", f"ИНН: {c.inn}"))


_REQUISITE_KEYS = (
    "ID ENTITY_TYPE_ID ENTITY_ID PRESET_ID DATE_CREATE DATE_MODIFY CREATED_BY_ID MODIFY_BY_ID NAME CODE XML_ID "
    "ORIGINATOR_ID ACTIVE ADDRESS_ONLY SORT RQ_NAME RQ_FIRST_NAME RQ_LAST_NAME RQ_SECOND_NAME RQ_COMPANY_ID "
    "RQ_COMPANY_NAME RQ_COMPANY_FULL_NAME RQ_COMPANY_REG_DATE RQ_DIRECTOR RQ_ACCOUNTANT RQ_CEO_NAME "
    "RQ_CEO_WORK_POS RQ_CONTACT RQ_EMAIL RQ_PHONE RQ_FAX RQ_IDENT_TYPE RQ_IDENT_DOC RQ_IDENT_DOC_SER "
    "RQ_IDENT_DOC_NUM RQ_IDENT_DOC_PERS_NUM RQ_IDENT_DOC_DATE RQ_IDENT_DOC_ISSUED_BY RQ_IDENT_DOC_DEP_CODE "
    "RQ_INN RQ_KPP RQ_USRLE RQ_IFNS RQ_OGRN RQ_OGRNIP RQ_OKPO RQ_OKTMO RQ_OKVED RQ_EDRPOU RQ_DRFO RQ_KBE "
    "RQ_IIN RQ_BIN RQ_ST_CERT_SER RQ_ST_CERT_NUM RQ_ST_CERT_DATE RQ_VAT_PAYER RQ_VAT_ID RQ_VAT_CERT_SER "
    "RQ_VAT_CERT_NUM RQ_VAT_CERT_DATE RQ_RESIDENCE_COUNTRY RQ_BASE_DOC RQ_REGON RQ_KRS RQ_PESEL RQ_LEGAL_FORM "
    "RQ_SIRET RQ_SIREN RQ_CAPITAL RQ_RCS RQ_CNPJ RQ_STATE_REG RQ_MNPL_REG RQ_CPF").split()


def person_requisite(p: Person) -> dict:
    """A «Физ. лицо» requisite on a contact: same list, ENTITY_TYPE_ID 3 — ids overlap with companies'."""
    row = {key: None for key in _REQUISITE_KEYS}
    row.update({"ENTITY_TYPE_ID": "3", "PRESET_ID": "3", "NAME": "Физ. лицо", "ACTIVE": "Y", "ADDRESS_ONLY": "N",
                "SORT": "500", "RQ_LAST_NAME": p.last, "RQ_FIRST_NAME": p.first, "RQ_SECOND_NAME": p.middle,
                "RQ_NAME": " ".join(x for x in (p.last, p.first, p.middle) if x), "RQ_IDENT_DOC": "Паспорт",
                "RQ_IDENT_DOC_SER": p.key[-4:], "RQ_IDENT_DOC_NUM": f"{int(p.key[1:]) * 7919 % 1000000:06d}",
                "RQ_VAT_PAYER": "N", "DATE_MODIFY": ""})
    return row


def company_inn_text(rng: random.Random, rec: Rec, c: Company, where: str) -> None:
    """The INN typed somewhere other than a requisite: bank details, comments or a user field."""
    text = banking_text(rng, c) if where == "BANKING_DETAILS" else rng.choice(
        (f"ИНН {c.inn}", f"ИНН/КПП {c.inn}/{c.kpp}" if c.kpp else f"ИНН {c.inn}", f"инн{c.inn}"))
    if where == "COMMENTS":
        rec.comment(text)
    else:
        rec.fields[where] = text
    rec.tokens.add(f"inn:{c.inn}")
    if c.kpp and c.kpp in text:
        rec.tokens.add(f"inn:{c.inn}:{c.kpp}")
    rec.tags.append(f"inn_in={where}")


def company_card_channels(rng: random.Random, rec: Rec, c: Company, phones: list[str], site: bool,
                          emails: list[str]) -> None:
    for number in phones:
        rec.add("PHONE", "MOBILE" if number.startswith("9") else "WORK", format_phone(rng, number), f"cp:{number}")
    if site and c.site:
        rec.add("WEB", "WORK", format_site(rng, c.site), f"site:{c.site}")
    for address in emails:
        show_email(rng, rec, address, "g:", 0.15)
