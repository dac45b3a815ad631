"""What the portal UI shows of CRM records: list rows and card contents (read-only views of the portal state).

Call these with `portal.lock` held. Values are returned as plain strings; the templates escape them.
"""
from __future__ import annotations

from flask import url_for

from devportal import addresses
from devportal.crm import KINDS, Crm
from devportal.requisites import PRESETS, Requisites
from devportal.schema import MULTIFIELD_TYPES
from devportal.state import Portal
from devportal.ui_text import shown_value, value_type_title

USER_FIELDS = ("ASSIGNED_BY_ID", "CREATED_BY_ID", "MODIFY_BY_ID", "LAST_ACTIVITY_BY", "MOVED_BY_ID")
HIDDEN_FIELDS = {"ID", "HAS_PHONE", "HAS_EMAIL", "HAS_IMOL", "OPENED", "LAST_ACTIVITY_TIME", "LAST_ACTIVITY_BY",
                 "COMPANY_ID", "CONTACT_ID", "LEAD_ID", "IS_RETURN_CUSTOMER", "IS_MANUAL_OPPORTUNITY",
                 "STATUS_SEMANTIC_ID", "CURRENCY_ID", "EXPORT", "IS_MY_COMPANY", "REVENUE", "OPPORTUNITY"}
EDITABLE = {"company": ("TITLE", "COMMENTS"), "contact": ("NAME", "SECOND_NAME", "LAST_NAME", "POST"),
            "lead": ("TITLE", "NAME", "LAST_NAME", "COMPANY_TITLE")}
REQUISITE_FIELDS = ("RQ_COMPANY_NAME", "RQ_COMPANY_FULL_NAME", "RQ_LAST_NAME", "RQ_FIRST_NAME", "RQ_SECOND_NAME",
                    "RQ_INN", "RQ_KPP", "RQ_OGRN", "RQ_OGRNIP", "RQ_OKPO", "RQ_OKTMO", "RQ_OKVED",
                    "RQ_COMPANY_REG_DATE", "RQ_DIRECTOR")
BANK_FIELDS = ("RQ_BANK_NAME", "RQ_BIK", "RQ_ACC_NUM", "RQ_COR_ACC_NUM", "RQ_BANK_ADDR", "RQ_SWIFT",
               "RQ_ACC_CURRENCY")
TAB_PLACEMENTS = {"company": "CRM_COMPANY_DETAIL_TAB", "contact": "CRM_CONTACT_DETAIL_TAB",
                  "lead": "CRM_LEAD_DETAIL_TAB"}
REQUISITE_OWNER_TYPE = 8


def display_name(kind: str, row: dict) -> str:
    if kind == "contact":
        name = " ".join(p for p in (row.get("LAST_NAME"), row.get("NAME"), row.get("SECOND_NAME")) if p)
        return name or f"Контакт #{row.get('ID')}"
    return row.get("TITLE") or f"#{row.get('ID')}"


def _user_name(portal: Portal, user_id: object) -> str:
    try:
        return portal.user(int(str(user_id))).full_name
    except (KeyError, ValueError):
        return str(user_id or "")


def _values(row: dict, type_id: str) -> list[str]:
    return [item["VALUE"] for item in row.get(type_id) or []]


def list_rows(portal: Portal, kind: str, query: str, start: int, lang: str = "ru") -> tuple[list[dict], int]:
    """One page (50) of a list, newest first, optionally filtered by a substring of the name."""
    field = "LAST_NAME" if kind == "contact" else "TITLE"
    filter_ = {f"%{field}": query} if query else {}
    page = Crm(portal).list(kind, filter_, {"ID": "DESC"}, ["*", "PHONE", "EMAIL"], start)
    rows = []
    for row in page.rows:
        if kind == "company":
            extra = shown_value("COMPANY_TYPE", row.get("COMPANY_TYPE") or "", "crm_status", lang)
        elif kind == "contact":
            company = portal.tables["company"].get(row.get("COMPANY_ID")) if row.get("COMPANY_ID") else None
            extra = company.get("TITLE", "") if company else ""
        else:
            extra = row.get("COMPANY_TITLE") or ""
        rows.append({"ID": row["ID"], "display": display_name(kind, row), "phones": ", ".join(_values(row, "PHONE")),
                     "emails": ", ".join(_values(row, "EMAIL")), "extra": extra,
                     "assigned": _user_name(portal, row.get("ASSIGNED_BY_ID"))})
    return rows, page.total or 0


def _related(portal: Portal, kind: str, entity_id: int, t: dict) -> list[tuple[str, list[dict]]]:
    def links(target_kind: str, ids) -> list[dict]:
        table = portal.tables[target_kind]
        return [{"title": display_name(target_kind, table.get(i)),
                 "url": url_for("ui.entity_card", kind=target_kind, entity_id=i)} for i in ids if table.get(i)]
    if kind == "company":
        return [(t["related_contacts"], links("contact", portal.contact_companies.backward.targets(entity_id)))]
    if kind == "contact":
        return [(t["related_companies"], links("company", portal.contact_companies.forward.targets(entity_id)))]
    row = portal.tables["lead"].get(entity_id) or {}
    companies = [int(row["COMPANY_ID"])] if row.get("COMPANY_ID") else []
    return [(t["related_contacts"], links("contact", portal.lead_contacts.targets(entity_id))),
            (t["related_companies"], links("company", companies))]


def _requisites(portal: Portal, kind: str, entity_id: int) -> list[dict]:
    if kind == "lead":
        return []
    presets = {str(number): name for number, name, _, _ in PRESETS}
    types = {str(a["ID"]): a["NAME"] for a in addresses.address_types()}
    result = []
    for rq in Requisites(portal).owned_by(KINDS[kind].type_id, entity_id):
        page = addresses.list_page(portal, {"ENTITY_TYPE_ID": REQUISITE_OWNER_TYPE, "ENTITY_ID": rq["ID"]},
                                   None, None, 0)
        result.append({
            "row": rq, "preset": presets.get(str(rq.get("PRESET_ID")), ""),
            "fields": [(n, rq[n]) for n in REQUISITE_FIELDS if rq.get(n)],
            "addresses": [{"title": types.get(str(a.get("TYPE_ID")), ""), "text": _address_text(a)}
                          for a in page.rows],
            "banks": list(portal.bank_details.find({"ENTITY_ID": rq["ID"]})),
        })
    return result


def _address_text(address: dict) -> str:
    parts = ("POSTAL_CODE", "COUNTRY", "REGION", "PROVINCE", "CITY", "ADDRESS_1", "ADDRESS_2")
    return ", ".join(str(address[p]) for p in parts if address.get(p))


def _main_fields(portal: Portal, kind: str, record: dict, lang: str) -> list[tuple[str, str]]:
    """(field, shown value) of the filled fields a person reads in the card: names, not codes or user ids."""
    shown = []
    for field in KINDS[kind].fields:
        value = record.get(field.name)
        if field.name in HIDDEN_FIELDS or value in (None, "", "0"):
            continue
        if field.name in USER_FIELDS:
            shown.append((field.name, _user_name(portal, value)))
        else:
            shown.append((field.name, shown_value(field.name, str(value), field.type, lang)))
    return shown


def card_context(portal: Portal, kind: str, entity_id: int, t: dict, lang: str = "ru") -> dict | None:
    """Everything the card template shows, or None when the record does not exist."""
    row = portal.tables[kind].get(entity_id)
    if row is None:
        return None
    record = Crm(portal).render(kind, row)
    main_fields = _main_fields(portal, kind, record, lang)
    multi = [(type_id, [{"VALUE": item["VALUE"], "TYPE": value_type_title(item["VALUE_TYPE"], lang)}
                        for item in record[type_id]])
             for type_id in MULTIFIELD_TYPES if record.get(type_id)]
    return {"record": record, "heading": display_name(kind, row), "main_fields": main_fields, "multi": multi,
            "related": _related(portal, kind, entity_id, t), "requisites": _requisites(portal, kind, entity_id),
            "bank_fields": BANK_FIELDS, "editable": EDITABLE[kind]}


def tab_title(binding: dict, lang: str) -> str:
    """The tab's title in the viewer's language (LANG_ALL), else TITLE, else the placement code."""
    lang_all = binding.get("langAll") if isinstance(binding.get("langAll"), dict) else {}
    localized = lang_all.get(lang) if isinstance(lang_all.get(lang), dict) else {}
    return localized.get("TITLE") or binding.get("title") or binding["placement"]
