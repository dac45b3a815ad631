"""End to end against devportal over real HTTP: its REST (batch, requisites, addresses, bank details,
rights) and its DaData stand-in, through the real PortalClient and the real `dadata` package."""
from __future__ import annotations

import pytest

from devportal.dadata_api import DEFAULT_API_KEY
from devportal.testing import running_devportal
from requisites.dadata_source import BadApiKey, DadataSource, RateLimit, SourceSettings
from requisites.mapping import map_bank, map_party
from requisites.model import Mode
from services.requisites import Owner, RequisitesService, WriteFailed
from storage.db import open_database
from storage.registry_cache import SqliteRegistryCache
from tests.e2e.e2e_helpers import client_for
from tests.services.requisites_fixtures import BANK, MAIN_KEY, SBER
from requisites.candidates import build_candidates

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


def service_for(devportal, db, user_id=1, key=DEFAULT_API_KEY) -> RequisitesService:
    source = DadataSource(key, cache=SqliteRegistryCache(db), rate_limit=RateLimit(1000),
                          settings=SourceSettings(suggestions_url=f"{devportal.base_url}/dadata/suggestions/api/4_1/rs/",
                                                  retries=0))
    return RequisitesService(db=db, member_id=devportal.member_id, client=client_for(devportal, user_id),
                             source=source, user_id=user_id)


def portal_state(devportal, company_id):
    requisites = devportal.call("crm.requisite.list", {"filter": {"ENTITY_TYPE_ID": 4, "ENTITY_ID": company_id}})["result"]
    ids = [r["ID"] for r in requisites]
    addresses = devportal.call("crm.address.list", {"filter": {"ENTITY_TYPE_ID": 8, "@ENTITY_ID": ids}})["result"] if ids else []
    banks = devportal.call("crm.requisite.bankdetail.list", {"filter": {"@ENTITY_ID": ids}})["result"] if ids else []
    return requisites, addresses, banks


def expected_main():
    return map_party(build_candidates(SBER["suggestions"])[0])


def test_fill_empty_writes_the_exact_requisite_address_and_bank_detail(devportal, db):
    company = devportal.add("company", {"TITLE": "Сбербанк (e2e)"})
    result = service_for(devportal, db).apply(Owner.company(company), MAIN_KEY, Mode.FILL_EMPTY,
                                              bik="044525225", account=ACCOUNT)
    (requisite,), (address,), (bank,) = portal_state(devportal, company)
    proposal = expected_main()
    assert result.requisite_id == requisite["ID"]
    assert {k: requisite[k] for k in proposal.requisite} == dict(proposal.requisite)
    assert requisite["NAME"] == "ПАО СБЕРБАНК" and requisite["ENTITY_TYPE_ID"] == "4"
    presets = devportal.call("crm.requisite.preset.list", {"select": ["ID", "XML_ID"]})["result"]
    organisation = next(p["ID"] for p in presets if p.get("XML_ID") == "#CRM_REQUISITE_PRESET_DEF_RU_COMPANY#")
    assert requisite["PRESET_ID"] == organisation
    assert address["TYPE_ID"] == "6" and address["ENTITY_ID"] == requisite["ID"]
    assert {k: address[k] for k in proposal.address} == dict(proposal.address)
    assert not address.get("ADDRESS_2") and not address.get("REGION")
    expected_bank, _ = map_bank(BANK["suggestions"][0], ACCOUNT)
    assert {k: bank[k] for k in expected_bank} == expected_bank and bank["ENTITY_ID"] == requisite["ID"]


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
    assert requisite["RQ_DIRECTOR"] == "Греф Герман Оскарович" and requisite["RQ_KPP"] == "773601001"
    assert address["ADDRESS_1"] == "ул Вавилова, д 19" and not address.get("ADDRESS_2")
    service.undo_last(Owner.company(company))
    after = portal_state(devportal, company)

    def comparable(state):
        requisites, addresses, banks = state
        drop = {"DATE_MODIFY", "MODIFY_BY_ID"}
        return ([{k: v for k, v in r.items() if k not in drop and v not in ("", None)} for r in requisites],
                [{k: v for k, v in a.items() if v not in ("", None)} for a in addresses], banks)
    assert comparable(after) == comparable(before)


def test_dadata_error_leaves_the_portal_untouched(devportal, db):
    company = devportal.add("company", {"TITLE": "Без ключа"})
    before = portal_state(devportal, company)
    with pytest.raises(BadApiKey):
        service_for(devportal, db, key="wrong-key").apply(Owner.company(company), MAIN_KEY, Mode.FILL_EMPTY)
    assert portal_state(devportal, company) == before == ([], [], [])


def test_manager_who_may_not_edit_the_company_sees_the_portals_refusal(devportal, db):
    company = devportal.add("company", {"TITLE": "Чужая компания", "ASSIGNED_BY_ID": 1})
    with pytest.raises(WriteFailed) as caught:
        service_for(devportal, db, user_id=2).apply(Owner.company(company), MAIN_KEY, Mode.FILL_EMPTY)
    assert caught.value.user_message("ru") == "Портал не принял изменения: Недостаточно прав в Битрикс24 для этого действия."
    assert caught.value.user_message("en") == (
        "The portal refused the change: You do not have the Bitrix24 rights needed for this action.")
    assert portal_state(devportal, company) == ([], [], [])
