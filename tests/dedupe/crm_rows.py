"""Row builders in the exact shapes crm.*.list and crm.requisite.list return, for the dedupe tests."""
from __future__ import annotations

import itertools


_ids = itertools.count(9000)


def _multi(type_id: str, values) -> list[dict]:
    return [{"ID": str(next(_ids)), "VALUE_TYPE": "WORK", "VALUE": value, "TYPE_ID": type_id} for value in values]


def contact(id, name="", last="", second="", phones=(), emails=(), company_id=None, comments=None) -> dict:
    row = {"ID": str(id), "NAME": name or None, "SECOND_NAME": second or None, "LAST_NAME": last or None,
           "COMPANY_ID": company_id, "COMMENTS": comments, "HAS_PHONE": "Y" if phones else "N",
           "HAS_EMAIL": "Y" if emails else "N", "OPENED": "Y", "TYPE_ID": "CLIENT"}
    if phones:
        row["PHONE"] = _multi("PHONE", phones)
    if emails:
        row["EMAIL"] = _multi("EMAIL", emails)
    return row


def lead(id, name="", last="", second="", phones=(), emails=(), company_title=None, comments=None, **uf) -> dict:
    row = contact(id, name, last, second, phones, emails, None, comments)
    row.pop("COMPANY_ID")
    row.update({"TITLE": "Заявка с сайта", "COMPANY_TITLE": company_title, "STATUS_ID": "NEW", **uf})
    return row


def company(id, title, phones=(), emails=(), webs=(), city=None, comments=None, address=None, banking=None) -> dict:
    row = {"ID": str(id), "TITLE": title, "COMPANY_TYPE": "CUSTOMER", "ADDRESS": address, "ADDRESS_CITY": city,
           "COMMENTS": comments, "BANKING_DETAILS": banking, "HAS_PHONE": "Y" if phones else "N",
           "HAS_EMAIL": "Y" if emails else "N"}
    if phones:
        row["PHONE"] = _multi("PHONE", phones)
    if emails:
        row["EMAIL"] = _multi("EMAIL", emails)
    if webs:
        row["WEB"] = _multi("WEB", webs)
    return row


def requisite(owner_id, inn, kpp=None, ogrn=None, owner_type="4") -> dict:
    return {"ID": str(next(_ids)), "ENTITY_TYPE_ID": owner_type, "ENTITY_ID": str(owner_id), "PRESET_ID": "1",
            "NAME": "Организация", "RQ_INN": inn, "RQ_KPP": kpp, "RQ_OGRN": ogrn, "RQ_OGRNIP": None}


def groups(clusters, entity_type: str) -> list[set[str]]:
    return [set(cluster.ids) for cluster in clusters if cluster.entity_type == entity_type]
