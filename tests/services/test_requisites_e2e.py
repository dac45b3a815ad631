"""End to end against devportal over real HTTP: its REST (batch, requisites, addresses, bank details,
rights) and its DaData stand-in, through the real PortalClient and the real `dadata` package."""
from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from devportal.dadata_api import DEFAULT_API_KEY
from devportal.testing import running_devportal
from requisites.dadata_source import (BadApiKey, DadataSource, QuotaExhausted, RateLimit, RegistryRateLimited,
                                      RegistryTimeout, RegistryUnavailable, SourceSettings)
from requisites.model import Mode
from services.requisites import Owner, RequisitesService, WriteFailed
from storage.db import open_database
from storage.registry_cache import SqliteRegistryCache
from tests.e2e.e2e_helpers import client_for
from tests.services.requisites_fixtures import MAIN_KEY

pytestmark = pytest.mark.e2e
ACCOUNT = "40702810238000139300"


@pytest.fixture(scope="module")
def devportal():
    with running_devportal(rate=50, burst=500) as handle:
        yield handle


@pytest.fixture
def db(tmp_path):
    database = open_database(str(tmp_path / "e2e.sqlite"))
    yield database
    database.conn.close()


def service_for(devportal, db, user_id=1, key=DEFAULT_API_KEY, dadata_url=None, timeout=5.0) -> RequisitesService:
    url = dadata_url or f"{devportal.base_url}/dadata/suggestions/api/4_1/rs/"
    source = DadataSource(key, cache=SqliteRegistryCache(db), rate_limit=RateLimit(1000),
                          settings=SourceSettings(suggestions_url=url, retries=0, timeout=timeout))
    return RequisitesService(db=db, member_id=devportal.member_id, client=client_for(devportal, user_id),
                             source=source, user_id=user_id)


def portal_state(devportal, company_id):
    requisites = devportal.call("crm.requisite.list", {"filter": {"ENTITY_TYPE_ID": 4, "ENTITY_ID": company_id}})["result"]
    ids = [r["ID"] for r in requisites]
    addresses = devportal.call("crm.address.list", {"filter": {"ENTITY_TYPE_ID": 8, "@ENTITY_ID": ids}})["result"] if ids else []
    banks = devportal.call("crm.requisite.bankdetail.list", {"filter": {"@ENTITY_ID": ids}})["result"] if ids else []
    return requisites, addresses, banks


# What the recorded Sberbank head office (findById/party) and bank (findById/bank) must become on the portal,
# written out by hand from the DaData JSON (dadata.md §3–4) and the field rules (bitrix24-rest.md §7.3–7.5).
SBER_REQUISITE = {
    "RQ_COMPANY_NAME": "ПАО СБЕРБАНК", "RQ_COMPANY_FULL_NAME": "ПУБЛИЧНОЕ АКЦИОНЕРНОЕ ОБЩЕСТВО «СБЕРБАНК РОССИИ»",
    "RQ_INN": "7707083893", "RQ_KPP": "773601001", "RQ_OGRN": "1027700132195", "RQ_OKVED": "64.19",
    "RQ_COMPANY_REG_DATE": "20.06.1991",  # state.registration_date 677376000000 ms
    "RQ_DIRECTOR": "Греф Герман Оскарович", "RQ_CEO_NAME": "Греф Герман Оскарович",
    "RQ_CEO_WORK_POS": "Президент, председатель правления",
}
SBER_LEGAL_ADDRESS = {"ADDRESS_1": "ул Вавилова, д 19", "CITY": "Москва", "POSTAL_CODE": "117312",
                      "PROVINCE": "г Москва", "COUNTRY": "Россия"}
SBER_BANK_DETAIL = {
    "NAME": "ПАО Сбербанк (…9300)", "COUNTRY_ID": "1", "RQ_BANK_NAME": "ПАО СБЕРБАНК", "RQ_BIK": "044525225",
    "RQ_COR_ACC_NUM": "30101810400000000225", "RQ_ACC_NUM": ACCOUNT, "RQ_ACC_CURRENCY": "RUR", "RQ_SWIFT": "SABRRUMM",
    "RQ_BANK_ADDR": "117312, г Москва, Академический р-н, ул Вавилова, д 19",
}
ADDRESS_PARTS = ("ADDRESS_1", "ADDRESS_2", "CITY", "POSTAL_CODE", "REGION", "PROVINCE", "COUNTRY")


def filled(record: dict, names=None) -> dict:
    """The record's non-empty values (of `names`, or its RQ_* fields); RQ_VAT_PAYER "N" is the portal's default."""
    return {k: v for k, v in record.items() if v not in (None, "") and k != "RQ_VAT_PAYER"
            and (k in names if names else k.startswith("RQ_"))}


def test_fill_empty_writes_the_exact_requisite_address_and_bank_detail(devportal, db):
    company = devportal.add("company", {"TITLE": "Сбербанк (e2e)"})
    result = service_for(devportal, db).apply(Owner.company(company), MAIN_KEY, Mode.FILL_EMPTY,
                                              bik="044525225", account=ACCOUNT)
    (requisite,), (address,), (bank,) = portal_state(devportal, company)
    presets = devportal.call("crm.requisite.preset.list", {"select": ["ID", "XML_ID"]})["result"]
    organisation = next(p["ID"] for p in presets if p.get("XML_ID") == "#CRM_REQUISITE_PRESET_DEF_RU_COMPANY#")
    assert result.requisite_id == requisite["ID"]
    assert (requisite["NAME"], requisite["ENTITY_TYPE_ID"], requisite["ENTITY_ID"], requisite["PRESET_ID"]) == (
        "ПАО СБЕРБАНК", "4", str(company), organisation)
    assert filled(requisite) == SBER_REQUISITE
    assert (address["TYPE_ID"], address["ENTITY_TYPE_ID"], address["ENTITY_ID"]) == ("6", "8", requisite["ID"])
    assert filled(address, ADDRESS_PARTS) == SBER_LEGAL_ADDRESS
    assert bank["ENTITY_ID"] == requisite["ID"]
    assert filled(bank, ["NAME", "COUNTRY_ID", *SBER_BANK_DETAIL]) == SBER_BANK_DETAIL
    assert filled(bank) == {k: v for k, v in SBER_BANK_DETAIL.items() if k.startswith("RQ_")}


def test_replace_then_undo_restores_the_previous_records(devportal, db):
    company = devportal.add("company", {"TITLE": "Старые реквизиты"})
    old_id = devportal.call("crm.requisite.add", {"fields": {
        "ENTITY_TYPE_ID": 4, "ENTITY_ID": company, "PRESET_ID": 1, "NAME": "Старый",
        "RQ_INN": "7707083893", "RQ_DIRECTOR": "Иванов Иван Иванович", "RQ_COMPANY_NAME": 'ПАО "Сбер"'}})["result"]
    devportal.call("crm.address.add", {"fields": {"TYPE_ID": 6, "ENTITY_TYPE_ID": 8, "ENTITY_ID": old_id,
                                                  "ADDRESS_1": "ул Старая, д 1", "ADDRESS_2": "офис 5", "CITY": "Москва"}})
    before = portal_state(devportal, company)
    service = service_for(devportal, db)
    service.apply(Owner.company(company), MAIN_KEY, Mode.REPLACE)
    (requisite,), (address,), _ = portal_state(devportal, company)
    assert (requisite["ID"], requisite["NAME"]) == (str(old_id), "Старый")  # updated in place, the user's label kept
    assert filled(requisite) == SBER_REQUISITE
    assert filled(address, ADDRESS_PARTS) == SBER_LEGAL_ADDRESS  # the old office number is gone too
    service.undo_last(Owner.company(company))
    after = portal_state(devportal, company)

    def comparable(state):
        requisites, addresses, banks = state
        drop = {"DATE_MODIFY", "MODIFY_BY_ID"}
        return ([{k: v for k, v in r.items() if k not in drop and v not in ("", None)} for r in requisites],
                [{k: v for k, v in a.items() if v not in ("", None)} for a in addresses], banks)
    assert comparable(after) == comparable(before)


@contextmanager
def dadata_failing(devportal, monkeypatch, failure: str) -> Iterator[dict]:
    """How `service_for` must be called to meet DaData failing that way (devportal's DaData, or no server)."""
    if failure == "bad key":
        yield {"key": "wrong-key"}
    elif failure in ("quota", "rate limit"):  # devportal's DaData counts per key per day and per IP per second
        limit = "DADATA_DAILY_QUOTA" if failure == "quota" else "DADATA_RATE_LIMIT"
        monkeypatch.setitem(devportal.app.config, limit, 0)
        yield {}
    else:
        with socket.socket() as listener:  # "down": nothing listens; "timeout": it listens but never answers
            listener.bind(("127.0.0.1", 0))
            if failure == "timeout":
                listener.listen()
            yield {"dadata_url": f"http://127.0.0.1:{listener.getsockname()[1]}/rs/", "timeout": 0.5}


@pytest.mark.parametrize(("failure", "error"), [("bad key", BadApiKey), ("quota", QuotaExhausted),
                                                ("rate limit", RegistryRateLimited), ("down", RegistryUnavailable),
                                                ("timeout", RegistryTimeout)])
def test_dadata_error_leaves_the_portal_untouched(devportal, db, monkeypatch, failure, error):
    company = devportal.add("company", {"TITLE": f"DaData: {failure}"})
    with dadata_failing(devportal, monkeypatch, failure) as how, pytest.raises(error) as caught:
        service_for(devportal, db, **how).apply(Owner.company(company), MAIN_KEY, Mode.FILL_EMPTY)
    assert caught.value.user_message("ru") and caught.value.user_message("en")
    assert portal_state(devportal, company) == ([], [], []) and db["journal"].count == 0


def test_manager_who_may_not_edit_the_company_sees_the_portals_refusal(devportal, db):
    company = devportal.add("company", {"TITLE": "Чужая компания", "ASSIGNED_BY_ID": 1})
    with pytest.raises(WriteFailed) as caught:
        service_for(devportal, db, user_id=2).apply(Owner.company(company), MAIN_KEY, Mode.FILL_EMPTY)
    assert caught.value.user_message("ru") == "Портал не принял изменения: Недостаточно прав в Битрикс24 для этого действия."
    assert caught.value.user_message("en") == (
        "The portal refused the change: You do not have the Bitrix24 rights needed for this action.")
    assert portal_state(devportal, company) == ([], [], [])
