"""Field lists of the CRM objects devportal keeps, in the order the real portal prints them.

Orders and names follow the documented examples (crm_company_get_response.json,
crm_requisite_get_response_ru_company.json, crm_requisite_bankdetail_get_response.json,
crm_address_list_response.json) and the field pages of the RU REST docs.
Spec syntax: "NAME:type[:flags]" where flags are r (read-only), i (immutable), q (required), m (multiple).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from devportal import clock
from devportal.php import as_list

MULTIFIELD_TYPES = ("PHONE", "EMAIL", "WEB", "IM", "LINK")
DEFAULT_VALUE_TYPE = {"PHONE": "WORK", "EMAIL": "WORK", "WEB": "WORK", "IM": "OTHER", "LINK": "USER"}


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    read_only: bool = False
    immutable: bool = False
    required: bool = False
    multiple: bool = False

    def describe(self) -> dict:
        """The `….fields` answer for one field."""
        return {"type": self.type, "isRequired": self.required, "isReadOnly": self.read_only,
                "isImmutable": self.immutable, "isMultiple": self.multiple, "isDynamic": self.name.startswith("UF_"),
                "title": self.name}


def _fields(spec: str) -> tuple[Field, ...]:
    result = []
    for item in spec.split():
        name, type_, *flags = item.split(":")
        flags_ = flags[0] if flags else ""
        result.append(Field(name, type_, "r" in flags_, "i" in flags_, "q" in flags_, "m" in flags_))
    return tuple(result)


_ADDRESS_COMPAT = ("ADDRESS:string ADDRESS_2:string ADDRESS_CITY:string ADDRESS_POSTAL_CODE:string "
                   "ADDRESS_REGION:string ADDRESS_PROVINCE:string ADDRESS_COUNTRY:string "
                   "ADDRESS_COUNTRY_CODE:string ADDRESS_LOC_ADDR_ID:integer ")
_UTM = "UTM_SOURCE:string UTM_MEDIUM:string UTM_CAMPAIGN:string UTM_CONTENT:string UTM_TERM:string "

COMPANY = _fields(
    "ID:integer:r COMPANY_TYPE:crm_status TITLE:string:q LOGO:file LEAD_ID:crm_lead:r HAS_PHONE:char:r "
    "HAS_EMAIL:char:r HAS_IMOL:char:r ASSIGNED_BY_ID:user CREATED_BY_ID:user:r MODIFY_BY_ID:user:r "
    "BANKING_DETAILS:string INDUSTRY:crm_status REVENUE:double CURRENCY_ID:crm_currency EMPLOYEES:crm_status "
    "COMMENTS:string DATE_CREATE:datetime:r DATE_MODIFY:datetime:r OPENED:char IS_MY_COMPANY:char "
    "ORIGINATOR_ID:string ORIGIN_ID:string ORIGIN_VERSION:string " + _ADDRESS_COMPAT + "ADDRESS_LEGAL:string "
    "REG_ADDRESS:string REG_ADDRESS_2:string REG_ADDRESS_CITY:string REG_ADDRESS_POSTAL_CODE:string "
    "REG_ADDRESS_REGION:string REG_ADDRESS_PROVINCE:string REG_ADDRESS_COUNTRY:string "
    "REG_ADDRESS_COUNTRY_CODE:string REG_ADDRESS_LOC_ADDR_ID:integer " + _UTM +
    "PARENT_ID_156:crm_entity LAST_ACTIVITY_BY:user:r LAST_ACTIVITY_TIME:datetime:r "
    "LAST_COMMUNICATION_TIME:string:r UF_CRM_1687188367:string")

CONTACT = _fields(
    "ID:integer:r POST:string COMMENTS:string HONORIFIC:crm_status NAME:string SECOND_NAME:string "
    "LAST_NAME:string PHOTO:file LEAD_ID:crm_lead:r TYPE_ID:crm_status SOURCE_ID:crm_status "
    "SOURCE_DESCRIPTION:string COMPANY_ID:crm_company BIRTHDATE:date EXPORT:char HAS_PHONE:char:r "
    "HAS_EMAIL:char:r HAS_IMOL:char:r DATE_CREATE:datetime:r DATE_MODIFY:datetime:r ASSIGNED_BY_ID:user "
    "CREATED_BY_ID:user:r MODIFY_BY_ID:user:r OPENED:char ORIGINATOR_ID:string ORIGIN_ID:string "
    "ORIGIN_VERSION:string FACE_ID:integer:r LAST_ACTIVITY_TIME:datetime:r " + _ADDRESS_COMPAT.replace(
        "ADDRESS_COUNTRY_CODE:string ", "") + _UTM + "LAST_ACTIVITY_BY:user:r UF_CRM_1720697698689:string")

LEAD = _fields(
    "ID:integer:r TITLE:string HONORIFIC:crm_status NAME:string SECOND_NAME:string LAST_NAME:string "
    "BIRTHDATE:date COMPANY_TITLE:string SOURCE_ID:crm_status SOURCE_DESCRIPTION:string STATUS_ID:crm_status "
    "STATUS_DESCRIPTION:string STATUS_SEMANTIC_ID:string:r POST:string " + _ADDRESS_COMPAT +
    "CURRENCY_ID:crm_currency OPPORTUNITY:double IS_MANUAL_OPPORTUNITY:char OPENED:char COMMENTS:string "
    "HAS_PHONE:char:r HAS_EMAIL:char:r HAS_IMOL:char:r ASSIGNED_BY_ID:user CREATED_BY_ID:user:r "
    "MODIFY_BY_ID:user:r MOVED_BY_ID:user:r DATE_CREATE:datetime:r DATE_MODIFY:datetime:r "
    "MOVED_TIME:datetime:r COMPANY_ID:crm_company CONTACT_ID:crm_contact IS_RETURN_CUSTOMER:char:r "
    "DATE_CLOSED:datetime:r ORIGINATOR_ID:string ORIGIN_ID:string " + _UTM +
    "LAST_ACTIVITY_TIME:datetime:r LAST_ACTIVITY_BY:user:r UF_CRM_1712345678:string")

DEAL = _fields(
    "ID:integer:r TITLE:string TYPE_ID:crm_status STAGE_ID:crm_status PROBABILITY:integer "
    "CURRENCY_ID:crm_currency OPPORTUNITY:double IS_MANUAL_OPPORTUNITY:char TAX_VALUE:double "
    "LEAD_ID:crm_lead:r COMPANY_ID:crm_company CONTACT_ID:crm_contact QUOTE_ID:crm_quote:r BEGINDATE:date "
    "CLOSEDATE:date ASSIGNED_BY_ID:user CREATED_BY_ID:user:r MODIFY_BY_ID:user:r DATE_CREATE:datetime:r "
    "DATE_MODIFY:datetime:r OPENED:char CLOSED:char COMMENTS:string ADDITIONAL_INFO:string "
    "LOCATION_ID:location CATEGORY_ID:crm_category:i STAGE_SEMANTIC_ID:string:r IS_NEW:char:r "
    "IS_RECURRING:char IS_RETURN_CUSTOMER:char:r IS_REPEATED_APPROACH:char:r SOURCE_ID:crm_status "
    "SOURCE_DESCRIPTION:string ORIGINATOR_ID:string ORIGIN_ID:string " + _UTM +
    "LAST_ACTIVITY_TIME:datetime:r LAST_ACTIVITY_BY:user:r")

REQUISITE = _fields(
    "ID:integer:r ENTITY_TYPE_ID:integer:qi ENTITY_ID:integer:qi PRESET_ID:integer:qi DATE_CREATE:datetime:r "
    "DATE_MODIFY:datetime:r CREATED_BY_ID:integer:r MODIFY_BY_ID:integer:r NAME:string:q CODE:string "
    "XML_ID:string ORIGINATOR_ID:string ACTIVE:char ADDRESS_ONLY:char SORT:integer RQ_NAME:string "
    "RQ_FIRST_NAME:string RQ_LAST_NAME:string RQ_SECOND_NAME:string RQ_COMPANY_ID:string "
    "RQ_COMPANY_NAME:string RQ_COMPANY_FULL_NAME:string RQ_COMPANY_REG_DATE:string RQ_DIRECTOR:string "
    "RQ_ACCOUNTANT:string RQ_CEO_NAME:string RQ_CEO_WORK_POS:string RQ_CONTACT:string RQ_EMAIL:string "
    "RQ_PHONE:string RQ_FAX:string RQ_IDENT_TYPE:crm_status RQ_IDENT_DOC:string RQ_IDENT_DOC_SER:string "
    "RQ_IDENT_DOC_NUM:string RQ_IDENT_DOC_PERS_NUM:string RQ_IDENT_DOC_DATE:string "
    "RQ_IDENT_DOC_ISSUED_BY:string RQ_IDENT_DOC_DEP_CODE:string RQ_INN:string RQ_KPP:string "
    "RQ_USRLE:string RQ_IFNS:string RQ_OGRN:string RQ_OGRNIP:string RQ_OKPO:string RQ_OKTMO:string "
    "RQ_OKVED:string RQ_EDRPOU:string RQ_DRFO:string RQ_KBE:string RQ_IIN:string RQ_BIN:string "
    "RQ_ST_CERT_SER:string RQ_ST_CERT_NUM:string RQ_ST_CERT_DATE:string RQ_VAT_PAYER:char RQ_VAT_ID:string "
    "RQ_VAT_CERT_SER:string RQ_VAT_CERT_NUM:string RQ_VAT_CERT_DATE:string RQ_RESIDENCE_COUNTRY:string "
    "RQ_BASE_DOC:string RQ_REGON:string RQ_KRS:string RQ_PESEL:string RQ_LEGAL_FORM:string RQ_SIRET:string "
    "RQ_SIREN:string RQ_CAPITAL:string RQ_RCS:string RQ_CNPJ:string RQ_STATE_REG:string RQ_MNPL_REG:string "
    "RQ_CPF:string")

BANK_DETAIL = _fields(
    "ID:integer:r ENTITY_ID:integer:qi COUNTRY_ID:integer DATE_CREATE:datetime:r DATE_MODIFY:datetime:r "
    "CREATED_BY_ID:integer:r MODIFY_BY_ID:integer:r NAME:string:q CODE:string XML_ID:string "
    "ORIGINATOR_ID:string ACTIVE:char SORT:integer RQ_BANK_NAME:string RQ_BANK_CODE:string "
    "RQ_BANK_ADDR:string RQ_BANK_ROUTE_NUM:string RQ_BIK:string RQ_MFO:string RQ_ACC_NAME:string "
    "RQ_ACC_NUM:string RQ_ACC_TYPE:string RQ_IIK:string RQ_ACC_CURRENCY:string RQ_COR_ACC_NUM:string "
    "RQ_IBAN:string RQ_SWIFT:string RQ_BIC:string RQ_CODEB:string RQ_CODEG:string RQ_RIB:string "
    "RQ_AGENCY_NAME:string COMMENTS:string")

ADDRESS = _fields(
    "TYPE_ID:integer:qi ENTITY_TYPE_ID:integer:qi ENTITY_ID:integer:qi ADDRESS_1:string ADDRESS_2:string "
    "CITY:string POSTAL_CODE:string REGION:string PROVINCE:string COUNTRY:string COUNTRY_CODE:string "
    "LOC_ADDR_ID:integer ANCHOR_TYPE_ID:integer:r ANCHOR_ID:integer:r")

ACTIVITY = _fields(
    "ID:integer:r OWNER_ID:integer:q OWNER_TYPE_ID:integer:q TYPE_ID:crm_enum_activitytype:q "
    "PROVIDER_ID:string PROVIDER_TYPE_ID:string ASSOCIATED_ENTITY_ID:integer SUBJECT:string:q "
    "CREATED:datetime:r LAST_UPDATED:datetime:r START_TIME:datetime END_TIME:datetime DEADLINE:datetime "
    "COMPLETED:char STATUS:crm_enum_activitystatus RESPONSIBLE_ID:user PRIORITY:crm_enum_activitypriority "
    "DESCRIPTION:string DESCRIPTION_TYPE:crm_enum_contenttype DIRECTION:crm_enum_activitydirection "
    "LOCATION:string AUTHOR_ID:user:r EDITOR_ID:user:r ORIGINATOR_ID:string ORIGIN_ID:string")

PRESET = _fields(
    "ID:integer:r ENTITY_TYPE_ID:integer:r COUNTRY_ID:integer NAME:string:q DATE_CREATE:datetime:r "
    "DATE_MODIFY:datetime:r CREATED_BY_ID:user:r MODIFY_BY_ID:user:r ACTIVE:char SORT:integer XML_ID:string")


def names(fields: tuple[Field, ...]) -> tuple[str, ...]:
    return tuple(f.name for f in fields)


def by_name(fields: tuple[Field, ...]) -> dict[str, Field]:
    return {f.name: f for f in fields}


def coerce(f: Field, value: Any) -> tuple[bool, Any]:
    """Input value -> stored string (or None). (False, _) means "drop it", as the core does."""
    if value is None:
        return True, None
    if isinstance(value, (list, dict)):
        return False, None
    if f.type == "char" and isinstance(value, bool):
        return True, "Y" if value else "N"
    text = str(value).strip() if not isinstance(value, str) else value
    if f.type in ("date", "datetime"):
        if text == "":
            return True, None
        normalized = clock.normalize_date(text) if f.type == "date" else clock.normalize_datetime(text)
        return normalized is not None, normalized
    if f.type in ("integer", "user", "crm_company", "crm_contact", "crm_lead") and text != "":
        try:
            return True, str(int(float(text)))
        except ValueError:
            return False, None
    return True, text


def read_input(fields: tuple[Field, ...], given: Any, adding: bool, skip: tuple[str, ...] = ()) -> dict:
    """Writable values of `given` coerced to stored form; unknown, read-only and (on update) immutable
    fields are dropped silently, as the portal does ("Некорректное поле в fields будет проигнорировано")."""
    by_field = by_name(fields)
    values: dict[str, Any] = {}
    for name, value in given.items():
        f = by_field.get(name)
        if f is None or f.read_only or (f.immutable and not adding) or name in skip:
            continue
        ok, stored = coerce(f, value)
        if ok:
            values[name] = stored
    return values


def select_names(fields: tuple[Field, ...], select: Any) -> list[str]:
    """Non-legacy lists (requisites, bank details, addresses): named fields in the order asked, else all."""
    wanted = [str(s).strip().upper() for s in as_list(select)]
    known = names(fields)
    if not wanted or "*" in wanted:
        return list(known)
    return [n for n in dict.fromkeys(wanted) if n in known]
