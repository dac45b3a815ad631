"""Binding methods: crm.contact.company.*, crm.company.contact.*, crm.lead.contact.*, crm.deal.contact.*.

items.get answers [{COMPANY_ID|CONTACT_ID, SORT, ROLE_ID, IS_PRIMARY: "Y"/"N"}]; items.set replaces
the whole set (RU crm-contact-company-items-set.md); add/delete change one binding; items.delete
clears them. Changing bindings needs edit rights on the owner and announces ONCRM<OWNER>UPDATE.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from devportal import events
from devportal.crm import KINDS
from devportal.errors import legacy
from devportal.links import Links
from devportal.php import as_list
from devportal.requisites import positive_id
from devportal.rest.registry import Call, method
from devportal.state import Portal


@dataclass(frozen=True)
class Relation:
    owner: str
    target: str
    key: str                                       # COMPANY_ID or CONTACT_ID
    links: Callable[[Portal], Links]
    replace: Callable[[Portal, int, list[dict]], None]

    def synced_kinds(self, owner_id: int, before: list[int], after: list[int]) -> dict[str, set[int]]:
        """Which single-value link fields need refreshing after a change."""
        if self.owner == "company":
            return {"contact": set(before) | set(after)}
        return {self.owner: {owner_id}}


RELATIONS = (
    Relation("contact", "company", "COMPANY_ID", lambda p: p.contact_companies.forward,
             lambda p, o, items: p.contact_companies.set_forward(o, items)),
    Relation("company", "contact", "CONTACT_ID", lambda p: p.contact_companies.backward,
             lambda p, o, items: p.contact_companies.set_backward(o, items)),
    Relation("lead", "contact", "CONTACT_ID", lambda p: p.lead_contacts,
             lambda p, o, items: p.lead_contacts.set(o, items)),
    Relation("deal", "contact", "CONTACT_ID", lambda p: p.deal_contacts,
             lambda p, o, items: p.deal_contacts.set(o, items)),
)


def _owner_id(call: Call, relation: Relation, for_edit: bool) -> int:
    owner_id = positive_id(call.param("id"))
    if for_edit:
        call.crm.require_edit(call.origin, relation.owner, owner_id)
    elif call.crm.row(relation.owner, owner_id) is None:
        raise legacy("Not found")
    return owner_id


def _render(relation: Relation, portal: Portal, owner_id: int) -> list[dict]:
    return [{relation.key: item["id"], "SORT": item["SORT"], "ROLE_ID": item["ROLE_ID"],
             "IS_PRIMARY": "Y" if item["IS_PRIMARY"] else "N"} for item in relation.links(portal).items(owner_id)]


def _item(relation: Relation, call: Call, raw: Any) -> dict:
    if not isinstance(raw, dict):
        raise legacy("Parameter 'items' must be array.")
    target_id = raw.get(relation.key)
    if call.crm.row(relation.target, target_id) is None:
        raise legacy(f"The field {relation.key} is not defined or invalid.")
    return {"id": int(target_id), "SORT": raw.get("SORT"), "ROLE_ID": raw.get("ROLE_ID"),
            "IS_PRIMARY": str(raw.get("IS_PRIMARY", "N")).upper() == "Y"}


def _change(call: Call, relation: Relation, owner_id: int, items: list[dict]) -> bool:
    portal = call.portal
    before = relation.links(portal).targets(owner_id)
    relation.replace(portal, owner_id, items)
    for kind, ids in relation.synced_kinds(owner_id, before, relation.links(portal).targets(owner_id)).items():
        call.crm.sync_links(kind, ids)
    events.fire(portal, f"{KINDS[relation.owner].event_prefix}UPDATE", owner_id, call.origin)
    return True


def _current(relation: Relation, portal: Portal, owner_id: int) -> list[dict]:
    return [dict(i) for i in relation.links(portal).items(owner_id)]


def _register(relation: Relation) -> None:
    prefix = f"crm.{relation.owner}.{relation.target}"

    @method(f"{prefix}.items.get")
    def items_get(call: Call) -> list[dict]:
        return _render(relation, call.portal, _owner_id(call, relation, False))

    @method(f"{prefix}.items.set")
    def items_set(call: Call) -> bool:
        owner_id = _owner_id(call, relation, True)
        items = [_item(relation, call, raw) for raw in as_list(call.param("items"))]
        return _change(call, relation, owner_id, items)

    @method(f"{prefix}.items.delete")
    def items_delete(call: Call) -> bool:
        return _change(call, relation, _owner_id(call, relation, True), [])

    @method(f"{prefix}.add")
    def add(call: Call) -> bool:
        owner_id = _owner_id(call, relation, True)
        item = _item(relation, call, call.param("fields"))
        current = [i for i in _current(relation, call.portal, owner_id) if i["id"] != item["id"]]
        if item["IS_PRIMARY"]:
            for other in current:
                other["IS_PRIMARY"] = False
        return _change(call, relation, owner_id, [*current, item])

    @method(f"{prefix}.delete")
    def delete(call: Call) -> bool:
        owner_id = _owner_id(call, relation, True)
        fields = call.param("fields") if isinstance(call.param("fields"), dict) else {}
        target_id = str(fields.get(relation.key, ""))
        current = _current(relation, call.portal, owner_id)
        return _change(call, relation, owner_id, [i for i in current if str(i["id"]) != target_id])


for _relation in RELATIONS:
    _register(_relation)
