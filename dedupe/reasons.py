"""Evidence codes and the Russian sentences a manager reads next to every group."""
from __future__ import annotations

from collections.abc import Iterable

from dedupe.model import Evidence

NAME_FULL = "name_full"
NAME_SAME = "name_same"
NAME_TYPO = "name_typo"
NAME_SHORT_FORM = "name_short_form"
NAME_SWAPPED = "name_swapped"
NAME_FIRST_ONLY = "name_first_only"
NAME_INITIALS = "name_initials"
PHONE = "phone"
PHONE_LINE = "phone_line"
PHONE_ONE_DIGIT = "phone_one_digit"
PHONE_FROM_COMMENTS = "phone_from_comments"
EMAIL = "email"
EMAIL_ALIAS = "email_alias"
EMAIL_ROLE = "email_role"
EMAIL_FROM_COMMENTS = "email_from_comments"
EMAIL_ONE_LETTER = "email_one_letter"
SAME_COMPANY = "same_company"
INN = "inn"
INN_KPP = "inn_kpp"
TITLE = "title"
TITLE_TYPO = "title_typo"
TITLE_INITIALS = "title_initials"
TITLE_ONLY = "title_only"
TITLE_PLACE = "title_place"
DOMAIN = "domain"
ADDRESS = "address"
ACCOUNT = "account"
LINKED_CONTACT = "linked_contact"
LINKED_COMPANY = "linked_company"
CONTACT_WORKS_THERE = "contact_works_there"

_TEXT = {
    NAME_FULL: "ФИО совпадает: {}",
    NAME_SAME: "фамилия и имя совпадают: {}",
    NAME_TYPO: "ФИО совпадает с точностью до опечатки: {}",
    NAME_SHORT_FORM: "имя в полной и краткой форме: {}",
    NAME_SWAPPED: "фамилия и имя записаны в разных полях: {}",
    NAME_FIRST_ONLY: "совпадает имя (в одной записи только имя): {}",
    NAME_INITIALS: "фамилия совпадает, инициалы соответствуют имени: {}",
    PHONE: "одинаковый телефон {}",
    PHONE_LINE: "одинаковый телефон {} (добавочный указан только в одной записи)",
    PHONE_ONE_DIGIT: "телефоны отличаются одной цифрой: {}",
    PHONE_FROM_COMMENTS: "телефон {} записан в комментарии",
    EMAIL: "одинаковый e-mail {}",
    EMAIL_ALIAS: "один и тот же почтовый ящик под разными адресами: {}",
    EMAIL_ROLE: "общий ящик {} (пишут многие, поэтому учитывается слабо)",
    EMAIL_FROM_COMMENTS: "e-mail {} записан в комментарии",
    EMAIL_ONE_LETTER: "e-mail отличается одной буквой: {}",
    SAME_COMPANY: "работает в той же компании: {}",
    INN: "одинаковый ИНН {}",
    INN_KPP: "одинаковые ИНН и КПП {}",
    TITLE: "одинаковое название «{}»",
    TITLE_TYPO: "название совпадает с точностью до опечатки: {}",
    TITLE_INITIALS: "ИП с той же фамилией и инициалами: {}",
    TITLE_ONLY: "одинаковое название «{}», а в одной из карточек больше ничего не заполнено",
    TITLE_PLACE: "то же название, в одной записи с городом или филиалом: {}",
    DOMAIN: "одинаковый сайт или домен почты {}",
    ADDRESS: "одинаковый адрес: {}",
    ACCOUNT: "одинаковый расчётный счёт {}",
    LINKED_CONTACT: "лид уже привязан к этому контакту в CRM{}",
    LINKED_COMPANY: "лид уже привязан к этой компании в CRM{}",
    CONTACT_WORKS_THERE: "лид — это контакт {}, который работает в этой компании",
}


def describe(evidence: Evidence) -> str:
    return _TEXT[evidence.code].format(evidence.detail)


def combined_reasons(evidence: Iterable[Evidence], limit: int = 6) -> tuple[str, ...]:
    """Distinct sentences, the weightiest first."""
    ranked = sorted(evidence, key=lambda item: (-item.weight, item.code, item.detail))
    return tuple(dict.fromkeys(describe(item) for item in ranked))[:limit]
