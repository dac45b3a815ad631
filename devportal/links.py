"""Bindings between CRM objects (contact↔company, lead→contacts, deal→contacts) with SORT/IS_PRIMARY.

Rules from RU crm-contact-company-items-set.md: `items.set` replaces the whole set; when no item is
primary the first one becomes primary; a missing SORT is the previous maximum + 10.
"""
from __future__ import annotations

from typing import Iterable


class Links:
    """owner id -> ordered [{"id": int, "SORT": int, "ROLE_ID": int, "IS_PRIMARY": bool}]."""

    def __init__(self) -> None:
        self._by_owner: dict[int, list[dict]] = {}

    def items(self, owner: int) -> list[dict]:
        return sorted(self._by_owner.get(owner, []), key=lambda item: item["SORT"])

    def targets(self, owner: int) -> list[int]:
        return [item["id"] for item in self.items(owner)]

    def primary(self, owner: int) -> int | None:
        return next((item["id"] for item in self.items(owner) if item["IS_PRIMARY"]), None)

    def owners_of(self, target: int) -> list[int]:
        return [owner for owner, items in self._by_owner.items() if any(i["id"] == target for i in items)]

    def set(self, owner: int, items: Iterable[dict]) -> None:
        result: list[dict] = []
        for item in items:
            if any(existing["id"] == item["id"] for existing in result):
                continue
            sort = item.get("SORT")
            if sort in (None, ""):
                sort = max((i["SORT"] for i in result), default=0) + 10
            result.append({"id": int(item["id"]), "SORT": int(sort), "ROLE_ID": int(item.get("ROLE_ID") or 0),
                           "IS_PRIMARY": bool(item.get("IS_PRIMARY"))})
        if result and not any(i["IS_PRIMARY"] for i in result):
            min(result, key=lambda i: i["SORT"])["IS_PRIMARY"] = True
        primaries = [i for i in result if i["IS_PRIMARY"]]
        for extra in primaries[1:]:
            extra["IS_PRIMARY"] = False
        if result:
            self._by_owner[owner] = result
        else:
            self._by_owner.pop(owner, None)

    def add(self, owner: int, target: int, primary: bool = False) -> None:
        items = self.items(owner)
        if any(i["id"] == target for i in items):
            if primary:
                self.make_primary(owner, target)
            return
        if primary:
            for item in items:
                item["IS_PRIMARY"] = False
        self.set(owner, [*items, {"id": target, "IS_PRIMARY": primary}])

    def make_primary(self, owner: int, target: int) -> None:
        for item in self._by_owner.get(owner, []):
            item["IS_PRIMARY"] = item["id"] == target

    def remove(self, owner: int, target: int) -> None:
        remaining = [i for i in self.items(owner) if i["id"] != target]
        had_primary = any(i["IS_PRIMARY"] for i in remaining)
        if remaining and not had_primary:
            remaining[0]["IS_PRIMARY"] = True
        if remaining:
            self._by_owner[owner] = remaining
        else:
            self._by_owner.pop(owner, None)

    def drop_owner(self, owner: int) -> None:
        self._by_owner.pop(owner, None)

    def drop_target(self, target: int) -> None:
        for owner in self.owners_of(target):
            self.remove(owner, target)


class MirroredLinks:
    """contact→companies and company→contacts kept as one relation seen from both sides."""

    def __init__(self) -> None:
        self.forward = Links()    # contact -> companies
        self.backward = Links()   # company -> contacts

    def set_forward(self, owner: int, items: list[dict]) -> None:
        self._sync(self.forward, self.backward, owner, items)

    def set_backward(self, owner: int, items: list[dict]) -> None:
        self._sync(self.backward, self.forward, owner, items)

    @staticmethod
    def _sync(side: Links, other: Links, owner: int, items: list[dict]) -> None:
        before = set(side.targets(owner))
        side.set(owner, items)
        after = set(side.targets(owner))
        for gone in before - after:
            other.remove(gone, owner)
        for new in after - before:
            other.add(new, owner)

    def link(self, contact: int, company: int, primary: bool = False) -> None:
        self.forward.add(contact, company, primary)
        self.backward.add(company, contact)

    def drop_contact(self, contact: int) -> None:
        for company in self.forward.targets(contact):
            self.backward.remove(company, contact)
        self.forward.drop_owner(contact)

    def drop_company(self, company: int) -> None:
        for contact in self.backward.targets(company):
            self.forward.remove(contact, company)
        self.backward.drop_owner(company)
