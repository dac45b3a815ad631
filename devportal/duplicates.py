"""crm.duplicate.findbycomm and crm.entity.mergeBatch (bitrix24-rest.md §6.1–6.2).

findbycomm follows the core's CCrmDuplicateRestProxy: at most the first 20 distinct values are
searched (the rest are ignored, silently, as the core does); per value each entity type yields at
most 20 ids, and a type that reaches 20 stops the types after it (lead → contact → company).
UNVERIFIED how the portal normalises phones: devportal compares digits only, ignoring an extension
("доб.", "ext", "#"), with no 8→7 rewriting — the stricter reading; e-mails compare case-insensitively.

mergeBatch follows the core's MergeBatchAction: ids that do not exist are dropped first, the first
remaining id survives, ENTITY_IDS = the others. What the merge does is UNVERIFIED; devportal takes
the strict reading of "auto-merge only when records are identical or one side is empty":
- any editable field (incl. UF_*) filled differently on two records → CONFLICT, nothing changes;
  ASSIGNED_BY_ID and system fields are not compared (the survivor keeps its own);
- otherwise empty survivor fields take the other's value, multi-field values are united (exact
  duplicates dropped), links, requisites, deals, activities and comments move to the survivor, and the
  others are deleted (ONCRM*DELETE each, ONCRM*UPDATE for the survivor).
CONFLICT and ERROR come back as an HTTP 400 error envelope with numeric "error": 0 unless the
portal was started with merge_failure_as_error=False (then 200 with result.STATUS).
"""
from __future__ import annotations

import re
from typing import Any

from devportal import events, multifields, php, schema, timeline
from devportal.crm import KINDS, Crm
from devportal.errors import RestError
from devportal.rights import can_edit
from devportal.state import Origin, Portal

SEARCH_ORDER = ("LEAD", "CONTACT", "COMPANY")
MAX_VALUES = 20
MAX_PER_TYPE = 20
MERGE_KINDS = {1: "lead", 2: "deal", 3: "contact", 4: "company"}
NOT_COMPARED = {"ID", "ASSIGNED_BY_ID", "CREATED_BY_ID", "MODIFY_BY_ID", "DATE_CREATE", "DATE_MODIFY",
                "LAST_ACTIVITY_TIME", "LAST_ACTIVITY_BY", "MOVED_BY_ID", "MOVED_TIME", "HAS_PHONE", "HAS_EMAIL",
                "HAS_IMOL", "COMPANY_ID", "CONTACT_ID", "LEAD_ID", "OPENED", "EXPORT"}
CONFLICT_TEXT = "Обнаружены конфликты значений полей, объединение возможно только вручную."   # UNVERIFIED text
_EXTENSION = re.compile(r"(доб\.?|ext\.?|#|,).*$", re.IGNORECASE)


def comm_key(type_id: str, value: str) -> str:
    if type_id == "PHONE":
        return re.sub(r"\D", "", _EXTENSION.sub("", value))
    return value.strip().lower()


def find_by_comm(portal: Portal, type_id: Any, values: Any, entity_type: Any) -> Any:
    type_id = str(type_id or "").upper()
    if type_id not in ("PHONE", "EMAIL"):
        if not type_id:
            raise RestError("Communication type is not defined", "Parameter 'type' is required.", 400)
        raise RestError(f"Communication type '{type_id}' is not supported in current context",
                        "Parameter 'type' must be PHONE or EMAIL.", 400)
    values = php.as_list(values) if isinstance(values, (list, dict)) else []
    if not values:
        raise RestError("Communication values is not defined", "Parameter 'values' is required.", 400)
    keys = list(dict.fromkeys(k for k in (comm_key(type_id, v) for v in values
                                          if isinstance(v, str) and v) if k))[:MAX_VALUES]
    entity_type = str(entity_type or "").upper()
    if entity_type == "DEAL":
        raise RestError("", "Deal is not supported in current context.", 400)
    kinds = [t for t in SEARCH_ORDER if entity_type not in SEARCH_ORDER or t == entity_type]
    hits = {t: _matches(portal, t.lower(), type_id, set(keys)) for t in kinds}
    found: dict[str, list[int]] = {}
    for key in keys:
        for t in kinds:
            ids = hits[t].get(key, [])[:MAX_PER_TYPE]
            for entity_id in ids:
                found.setdefault(t, [])
                if entity_id not in found[t]:
                    found[t].append(entity_id)
            if len(ids) >= MAX_PER_TYPE:
                break
    return php.php_array(found)


def _matches(portal: Portal, kind: str, type_id: str, keys: set[str]) -> dict[str, list[int]]:
    result: dict[str, list[int]] = {}
    for entity_id, row in portal.tables[kind].rows.items():
        for value in multifields.values_of(row, type_id):
            key = comm_key(type_id, value)
            if key in keys and entity_id not in result.setdefault(key, []):
                result[key].append(entity_id)
    return {k: sorted(v) for k, v in result.items()}


def merge_batch(portal: Portal, params: Any, origin: Origin) -> dict:
    params = params if isinstance(params, dict) else {}
    try:
        type_id = int(params.get("entityTypeId") or 0)
    except (TypeError, ValueError):
        type_id = 0
    if type_id == 0:
        raise RestError(0, "The parameter entityTypeId is required.", 400)
    kind = MERGE_KINDS.get(type_id)
    if kind is None:
        raise RestError("OWNER_NOT_FOUND", "Owner was not found", 400)
    table = portal.tables[kind]
    wanted = [php.as_int(i) for i in php.as_list(params.get("entityIds"))] \
        if isinstance(params.get("entityIds"), (list, dict)) else []
    existing = list(dict.fromkeys(i for i in wanted if i in table))
    if not existing:
        raise RestError(0, "The parameter entityIds does not contains valid elements.", 400)
    if len(existing) < 2:
        raise RestError(0, "The parameter entityIds must contains at least two elements.", 400)
    root, others = existing[0], existing[1:]
    rows = [table.get(i) for i in existing]
    status = "SUCCESS"
    if not portal.user(origin.user_id).is_admin and not all(can_edit(portal, origin.user_id, r) for r in rows):
        status, message = "ERROR", "Access denied."
    elif _conflicts(KINDS[kind], rows):
        status, message = "CONFLICT", CONFLICT_TEXT
    if status != "SUCCESS":
        if portal.options.merge_failure_as_error:
            raise RestError(0, message, 400)
        return {"STATUS": status, "ENTITY_IDS": others}
    _merge(portal, kind, root, others, origin)
    return {"STATUS": "SUCCESS", "ENTITY_IDS": others}


def _compared(k) -> list[str]:
    return [f.name for f in k.fields if not f.read_only and f.name not in NOT_COMPARED]


def _conflicts(k, rows: list[dict]) -> bool:
    for name in _compared(k):
        filled = {str(r.get(name)).strip() for r in rows if r.get(name) not in (None, "")}
        if len(filled) > 1:
            return True
    return False


def _merge(portal: Portal, kind: str, root: int, others: list[int], origin: Origin) -> None:
    crm, k = Crm(portal), KINDS[kind]
    survivor = portal.tables[kind].get(root)
    for other_id in others:
        other = portal.tables[kind].get(other_id)
        for name in _compared(k):
            if survivor.get(name) in (None, "") and other.get(name) not in (None, ""):
                survivor[name] = other[name]
        if k.multi:
            _unite_multifields(portal, survivor, other)
        _move_dependents(portal, crm, kind, other_id, root)
    for other_id in others:
        crm.remove(kind, other_id)
        events.fire(portal, f"{k.event_prefix}DELETE", other_id, origin)
    events.fire(portal, f"{k.event_prefix}UPDATE", root, origin)


def _unite_multifields(portal: Portal, survivor: dict, other: dict) -> None:
    additions = {}
    for type_id in schema.MULTIFIELD_TYPES:
        present = set(multifields.values_of(survivor, type_id))
        new = [v for v in other.get("_fm", {}).get(type_id, []) if v["VALUE"] not in present]
        if new:
            additions[type_id] = [{"VALUE": v["VALUE"], "VALUE_TYPE": v["VALUE_TYPE"]} for v in new]
    multifields.apply(portal, survivor, additions)
    survivor.update(multifields.flags(survivor))


def _move_dependents(portal: Portal, crm: Crm, kind: str, old: int, new: int) -> None:
    type_id = KINDS[kind].type_id
    for requisite in portal.requisites.values():
        if requisite["ENTITY_TYPE_ID"] == str(type_id) and requisite["ENTITY_ID"] == str(old):
            requisite["ENTITY_ID"] = str(new)
            for address in portal.addresses.values():
                if address["ENTITY_TYPE_ID"] == "8" and address["ENTITY_ID"] == requisite["ID"]:
                    address["ANCHOR_ID"] = str(new)
    for table in (portal.activities, portal.comments):
        for row in table.values():
            if (type_id, old) in row["_bindings"]:
                row["_bindings"] = list(dict.fromkeys((type_id, new) if b == (type_id, old) else b
                                                      for b in row["_bindings"]))
                if "OWNER_ID" in row:
                    timeline.show_owner(row)
    if kind == "company":
        for table in (portal.tables["lead"], portal.tables["deal"]):
            for row in table.values():
                if row.get("COMPANY_ID") == str(old):
                    row["COMPANY_ID"] = str(new)
        for contact in portal.contact_companies.backward.targets(old):
            portal.contact_companies.link(contact, new)
        crm.sync_links("contact", portal.contact_companies.backward.targets(old))
    elif kind == "contact":
        for company in portal.contact_companies.forward.targets(old):
            portal.contact_companies.link(new, company)
        for links in (portal.lead_contacts, portal.deal_contacts):
            for owner in links.owners_of(old):
                links.add(owner, new)
        crm.sync_links("contact", [new])
    elif kind in ("lead", "deal"):
        links = portal.lead_contacts if kind == "lead" else portal.deal_contacts
        for contact in links.targets(old):
            links.add(new, contact)
        crm.sync_links(kind, [new])
