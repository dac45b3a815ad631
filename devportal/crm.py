"""Leads, contacts, companies and deals: the operations behind crm.<entity>.* and the portal UI.

Both the REST methods and the UI call these, so rights, link bookkeeping and events behave the same
whoever makes the change. Rights: an administrator may do anything; everybody else may read every
record but change or delete only records where ASSIGNED_BY_ID is themselves (the portal answers
"Access denied." — legacy methods use an empty error code, see devportal/errors.py).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from devportal import clock, events, multifields, schema, timeline
from devportal.errors import RestError, legacy
from devportal.php import as_int, as_list
from devportal.records import Page, paginate
from devportal.requisites import Requisites, positive_id
from devportal.rights import ACCESS_DENIED, can_edit
from devportal.state import Origin, Portal


@dataclass(frozen=True)
class Kind:
    name: str
    type_id: int
    fields: tuple[schema.Field, ...]
    multi: bool
    title: str                       # for "<Title> is not found"
    defaults: dict[str, str] = field(default_factory=dict)
    link_inputs: tuple[str, ...] = ()

    @property
    def event_prefix(self) -> str:
        return f"ONCRM{self.name.upper()}"

    @property
    def field_names(self) -> tuple[str, ...]:
        return schema.names(self.fields)


_COMMON = {"OPENED": "Y", "CURRENCY_ID": "RUB"}
KINDS = {
    "lead": Kind("lead", 1, schema.LEAD, True, "Lead",
                 {**_COMMON, "STATUS_ID": "NEW", "STATUS_SEMANTIC_ID": "P", "SOURCE_ID": "WEB", "OPPORTUNITY": "0.00",
                  "IS_MANUAL_OPPORTUNITY": "N", "IS_RETURN_CUSTOMER": "N", "UF_CRM_1712345678": ""},
                 ("CONTACT_IDS",)),
    "contact": Kind("contact", 3, schema.CONTACT, True, "Contact",
                    {"OPENED": "Y", "EXPORT": "Y", "TYPE_ID": "CLIENT", "SOURCE_ID": "SELF",
                     "UF_CRM_1720697698689": ""}, ("COMPANY_IDS",)),
    "company": Kind("company", 4, schema.COMPANY, True, "Company",
                    {**_COMMON, "COMPANY_TYPE": "CUSTOMER", "IS_MY_COMPANY": "N", "REVENUE": "0", "OPENED": "N",
                     "UF_CRM_1687188367": ""}, ("CONTACT_ID",)),
    "deal": Kind("deal", 2, schema.DEAL, False, "Deal",
                 {**_COMMON, "STAGE_ID": "NEW", "STAGE_SEMANTIC_ID": "P", "CATEGORY_ID": "0", "PROBABILITY": None,
                  "OPPORTUNITY": "0.00", "IS_MANUAL_OPPORTUNITY": "N", "TAX_VALUE": "0.00", "CLOSED": "N",
                  "IS_NEW": "Y", "IS_RECURRING": "N", "IS_RETURN_CUSTOMER": "N", "IS_REPEATED_APPROACH": "N"},
                 ("CONTACT_IDS",)),
}
_DEFAULT_TITLES = {"lead": "Лид #{}", "deal": "Сделка #{}"}


class Crm:
    def __init__(self, portal: Portal):
        self.portal = portal

    # -- reading ---------------------------------------------------------------------------------
    def kind(self, name: str) -> Kind:
        return KINDS[name]

    def row(self, kind: str, entity_id: Any) -> dict | None:
        return self.portal.tables[kind].get(entity_id)

    def get(self, kind: str, entity_id: Any) -> dict:
        row = self.row(kind, positive_id(entity_id))
        if row is None:
            raise legacy("Not found")
        return self.render(kind, row)

    def list(self, kind: str, filter_: Any, order: Any, select: Any, start: Any) -> Page:
        table = self.portal.tables[kind]
        page = paginate(table.find(filter_, order), start)
        names = selected_names(KINDS[kind], select)
        page.rows = [self.render(kind, row, names) for row in page.rows]
        return page

    def render(self, kind: str, row: dict, names: list[str] | None = None) -> dict:
        k = KINDS[kind]
        wanted = names if names is not None else [*k.field_names, *schema.MULTIFIELD_TYPES]
        result = {n: row.get(n) for n in wanted if n not in schema.MULTIFIELD_TYPES}
        if k.multi:
            result.update(multifields.render(row, tuple(n for n in wanted if n in schema.MULTIFIELD_TYPES)))
        return result

    # -- rights ----------------------------------------------------------------------------------
    def require_edit(self, origin: Origin, kind: str, entity_id: int) -> dict:
        """The record if `origin` may change it; legacy errors otherwise (rights first, as the core)."""
        row = self.row(kind, entity_id)
        user = self.portal.user(origin.user_id)
        if row is None:
            if not user.is_admin:
                raise legacy(ACCESS_DENIED)
            raise legacy(f"{KINDS[kind].title} is not found")
        if not can_edit(self.portal, origin.user_id, row):
            raise legacy(ACCESS_DENIED)
        return row

    # -- writing ---------------------------------------------------------------------------------
    def add(self, kind: str, fields: dict, origin: Origin) -> int:
        k = KINDS[kind]
        values = self._input(k, fields, adding=True)
        if kind == "company" and not values.get("TITLE"):
            raise legacy('Поле "Название компании" обязательно для заполнения.')
        table = self.portal.tables[kind]
        entity_id = table.next_id()
        now = clock.iso()
        row = {n: k.defaults.get(n) for n in k.field_names}
        row.update(ID=str(entity_id), ASSIGNED_BY_ID=str(origin.user_id), CREATED_BY_ID=str(origin.user_id),
                   MODIFY_BY_ID=str(origin.user_id), DATE_CREATE=now, DATE_MODIFY=now,
                   LAST_ACTIVITY_TIME=now, LAST_ACTIVITY_BY=str(origin.user_id))
        row.update(values)
        if kind in _DEFAULT_TITLES and not row.get("TITLE"):
            row["TITLE"] = _DEFAULT_TITLES[kind].format(entity_id)
        if k.multi:
            multifields.apply(self.portal, row, fields)
            row.update(multifields.flags(row))
        table.insert(entity_id, row)
        self._apply_links(kind, entity_id, fields)
        events.fire(self.portal, f"{k.event_prefix}ADD", entity_id, origin)
        return entity_id

    def update(self, kind: str, entity_id: Any, fields: dict, origin: Origin) -> bool:
        k = KINDS[kind]
        row = self.require_edit(origin, kind, positive_id(entity_id))
        values = self._input(k, fields, adding=False)
        if kind == "company" and "TITLE" in values and not values["TITLE"]:
            raise legacy('Поле "Название компании" обязательно для заполнения.')
        if k.multi:
            multifields.apply(self.portal, row, fields)
        row.update(values)
        if k.multi:
            row.update(multifields.flags(row))
        row.update(MODIFY_BY_ID=str(origin.user_id), DATE_MODIFY=clock.iso())
        self._apply_links(kind, int(row["ID"]), fields)
        events.fire(self.portal, f"{k.event_prefix}UPDATE", int(row["ID"]), origin)
        return True

    def delete(self, kind: str, entity_id: Any, origin: Origin) -> bool:
        entity_id = positive_id(entity_id)
        row = self.row(kind, entity_id)
        user = self.portal.user(origin.user_id)
        if row is None:
            if not user.is_admin:
                raise legacy(ACCESS_DENIED)
            raise RestError("ERROR_CORE", "Элемент не найден", 400)   # RU crm-contact-delete.md
        if not can_edit(self.portal, origin.user_id, row):
            raise legacy(ACCESS_DENIED)
        self.remove(kind, entity_id)
        events.fire(self.portal, f"{KINDS[kind].event_prefix}DELETE", entity_id, origin)
        return True

    def remove(self, kind: str, entity_id: int) -> None:
        """Delete without rights or events (merge and cascades): drop links and owned objects too."""
        p = self.portal
        p.tables[kind].delete(entity_id)
        if kind == "contact":
            owners = {"lead": p.lead_contacts.owners_of(entity_id), "deal": p.deal_contacts.owners_of(entity_id)}
            p.contact_companies.drop_contact(entity_id)
            p.lead_contacts.drop_target(entity_id)
            p.deal_contacts.drop_target(entity_id)
            for owner_kind, ids in owners.items():
                self.sync_links(owner_kind, ids)
        elif kind == "company":
            contacts = p.contact_companies.backward.targets(entity_id)
            p.contact_companies.drop_company(entity_id)
            self.sync_links("contact", contacts)
            for table in (p.tables["lead"], p.tables["deal"]):
                for other in table.values():
                    if other.get("COMPANY_ID") == str(entity_id):
                        other["COMPANY_ID"] = None
        elif kind in ("lead", "deal"):
            (p.lead_contacts if kind == "lead" else p.deal_contacts).drop_owner(entity_id)
        Requisites(p).drop_owner(KINDS[kind].type_id, entity_id)
        timeline.drop_owner(p, KINDS[kind].type_id, entity_id)

    def _input(self, k: Kind, fields: Any, adding: bool) -> dict:
        if not isinstance(fields, dict):
            raise legacy("Parameter 'fields' must be array.")
        link_fields = (*k.link_inputs, "COMPANY_ID" if k.name == "contact" else "CONTACT_ID")
        values = schema.read_input(k.fields, fields, adding, skip=("ID", *link_fields))  # links: _apply_links
        if k.name == "lead" and (values.get("COMPANY_ID") or fields.get("CONTACT_ID")):
            values["IS_RETURN_CUSTOMER"] = "Y"
        return values

    # -- links -----------------------------------------------------------------------------------
    def _apply_links(self, kind: str, entity_id: int, fields: dict) -> None:
        p = self.portal
        if kind == "contact":
            self._apply_link_fields(entity_id, fields, "COMPANY_ID", "COMPANY_IDS", "company",
                                    p.contact_companies.set_forward, p.contact_companies.forward)
            self.sync_links("contact", [entity_id])
        elif kind in ("lead", "deal"):
            links = p.lead_contacts if kind == "lead" else p.deal_contacts
            self._apply_link_fields(entity_id, fields, "CONTACT_ID", "CONTACT_IDS", "contact", links.set, links)
            self.sync_links(kind, [entity_id])
        elif kind == "company" and "CONTACT_ID" in fields:
            ids = [i for i in _ids(fields["CONTACT_ID"]) if i in p.tables["contact"]]
            before = p.contact_companies.backward.targets(entity_id)
            p.contact_companies.set_backward(entity_id, [{"id": i} for i in ids])
            self.sync_links("contact", set(before) | set(ids))

    def _apply_link_fields(self, owner: int, fields: dict, single: str, plural: str, target_kind: str,
                           set_items, links) -> None:
        table = self.portal.tables[target_kind]
        if plural in fields:
            ids = [i for i in _ids(fields[plural]) if i in table]
            primary = _ids(fields.get(single))
            set_items(owner, [{"id": i, "IS_PRIMARY": primary[:1] == [i]} for i in ids])
        elif single in fields:
            wanted = [i for i in _ids(fields[single]) if i in table][:1]
            current = links.items(owner)
            keep = [{"id": i["id"], "SORT": i["SORT"], "IS_PRIMARY": False} for i in current
                    if i["id"] not in wanted and not i["IS_PRIMARY"]]
            items = [{"id": wanted[0], "IS_PRIMARY": True, "SORT": 0}] if wanted else []
            set_items(owner, items + keep)

    def sync_links(self, kind: str, ids) -> None:
        """Keep the single-value link fields (contact COMPANY_ID, lead/deal CONTACT_ID) in step."""
        p = self.portal
        links = {"contact": p.contact_companies.forward, "lead": p.lead_contacts, "deal": p.deal_contacts}[kind]
        field_name = "COMPANY_ID" if kind == "contact" else "CONTACT_ID"
        for owner in ids:
            row = p.tables[kind].get(owner)
            if row is not None:
                primary = links.primary(owner)
                row[field_name] = str(primary) if primary else None


def selected_names(k: Kind, select: Any) -> list[str]:
    """`select` rules of the legacy lists: empty = '*' + 'UF_*'; multi-fields only when named."""
    wanted = [str(s).strip().upper() for s in as_list(select)]
    everything = not wanted
    std = [n for n in k.field_names if not n.startswith("UF_")]
    uf = [n for n in k.field_names if n.startswith("UF_")]
    chosen = set(std if everything or "*" in wanted else ())
    chosen |= set(uf if everything or "UF_*" in wanted else ())
    chosen |= {n for n in wanted if n in k.field_names}
    multis = [m for m in schema.MULTIFIELD_TYPES if m in wanted] if k.multi else []
    if multis:
        chosen.add("ID")                     # the core adds the identity field (prepareListFromDbResult)
    return [n for n in k.field_names if n in chosen] + multis


def _ids(value: Any) -> list[int]:
    return [number for number in map(as_int, as_list(value)) if number > 0]
