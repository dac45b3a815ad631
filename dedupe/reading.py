"""The CLI's input side: JSON Lines exports → normalised Records, using every core the machine has.

Normalising a contact (name, phones, mailboxes, sites) is most of a run's CPU time, and every row is
independent of the others, so the contacts file is cut at line ends into chunks of a few megabytes,
each read by whichever process is free: the forked workers (parallel.py) from the start, this one
once it has read the companies and the leads. The records come back in file order, so a run gives
the same clusters on one core or many.
"""
from __future__ import annotations

import os
from collections.abc import Iterator
from functools import cache, partial

import orjson                          # parses a 200k-record export several times faster than json

from dedupe.emails import Email
from dedupe.identifiers import LegalId
from dedupe.model import CONTACT, Record
from dedupe.names import PersonName
from dedupe.parallel import ChunkPool, split_evenly
from dedupe.phones import Phone
from dedupe.records import contact_records, lead_record, legal_ids_by_owner, read_companies, read_records
from dedupe.titles import CompanyTitle

# Below this size a file is read in this process: forking would cost more than it saves.
PARALLEL_MIN_BYTES = 8 << 20
_BOM = b"\xef\xbb\xbf"


class InputError(ValueError):
    """An input file that cannot be read as JSON Lines of CRM records; `key` and `values` name the
    message, which the CLI words in the user's language."""

    def __init__(self, key: str, **values):
        super().__init__(key, values)
        self.key, self.values = key, values

    def __reduce__(self):                       # raised in a worker process, re-raised in the reader
        return _input_error, (self.key, self.values)


def _input_error(key: str, values: dict) -> InputError:
    return InputError(key, **values)


def read_json_lines(path: str | None, start: int = 0, end: int | None = None) -> Iterator[dict]:
    """Rows of a JSON Lines file, or of the lines that begin in bytes [start, end); a line holding a
    list response yields its `result` rows."""
    if not path:
        return
    with open(path, "rb") as handle:
        handle.seek(start)
        position = start
        for offset, line in enumerate(handle):
            if end is not None and position >= end:
                break
            position += len(line)
            if start == 0 and offset == 0 and line.startswith(_BOM):
                line = line[3:]                # a BOM left by Windows editors
            if len(line) < 8 and not line.strip():     # blank lines; a record is never this short
                continue
            try:
                value = orjson.loads(line)
            except ValueError as error:
                raise InputError("bad_json", path=path, line=_line_number(path, start, offset),
                                 error=error) from None
            if value.__class__ is dict and "ID" in value:
                yield value                               # the usual line: one record
                continue
            rows = value["result"] if isinstance(value, dict) and isinstance(value.get("result"), list) else [value]
            for row in rows:
                if not isinstance(row, dict):
                    raise InputError("not_record", path=path, line=_line_number(path, start, offset),
                                     kind=type(row).__name__)
                yield row


def _line_number(path: str, start: int, offset: int) -> int:
    """The 1-based number of the line `offset` lines after byte `start` (only asked for an error)."""
    before = 0
    with open(path, "rb") as handle:
        remaining = start
        while remaining > 0:
            block = handle.read(min(remaining, 1 << 20))
            if not block:
                break
            before += block.count(b"\n")
            remaining -= len(block)
    return before + offset + 1


def line_ranges(path: str, parts: int) -> list[tuple[int, int]]:
    """`parts` byte ranges of about equal size, each starting at the beginning of a line (a range may be empty)."""
    size = os.path.getsize(path)
    cuts = [0]
    with open(path, "rb") as handle:
        for start, _ in split_evenly(size, parts)[1:]:
            handle.seek(max(cuts[-1], start))
            if handle.tell() > 0:
                handle.seek(handle.tell() - 1)
                handle.readline()               # to the end of the line the cut fell into
            cuts.append(min(handle.tell(), size))
    cuts.append(size)
    return list(zip(cuts, cuts[1:]))


# The contacts file is cut into chunks of about this size, taken by whichever process is free: small
# enough that the processes finish within a chunk of each other, large enough that its overhead is nil.
CHUNK_BYTES = 4 << 20


def read_inputs(contacts: str | None, companies: str | None, leads: str | None, requisites: str | None,
                cores: int = 1) -> list[Record]:
    """All inputs as Records in the engine's order (companies, contacts, leads), the contacts file read
    on up to `cores` processes (see parallel.py for when forking is safe). The workers start at once
    with the requisites alone (a contact's company title is added when its record comes back); this
    process meanwhile reads the companies and the leads, then takes its share of the contacts' chunks."""
    size = _size(contacts)
    if not (contacts and cores > 1 and size >= PARALLEL_MIN_BYTES):
        return read_records(read_json_lines(contacts), read_json_lines(companies), read_json_lines(leads),
                            read_json_lines(requisites))
    chunks = line_ranges(contacts, max(cores, size // CHUNK_BYTES))

    def read_chunk(chunk: int, legal: dict, titles: dict[str, CompanyTitle]) -> list[Record]:
        return contact_records(read_json_lines(contacts, *chunks[chunk]), legal, titles)

    @cache                                      # read once in each worker, on its first chunk
    def contacts_own_requisites() -> dict:
        return legal_ids_by_owner(read_json_lines(requisites))

    def read_in_worker(chunk: int) -> list[Record]:     # the contacts' own requisites are all it needs
        return read_chunk(chunk, contacts_own_requisites(), {})

    with ChunkPool(len(chunks), cores - 1, read_in_worker,
                   pack=lambda records: [_plain(record) for record in records]) as pool:
        legal, firms, titles = read_companies(read_json_lines(companies), read_json_lines(requisites))
        lead_records = [lead_record(row) for row in read_json_lines(leads)]
        parts = pool.all_results(partial(read_chunk, legal=legal, titles=titles),
                                 unpack=lambda plain: _restore(plain, titles))
    return firms + [record for part in parts for record in part] + lead_records


def _size(path: str | None) -> int:
    return os.path.getsize(path) if path else 0


def _plain(record: Record) -> tuple:
    """A contact Record as builtin tuples (marshal takes no NamedTuple); its company title is not sent,
    the reader looks it up again."""
    return (record.id, tuple(record.name), record.company_id, tuple(map(tuple, record.phones)),
            tuple(map(tuple, record.emails)), record.domains, tuple(map(tuple, record.legal_ids)), record.city)


# The Record fields after `city` are never set on a contact: their defaults, in field order.
_CONTACT_TAIL = tuple(Record._field_defaults[field] for field in Record._fields[Record._fields.index("city") + 1:])


def _restore(plain: list[tuple], titles: dict[str, CompanyTitle]) -> list[Record]:
    new = tuple.__new__           # NamedTuple construction without the Python-level __new__: 0.7 → 0.3 s per 100k
    person, phone, email, legal = (partial(new, kind) for kind in (PersonName, Phone, Email, LegalId))
    return [new(Record, (CONTACT, record_id, person(name), titles.get(company_id), company_id,
                         tuple(map(phone, phones)), tuple(map(email, emails)), domains,
                         tuple(map(legal, legal_ids)), city) + _CONTACT_TAIL)
            for record_id, name, company_id, phones, emails, domains, legal_ids, city in plain]
