"""The DaData stand-in's data: the bundled answers, looked up the way DaData's endpoints do.

Sources, all in fixtures/dadata/: recorded real answers (`find-party_*.json`, `find-bank_*.json` are
whole responses; `find-party-data-only_*.json` are bare `data` objects, wrapped here into suggestions)
and the generated fictional set (`generated_fictional.json`). Pure lookups, no HTTP.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from devportal.dadata_fixtures import FIXTURES_DIR, GENERATED_FILE

_WORD = re.compile(r"[0-9a-zа-я]+")


def _normalise(text: str) -> str:
    return text.lower().replace("ё", "е")


def _words(*texts: str | None) -> list[str]:
    return [w for t in texts if t for w in _WORD.findall(_normalise(t))]


def _wrap(data: dict) -> dict:
    name = data.get("name") or {}
    value = name.get("short_with_opf") or name.get("full_with_opf") or ""
    return {"value": value, "unrestricted_value": value, "data": data}


@dataclass(frozen=True)
class PartyFilter:
    """The `findById/party` / `suggest/party` body filters (dadata.md §2)."""
    kpp: str | None = None
    branch_type: str | None = None
    type: str | None = None
    status: tuple[str, ...] = ()

    def accepts(self, data: dict) -> bool:
        if self.kpp is not None and data.get("kpp") != self.kpp:
            return False
        if self.branch_type is not None and data.get("branch_type") != self.branch_type:
            return False
        if self.type is not None and data.get("type") != self.type:
            return False
        status = (data.get("state") or {}).get("status")
        return not self.status or status in self.status


class Directory:
    """All party and bank suggestions devportal can answer with."""

    def __init__(self, parties: Sequence[dict], banks: Sequence[dict]):
        self.parties = list(parties)
        self.banks = list(banks)
        self._party_words = [self._party_haystack(s) for s in self.parties]

    @classmethod
    def from_fixtures(cls, folder: Path = FIXTURES_DIR) -> Directory:
        parties: list[dict] = []
        banks: list[dict] = []
        for path in sorted(folder.glob("find-party_*.json")):
            parties += _load(path)["suggestions"]
        for path in sorted(folder.glob("find-party-data-only_*.json")):
            parties.append(_wrap(_load(path)))
        for path in sorted(folder.glob("find-bank_*.json")):
            banks += _load(path)["suggestions"]
        generated = folder / GENERATED_FILE.name
        if generated.exists():
            document = _load(generated)
            parties += document["party"]
            banks += document["bank"]
        return cls(parties, banks)

    # -- findById/party: exact INN or OGRN (KPP too, as DaData allows), head office first
    def find_party(self, query: str, flt: PartyFilter, count: int) -> list[dict]:
        query = query.strip()
        found = [s for s in self.parties
                 if query in (s["data"].get("inn"), s["data"].get("ogrn"), s["data"].get("kpp"))
                 and flt.accepts(s["data"])]
        found.sort(key=lambda s: s["data"].get("branch_type") == "BRANCH")
        return found[:count]

    # -- suggest/party: every query word must start a word of the name, INN, OGRN, address or FIO
    def suggest_party(self, query: str, flt: PartyFilter, count: int) -> list[dict]:
        wanted = _words(query)
        if not wanted:
            return []
        found = [s for s, haystack in zip(self.parties, self._party_words)
                 if all(any(word.startswith(w) for word in haystack) for w in wanted) and flt.accepts(s["data"])]
        # active head offices before the rest, like DaData ranks them (order within a group: fixture order)
        found.sort(key=lambda s: ((s["data"].get("state") or {}).get("status") != "ACTIVE",
                                  s["data"].get("branch_type") == "BRANCH"))
        return found[:count]

    # -- findById/bank: exact BIC, SWIFT, INN or registration number; `kpp` picks a branch
    def find_bank(self, query: str, kpp: str | None, count: int) -> list[dict]:
        query = query.strip()
        keys = ("bic", "swift", "inn", "registration_number")
        found = [s for s in self.banks
                 if query in (s["data"].get(k) for k in keys) and (kpp is None or s["data"].get("kpp") == kpp)]
        return found[:count]

    @staticmethod
    def _party_haystack(suggestion: dict) -> list[str]:
        data = suggestion["data"]
        name = data.get("name") or {}
        fio = data.get("fio") or {}
        address = data.get("address") or {}
        return _words(suggestion.get("value"), name.get("full_with_opf"), name.get("short_with_opf"),
                      data.get("inn"), data.get("ogrn"), address.get("value"),
                      fio.get("surname"), fio.get("name"), fio.get("patronymic"))


def _load(path: Path) -> dict | list:
    return json.loads(path.read_text(encoding="utf-8"))


def status_filter(raw: object) -> tuple[str, ...]:
    """DaData takes `status` as an array; a single string is accepted too."""
    if raw is None:
        return ()
    values: Iterable[object] = [raw] if isinstance(raw, str) else raw if isinstance(raw, list) else []
    return tuple(str(v) for v in values)
