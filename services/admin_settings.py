"""The portal admin's settings for requisites: the DaData API key and the auto-fill rules, in `portal_settings`.

The key is write-only: it is stored and used, but nothing here ever returns it — the settings view says
only whether a key is set and whose it is (this portal's or the server's default). A new key is tried
on DaData before it is kept, so a typo is caught while the admin is still on the page.

Who may change settings is decided by the portal: `is_portal_admin` asks `user.admin` with the user's
own token ("может ли текущий пользователь управлять настройками приложений", RU rest_help/general/user_admin).
"""
from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

import sqlite_utils

from bitrix_client import PortalClient
from requisites.dadata_source import (DADATA_KEY_SETTING, BadApiKey, DadataSource, NoApiKey, RegistryError,
                                      resolve_api_key)
from requisites.model import Message, RequisitesError
from services.requisites.sources import INN_FIELD_SETTING, shared_dadata_limit, source_settings
from storage.settings import delete_setting, get_setting, set_setting

AUTOFILL_LEADS_SETTING = "requisites_autofill_leads"  # fill new leads from the registry by their INN: on/off
KEY_PROBE_INN = "7707083893"  # a real, long-lived INN (ПАО Сбербанк): any valid key finds it
_KEY_SHAPE = re.compile(r"[\x21-\x7e]{8,128}")  # printable ASCII without spaces; DaData keys are 40 hex digits
_USER_FIELD = re.compile(r"UF_CRM_[A-Z0-9_]{1,50}")


class InvalidSetting(RequisitesError, ValueError):
    """The admin's input cannot be stored; nothing was changed."""


@dataclass(frozen=True)
class FieldChoice:
    id: str
    title: str


@dataclass(frozen=True)
class SettingsView:
    dadata_key_source: str | None          # "portal" | "server" | None — never the key itself
    inn_field: str | None
    inn_field_choices: list[FieldChoice]
    autofill_leads: bool
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def is_portal_admin(client: PortalClient) -> bool:
    """The portal's own answer for the token's user; anything but a plain true means no."""
    return client.call("user.admin") is True


def company_user_fields(client: PortalClient) -> list[FieldChoice]:
    """The company's user fields that can hold text (an INN), from `crm.company.fields`."""
    described = client.call("crm.company.fields") or {}
    choices = []
    for name, info in described.items():
        info = info if isinstance(info, Mapping) else {}
        if name.startswith("UF_CRM_") and info.get("type") in ("string", "integer", "double") \
                and not info.get("isMultiple"):
            title = next((str(info[k]) for k in ("formLabel", "listLabel", "title") if info.get(k)), name)
            choices.append(FieldChoice(name, title))
    return sorted(choices, key=lambda c: c.id)


def dadata_key_source(db: sqlite_utils.Database, member_id: str, config: Mapping[str, Any]) -> str | None:
    if get_setting(db, member_id, DADATA_KEY_SETTING):
        return "portal"
    try:
        resolve_api_key(None, config.get("DADATA_API_KEY"))
    except NoApiKey:
        return None
    return "server"


def settings_view(db: sqlite_utils.Database, member_id: str, config: Mapping[str, Any], client: PortalClient, *,
                  choices: list[FieldChoice] | None = None, warnings: list[str] | None = None) -> SettingsView:
    return SettingsView(
        dadata_key_source=dadata_key_source(db, member_id, config),
        inn_field=get_setting(db, member_id, INN_FIELD_SETTING) or None,
        inn_field_choices=company_user_fields(client) if choices is None else choices,
        autofill_leads=bool(get_setting(db, member_id, AUTOFILL_LEADS_SETTING, False)),
        warnings=list(warnings or []),
    )


# ---------------------------------------------------------------- changing them

KeyProbe = Callable[[str], None]


def probe_key_on_dadata(config: Mapping[str, Any], db: sqlite_utils.Database) -> KeyProbe:
    """One uncached lookup with the new key; raises the adapter's RegistryError (BadApiKey for a wrong key)."""
    def probe(api_key: str) -> None:
        DadataSource(api_key, cache=None, settings=source_settings(config, retries=0),
                     shared_limit=shared_dadata_limit(db)).find_party(KEY_PROBE_INN)
    return probe


def _checked_inn_field(value: Any, choices: list[FieldChoice]) -> str | None:
    name = str(value or "").strip().upper()
    if not name:
        return None
    if not _USER_FIELD.fullmatch(name) or name not in {c.id for c in choices}:
        raise InvalidSetting(Message(f"У компаний нет пользовательского поля {name[:60]} для ИНН.",
                                     f"Companies have no user field {name[:60]} for an INN."))
    return name


def _checked_key(value: Any, probe: KeyProbe, lang: str) -> tuple[str, list[str]]:
    key = str(value).strip()
    if not _KEY_SHAPE.fullmatch(key):
        raise InvalidSetting(Message("Ключ DaData — это строка без пробелов из латинских букв и цифр.",
                                     "A DaData key is a string of Latin letters and digits without spaces."))
    try:
        probe(key)
    except BadApiKey:
        raise InvalidSetting(Message("DaData не приняла этот ключ. Проверьте, что он скопирован целиком.",
                                     "DaData did not accept this key. Check that it was copied in full.")) from None
    except RegistryError as error:  # DaData busy or down, quota spent: the key may well be right
        note = Message("Ключ сохранён, но проверить его сейчас не удалось: ", "The key is saved but could not be "
                       "checked right now: ")
        return key, [note.text(lang) + error.user_message(lang)]
    return key, []


def update_settings(db: sqlite_utils.Database, member_id: str, config: Mapping[str, Any], client: PortalClient,
                    changes: Mapping[str, Any], *, probe: KeyProbe | None = None, lang: str = "ru") -> SettingsView:
    """Apply the fields present in `changes` (dadata_api_key, clear_dadata_api_key, inn_field,
    autofill_leads). Everything is checked before anything is stored."""
    warnings: list[str] = []
    updates: dict[str, Any] = {}
    choices = company_user_fields(client)
    if "autofill_leads" in changes:
        if not isinstance(changes["autofill_leads"], bool):
            raise InvalidSetting(Message("Правило автозаполнения — да или нет.", "The auto-fill rule is yes or no."))
        updates[AUTOFILL_LEADS_SETTING] = changes["autofill_leads"]
    if "inn_field" in changes:
        updates[INN_FIELD_SETTING] = _checked_inn_field(changes["inn_field"], choices)
    if changes.get("dadata_api_key"):
        updates[DADATA_KEY_SETTING], warnings = _checked_key(changes["dadata_api_key"],
                                                             probe or probe_key_on_dadata(config, db), lang)
    elif changes.get("clear_dadata_api_key") is True:
        updates[DADATA_KEY_SETTING] = None
    for key, value in updates.items():
        if value is None:
            delete_setting(db, member_id, key)
        else:
            set_setting(db, member_id, key, value)
    return settings_view(db, member_id, config, client, choices=choices, warnings=warnings)
