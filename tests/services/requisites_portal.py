"""An in-memory Bitrix24 portal for the requisites service tests, reached through `responses`.

It implements only what the requisites service calls, the way bitrix24-rest.md §4, §7 describe it:
`batch` with PHP-bracket `cmd` strings and `$result[...]` resolved after parsing (an unresolvable
path keeps the partial value, as CRestUtil::processBatchElement does), `halt`, `result_error`;
list methods with equality / `@` (IN) / `>ID` filters, `start=-1`, 50 rows; `crm.requisite.*`,
`crm.address.*` (no ids: TYPE_ID+ENTITY_TYPE_ID+ENTITY_ID), `crm.requisite.bankdetail.*`,
`crm.requisite.preset.list`, `crm.company.get/list`, `crm.contact.get`. Deleting a requisite deletes its addresses and
bank details. Every executed method is logged, with how many journal rows existed at that moment.
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import responses

from bitrix_client.encoding import parse_query

CLIENT_ENDPOINT = "https://portal.example.ru/rest/"
PAGE = 50
_REFERENCE = re.compile(r"\$result((?:\[[^\]]+\])+)")
_PART = re.compile(r"\[([^\]]+)\]")
PRESETS = [
    {"ID": "21", "NAME": "Организация", "XML_ID": "#CRM_REQUISITE_PRESET_DEF_RU_COMPANY#", "COUNTRY_ID": "1",
     "ACTIVE": "Y", "SORT": "500"},
    {"ID": "22", "NAME": "ИП", "XML_ID": "#CRM_REQUISITE_PRESET_DEF_RU_INDIVIDUAL#", "COUNTRY_ID": "1",
     "ACTIVE": "Y", "SORT": "500"},
]


class ApiFailure(Exception):
    def __init__(self, code: str, description: str = "", status: int = 400):
        super().__init__(code)
        self.code, self.description, self.status = code, description, status


def _matches(record: dict, conditions: dict) -> bool:
    for key, wanted in conditions.items():
        if not key.startswith("@") and isinstance(wanted, (dict, list)):
            raise ApiFailure("INVALID_FILTER", f"filter {key} must be a scalar")
        if key.startswith("@"):
            values = wanted.values() if isinstance(wanted, dict) else wanted
            if str(record.get(key[1:])) not in {str(v) for v in values}:
                return False
        elif key.startswith(">"):
            if int(record.get(key[1:]) or 0) <= int(wanted):
                return False
        elif str(record.get(key)) != str(wanted):
            return False
    return True


class RequisitesPortal:
    def __init__(self, journal_rows: Callable[[], int] = lambda: 0):
        self.presets = [dict(p) for p in PRESETS]
        self.companies: dict[str, dict] = {}
        self.contacts: dict[str, dict] = {}
        self.requisites: dict[str, dict] = {}
        self.addresses: list[dict] = []
        self.bank_details: dict[str, dict] = {}
        self.next_id = 100
        self.http_requests = 0
        self.log: list[tuple[str, int]] = []   # (method, journal rows at that moment)
        self.batches: list[list[str]] = []       # the methods of each batch request, in order
        self.refuse: dict[str, str] = {}        # method -> error code it answers with
        self.journal_rows = journal_rows

    # ------------------------------------------------------------ wiring

    def register(self, mock: responses.RequestsMock) -> None:
        mock.add_callback(responses.POST, re.compile(re.escape(CLIENT_ENDPOINT) + r"([\w.]+)"),
                          callback=self._http, content_type="application/json")

    def _http(self, request) -> tuple[int, dict, str]:
        self.http_requests += 1
        method = request.url[len(CLIENT_ENDPOINT):]
        body = json.loads(request.body or b"{}")
        body.pop("auth", None)
        try:
            result = self._batch(body) if method == "batch" else self.execute(method, body)
        except ApiFailure as failure:
            return failure.status, {}, json.dumps({"error": failure.code, "error_description": failure.description})
        return 200, {}, json.dumps({"result": result, "time": {}}, ensure_ascii=False)

    def _batch(self, body: dict) -> dict:
        self.batches.append([command.partition("?")[0] for command in (body.get("cmd") or {}).values()])
        results: dict[str, Any] = {}
        errors: dict[str, Any] = {}
        for key, command in (body.get("cmd") or {}).items():
            method, _, query = command.partition("?")
            try:
                results[key] = self.execute(method, self._resolve(parse_query(query), results))
            except ApiFailure as failure:
                errors[key] = {"error": failure.code, "error_description": failure.description}
                if int(body.get("halt") or 0):
                    break
        return {"result": results or [], "result_error": errors or [], "result_total": [], "result_next": [],
                "result_time": []}

    def _resolve(self, value: Any, results: dict) -> Any:
        if isinstance(value, dict):
            return {k: self._resolve(v, results) for k, v in value.items()}
        match = _REFERENCE.fullmatch(value) if isinstance(value, str) else None
        if match is None:
            return value
        node: Any = results
        for part in _PART.findall(match.group(1)):
            try:
                node = node[int(part) if isinstance(node, list) else part]
            except (KeyError, IndexError, TypeError, ValueError):
                break
        return node

    # ------------------------------------------------------------ methods

    def execute(self, method: str, params: dict) -> Any:
        self.log.append((method, self.journal_rows()))
        if method in self.refuse:
            raise ApiFailure(self.refuse[method], "Access denied." if "ACCESS" in self.refuse[method] else "refused",
                             403 if "ACCESS" in self.refuse[method] else 400)
        handler = getattr(self, "_" + method.replace(".", "_"), None)
        if handler is None:
            raise ApiFailure("ERROR_METHOD_NOT_FOUND", "Method not found!", 404)
        return handler(params)

    def _new_id(self) -> str:
        self.next_id += 1
        return str(self.next_id)

    def _list(self, rows: list[dict], params: dict) -> list[dict]:
        conditions = dict(params.get("filter") or {})
        found = sorted((r for r in rows if _matches(r, conditions)), key=lambda r: int(r.get("ID") or 0))
        select = params.get("select")
        if select:
            names = set(select.values() if isinstance(select, dict) else select)
            found = [{k: v for k, v in r.items() if k in names or "*" in names} for r in found]
        start = int(params.get("start") or 0)
        return found[max(start, 0):max(start, 0) + PAGE]

    def _crm_requisite_preset_list(self, params):
        return self._list(self.presets, params)

    def _crm_company_get(self, params):
        company = self.companies.get(str(params.get("id")))
        if company is None:
            raise ApiFailure("NOT_FOUND", "Not found", 400)
        return company

    def _crm_contact_get(self, params):
        contact = self.contacts.get(str(params.get("id")))
        if contact is None:
            raise ApiFailure("NOT_FOUND", "Not found", 400)
        return contact

    def _crm_company_list(self, params):
        return self._list(list(self.companies.values()), params)

    def _crm_requisite_list(self, params):
        return self._list(list(self.requisites.values()), params)

    def _crm_requisite_add(self, params):
        fields = {k: str(v) if v is not None else None for k, v in (params.get("fields") or {}).items()}
        for required in ("ENTITY_TYPE_ID", "ENTITY_ID", "PRESET_ID", "NAME"):
            if not fields.get(required):
                raise ApiFailure("ERROR_CORE", f"{required} is required")
        new_id = self._new_id()
        self.requisites[new_id] = {"ID": new_id, **fields}
        return int(new_id)

    def _crm_requisite_update(self, params):
        requisite = self.requisites.get(str(params.get("id")))
        if requisite is None:
            raise ApiFailure("ERROR_CORE", "The Requisite with ID is not found")
        requisite.update({k: str(v) for k, v in (params.get("fields") or {}).items()})
        return True

    def _crm_requisite_delete(self, params):
        requisite_id = str(params.get("id"))
        if self.requisites.pop(requisite_id, None) is None:
            raise ApiFailure("ERROR_CORE", "The Requisite with ID is not found")
        self.addresses = [a for a in self.addresses if not (a["ENTITY_TYPE_ID"] == "8" and a["ENTITY_ID"] == requisite_id)]
        self.bank_details = {k: b for k, b in self.bank_details.items() if b["ENTITY_ID"] != requisite_id}
        return True

    def _address_key(self, fields: dict) -> tuple[str, str, str]:
        key = tuple(str(fields.get(k) or "") for k in ("TYPE_ID", "ENTITY_TYPE_ID", "ENTITY_ID"))
        if not all(key) or not key[2].isdigit():
            raise ApiFailure("ERROR_CORE", "TYPE_ID, ENTITY_TYPE_ID and ENTITY_ID are required")
        return key

    def _find_address(self, key):
        return next((a for a in self.addresses if (a["TYPE_ID"], a["ENTITY_TYPE_ID"], a["ENTITY_ID"]) == key), None)

    def _crm_address_list(self, params):
        return self._list(self.addresses, params)

    def _crm_address_add(self, params):
        fields = params.get("fields") or {}
        key = self._address_key(fields)
        requisite = self.requisites.get(key[2])
        if requisite is None or self._find_address(key) is not None:
            raise ApiFailure("ERROR_CORE", "owner not found or address exists")
        self.addresses.append({**{k: str(v) for k, v in fields.items()}, "ANCHOR_TYPE_ID": requisite["ENTITY_TYPE_ID"],
                               "ANCHOR_ID": requisite["ENTITY_ID"]})
        return True

    def _crm_address_update(self, params):
        fields = params.get("fields") or {}
        address = self._find_address(self._address_key(fields))
        if address is None:
            raise ApiFailure("ERROR_CORE", "address not found")
        address.update({k: str(v) for k, v in fields.items()})
        return True

    def _crm_address_delete(self, params):
        address = self._find_address(self._address_key(params.get("fields") or {}))
        if address is None:
            raise ApiFailure("ERROR_CORE", "address not found")
        self.addresses.remove(address)
        return True

    def _crm_requisite_bankdetail_list(self, params):
        return self._list(list(self.bank_details.values()), params)

    def _crm_requisite_bankdetail_add(self, params):
        fields = {k: str(v) for k, v in (params.get("fields") or {}).items()}
        if fields.get("ENTITY_ID") not in self.requisites or not fields.get("NAME"):
            raise ApiFailure("ERROR_CORE", "ENTITY_ID and NAME are required")
        new_id = self._new_id()
        self.bank_details[new_id] = {"ID": new_id, **fields}
        return int(new_id)

    def _crm_requisite_bankdetail_update(self, params):
        detail = self.bank_details.get(str(params.get("id")))
        if detail is None:
            raise ApiFailure("ERROR_CORE", "not found")
        detail.update({k: str(v) for k, v in (params.get("fields") or {}).items()})
        return True

    def _crm_requisite_bankdetail_delete(self, params):
        if self.bank_details.pop(str(params.get("id")), None) is None:
            raise ApiFailure("ERROR_CORE", "not found")
        return True

    # ------------------------------------------------------------ helpers for tests

    def add_company(self, company_id: str, **fields) -> None:
        self.companies[company_id] = {"ID": company_id, "TITLE": f"Company {company_id}", **fields}

    def add_requisite(self, owner_type: int, owner_id: str, **fields) -> str:
        return str(self._crm_requisite_add({"fields": {"ENTITY_TYPE_ID": owner_type, "ENTITY_ID": owner_id,
                                                       "PRESET_ID": "21", "NAME": "Организация", **fields}}))

    def add_address(self, requisite_id: str, type_id: str = "6", **parts) -> None:
        self._crm_address_add({"fields": {"TYPE_ID": type_id, "ENTITY_TYPE_ID": "8", "ENTITY_ID": requisite_id, **parts}})

    def requisites_of(self, owner_type: int, owner_id: str) -> list[dict]:
        return [r for r in self.requisites.values()
                if r["ENTITY_TYPE_ID"] == str(owner_type) and r["ENTITY_ID"] == str(owner_id)]

    def address_of(self, requisite_id: str, type_id: str = "6") -> dict | None:
        return self._find_address((type_id, "8", str(requisite_id)))

    def methods(self) -> list[str]:
        return [m for m, _ in self.log]

    def state(self) -> str:
        """Everything the portal holds, to compare before/after."""
        return json.dumps([self.requisites, sorted(self.addresses, key=json.dumps), self.bank_details],
                          sort_keys=True, ensure_ascii=False)
