"""Generator of the FICTIONAL DaData answers devportal serves beside the recorded real ones.

The recorded examples (copied from shared/reference/examples/dadata/) cover one big bank with a branch
and two LLCs. The app must also handle individual entrepreneurs, liquidated/liquidating/bankrupt/
reorganising companies, missing KPP, long names with nested quotes and banks by BIK — no citable real
answers exist for most of those, so this module makes them up: deterministic (seeded), shaped like the
recorded answers (the address key set is read from the recorded Sberbank file), every INN/OGRN/OGRNIP/
correspondent account built with requisites.checksums so the check digits are valid.

Every generated suggestion carries ``"_fictional": true`` in its ``data``; the file says so at the top.
Any coincidence with a real registration is accidental.

    python -m devportal.dadata_fixtures          # rewrite fixtures/dadata/generated_fictional.json
    python -m devportal.dadata_fixtures --check  # exit 1 if the committed file differs from a fresh run
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import sys
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from requisites.checksums import (
    complete_correspondent_account,
    complete_inn10,
    complete_inn12,
    complete_ogrn,
    complete_ogrnip,
)

FIXTURES_DIR = Path(__file__).parent / "fixtures" / "dadata"
GENERATED_FILE = FIXTURES_DIR / "generated_fictional.json"
SEED = 20240611
_RECORDED_PARTY = FIXTURES_DIR / "find-party_legal-main-and-branch_sberbank.json"
_UUID_NAMESPACE = uuid.UUID("6f0d3a52-6c1e-4b8e-9b7a-5f1c2d3e4f50")  # fixed so ids are reproducible

# region code, region_with_type, region, type, type_full, iso, district, city (None = city is the region),
# postal prefix, timezone, lat, lon
_CITIES = [
    ("77", "г Москва", "Москва", "г", "город", "RU-MOW", "Центральный", None, "1", "UTC+3", 55.75, 37.62),
    ("78", "г Санкт-Петербург", "Санкт-Петербург", "г", "город", "RU-SPE", "Северо-Западный", None, "19", "UTC+3", 59.94, 30.31),
    ("54", "Новосибирская обл", "Новосибирская", "обл", "область", "RU-NVS", "Сибирский", "Новосибирск", "630", "UTC+7", 55.03, 82.92),
    ("66", "Свердловская обл", "Свердловская", "обл", "область", "RU-SVE", "Уральский", "Екатеринбург", "620", "UTC+5", 56.84, 60.61),
    ("16", "Респ Татарстан", "Татарстан", "Респ", "республика", "RU-TA", "Приволжский", "Казань", "420", "UTC+3", 55.79, 49.12),
    ("52", "Нижегородская обл", "Нижегородская", "обл", "область", "RU-NIZ", "Приволжский", "Нижний Новгород", "603", "UTC+3", 56.33, 44.0),
    ("23", "Краснодарский край", "Краснодарский", "край", "край", "RU-KDA", "Южный", "Краснодар", "350", "UTC+3", 45.04, 38.98),
    ("38", "Иркутская обл", "Иркутская", "обл", "область", "RU-IRK", "Сибирский", "Иркутск", "664", "UTC+8", 52.29, 104.28),
]
_STREETS = [("ул", "улица", "Ленина"), ("ул", "улица", "Садовая"), ("пр-кт", "проспект", "Мира"),
            ("ул", "улица", "Заводская"), ("наб", "набережная", "Речная"), ("пер", "переулок", "Тихий"),
            ("ш", "шоссе", "Промышленное"), ("ул", "улица", "Берёзовая")]
_OPF = {
    "ООО": ("12300", "Общество с ограниченной ответственностью"),
    "АО": ("12267", "Непубличное акционерное общество"),
    "ПАО": ("12247", "Публичное акционерное общество"),
    "АНО": ("71400", "Автономная некоммерческая организация"),
    "ИП": ("50102", "Индивидуальный предприниматель"),
    "Филиал": ("30002", "Филиал юридического лица"),
}
_OKVEDS = ["46.90", "62.01", "41.20", "47.11", "49.41", "10.71", "68.20", "70.22", "25.62", "86.23"]
_MALE = (["Иванов", "Смирнов", "Кузнецов", "Попов", "Соколов", "Лебедев", "Козлов", "Новиков"],
         ["Алексей", "Дмитрий", "Сергей", "Андрей", "Михаил", "Павел"],
         ["Андреевич", "Сергеевич", "Викторович", "Олегович", "Петрович"])
_FEMALE = (["Иванова", "Смирнова", "Кузнецова", "Попова", "Соколова", "Морозова", "Волкова"],
           ["Анна", "Елена", "Ольга", "Мария", "Наталья", "Ирина"],
           ["Андреевна", "Сергеевна", "Викторовна", "Олеговна", "Петровна"])


@dataclass
class Org:
    """One fictional organisation as the generator plans it (not the JSON shape)."""
    case: str
    opf: str
    name: str                       # the name without legal form, registry style (upper case)
    status: str = "ACTIVE"
    branches: int = 0
    has_kpp: bool = True
    city: int = 0
    successor_of: list[str] = field(default_factory=list)   # cases whose successor this org is


def _plan() -> list[Org]:
    """The organisations: every case the app must handle, then ordinary ones up to 30+."""
    special = [
        Org("main_with_branches", "ООО", "СЕВЕРНЫЙ ВЕТЕР", branches=3, city=0),
        Org("main_with_branches_2", "АО", "УРАЛЬСКИЕ ЗАВОДЫ ВЫМЫСЛА", branches=2, city=3),
        Org("individual", "ИП", "", city=4),
        Org("individual_2", "ИП", "", city=2),
        Org("individual_liquidated", "ИП", "", status="LIQUIDATED", city=5),
        Org("liquidated", "ООО", "ЗАКРЫТАЯ ЛАВКА", status="LIQUIDATED", city=1),
        Org("liquidated_2", "АО", "ПРОШЛЫЙ ВЕК", status="LIQUIDATED", city=6),
        Org("liquidating", "ООО", "ПОСЛЕДНИЙ ЗВОНОК", status="LIQUIDATING", city=0),
        Org("bankrupt", "ООО", "ДОЛГОВАЯ ЯМА", status="BANKRUPT", city=7),
        Org("reorganizing", "АО", "ПЕРЕСТРОЙКА", status="REORGANIZING", city=2),
        Org("reorganization_successor", "АО", "ПЕРЕСТРОЙКА-НОВАЯ", city=2, successor_of=["reorganizing"]),
        Org("no_kpp", "ООО", "БЕЗ КПП", has_kpp=False, city=0),
        Org("nested_quotes", "ООО", 'ТОРГОВЫЙ ДОМ "ЛЕСНАЯ ПОЛЯНА"', city=1),
        Org("nested_quotes_long", "АО",
            'НАУЧНО-ПРОИЗВОДСТВЕННОЕ ОБЪЕДИНЕНИЕ "ЗВЕЗДА-ИНЖИНИРИНГ" ИМЕНИ АКАДЕМИКА В.В. ВЫМЫШЛЕННОГО '
            'ПО РАЗРАБОТКЕ И ВНЕДРЕНИЮ "УМНЫХ" СИСТЕМ УЧЁТА', city=5),
        Org("nonprofit_guillemets", "АНО", "ЦЕНТР «ДОБРЫЕ ДЕЛА»", city=6),
        Org("public_company", "ПАО", "ВЫМЫШЛЕННАЯ НЕФТЬ", branches=1, city=0),
    ]
    plain_names = ["РОМАШКА", "ВАСИЛЁК", "ТЕХНОПАРК ЛЕСНОЙ", "АЛЬФА-СНАБ", "БЕТА ЛОГИСТИК", "ГАММА СТРОЙ",
                   "ДЕЛЬТА ТРЕЙД", "КЕДР", "МАЯК", "ПРОГРЕСС ПЛЮС", "РУССКИЙ ХЛЕБ", "СИБИРСКИЙ ЛЕС",
                   "ВОЛГА-ТРАНС", "ЯНТАРЬ", "РОМАШКА-ЮГ", "ИНФОСЕРВИС", "ЧИСТЫЙ ДОМ", "ЗЕЛЁНЫЙ САД"]
    plain = [Org(f"active_{i + 1}", "ООО" if i % 3 else "АО", name, city=i % len(_CITIES))
             for i, name in enumerate(plain_names)]
    return special + plain


def _ms(day: dt.date) -> int:
    return int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp()) * 1000


def _fio(rng: random.Random) -> dict:
    surnames, names, patronymics = rng.choice([_MALE, _FEMALE])
    gender = "MALE" if surnames is _MALE[0] else "FEMALE"
    surname, name, patronymic = rng.choice(surnames), rng.choice(names), rng.choice(patronymics)
    return {"surname": surname, "name": name, "patronymic": patronymic, "gender": gender,
            "source": f"{surname} {name} {patronymic}".upper(), "qc": None}


def _uuid(*parts: str) -> str:
    return str(uuid.uuid5(_UUID_NAMESPACE, "|".join(parts)))


def _address_keys() -> list[str]:
    recorded = json.loads(_RECORDED_PARTY.read_text(encoding="utf-8"))
    return list(recorded["suggestions"][0]["data"]["address"]["data"])


def _address(rng: random.Random, city_index: int, tax_office: str, city_only: bool = False) -> dict:
    """An address object shaped like DaData's (all keys of the recorded one, the relevant ones filled)."""
    code, region_with_type, region, rtype, rtype_full, iso, district, city, postal, tz, lat, lon = _CITIES[city_index]
    city_name = city or region
    city_with_type = f"г {city_name}"
    data = dict.fromkeys(_address_keys())
    region_fias = _uuid("region", code)
    city_fias = region_fias if city is None else _uuid("city", code, city_name)
    postal_code = (postal + "".join(rng.choice("0123456789") for _ in range(6)))[:6]
    data.update(country="Россия", country_iso_code="RU", federal_district=district, region_fias_id=region_fias,
                region_kladr_id=f"{code}00000000000", region_iso_code=iso, region_with_type=region_with_type,
                region_type=rtype, region_type_full=rtype_full, region=region, city_fias_id=city_fias,
                city_kladr_id=f"{code}000001000000"[:13] if city else f"{code}00000000000",
                city_with_type=city_with_type, city_type="г", city_type_full="город", city=city_name,
                capital_marker="2" if city else "0", tax_office=tax_office, tax_office_legal=tax_office,
                timezone=tz, geo_lat=f"{lat + rng.uniform(-0.05, 0.05):.7f}",
                geo_lon=f"{lon + rng.uniform(-0.05, 0.05):.7f}", qc="0", fias_actuality_state="0")
    prefix = city_with_type if city is None else f"{region_with_type}, {city_with_type}"
    if city_only:  # DaData publishes only the registration city of an individual entrepreneur
        data.update(fias_id=city_fias, fias_level="4" if city else "1", kladr_id=data["city_kladr_id"],
                    source=city_with_type.upper(), qc_geo="4")
        return {"value": city_with_type, "unrestricted_value": prefix, "data": data}
    stype, stype_full, street = rng.choice(_STREETS)
    house = str(rng.randint(1, 120))
    house_fias = _uuid("house", code, city_name, street, house)
    data.update(postal_code=postal_code, street_fias_id=_uuid("street", code, city_name, street),
                street_with_type=f"{stype} {street}", street_type=stype, street_type_full=stype_full, street=street,
                house_fias_id=house_fias, house_type="д", house_type_full="дом", house=house, fias_id=house_fias,
                fias_level="8", qc_geo="0",
                source=f"{postal_code}, {region.upper()}, {city_name.upper()}, {stype_full.upper()} {street.upper()}, {house}")
    short = f"{city_with_type}, {stype} {street}, д {house}"
    return {"value": short, "unrestricted_value": f"{postal_code}, {prefix}, {stype} {street}, д {house}", "data": data}


@dataclass
class _Ids:
    inn: str
    ogrn: str
    kpp: str | None
    tax_office: str


def _legal_ids(rng: random.Random, org: Org, year: int) -> _Ids:
    region = _CITIES[org.city][0]
    tax_office = region + f"{rng.randint(1, 40):02d}"
    inn = complete_inn10(tax_office + f"{rng.randint(0, 99999):05d}")
    ogrn = complete_ogrn("1" + f"{year % 100:02d}" + region + tax_office[2:] + f"{rng.randint(0, 99999):05d}")
    return _Ids(inn, ogrn, tax_office + "01001" if org.has_kpp else None, tax_office)


def _individual_ids(rng: random.Random, org: Org, year: int) -> _Ids:
    region = _CITIES[org.city][0]
    tax_office = region + f"{rng.randint(1, 40):02d}"
    inn = complete_inn12(tax_office + f"{rng.randint(0, 999999):06d}")
    ogrnip = complete_ogrnip("3" + f"{year % 100:02d}" + region + f"{rng.randint(0, 999999999):09d}")
    return _Ids(inn, ogrnip, None, tax_office)


def _state(rng: random.Random, status: str, registered: dt.date) -> dict:
    liquidated = registered + dt.timedelta(days=rng.randint(900, 4000)) if status == "LIQUIDATED" else None
    return {"status": status, "code": None, "actuality_date": _ms(dt.date(2024, 6, 1)),
            "registration_date": _ms(registered), "liquidation_date": _ms(liquidated) if liquidated else None}


def _quoted(name: str) -> str:
    """Registry style: a name ending in a quoted part keeps ONE closing quote (ПАО "НК "РОСНЕФТЬ")."""
    return f'"{name}' if name.endswith('"') else f'"{name}"'


def _party_base(rng: random.Random, ids: _Ids, registered: dt.date) -> dict:
    """Keys every party answer has, in the recorded files' order; the caller fills the rest."""
    return {"kpp": ids.kpp, "kpp_largest": None, "capital": None, "invalid": None, "management": None,
            "founders": None, "managers": None, "predecessors": None, "successors": None,
            "branch_type": None, "branch_count": None, "source": None, "qc": None,
            "hid": hashlib.sha256(f"fictional|{ids.inn}|{ids.kpp}".encode()).hexdigest(),
            "type": "LEGAL", "state": None, "opf": None, "name": None, "inn": ids.inn, "ogrn": ids.ogrn,
            "okpo": f"{rng.randint(0, 99999999):08d}", "okato": None, "oktmo": None, "okogu": None, "okfs": None,
            "okved": rng.choice(_OKVEDS), "okveds": None, "authorities": None, "documents": None,
            "licenses": None, "finance": None, "address": None, "phones": None, "emails": None,
            "ogrn_date": _ms(registered), "okved_type": "2014", "employee_count": None,
            "fio": None, "citizenship": None, "_fictional": True}


def _opf(short: str) -> dict:
    code, full = _OPF[short]
    return {"type": "2014", "code": code, "full": full, "short": short}


def _legal_party(rng: random.Random, org: Org, ids: _Ids, registered: dt.date) -> dict:
    data = _party_base(rng, ids, registered)
    opf = _opf(org.opf)
    boss = _fio(rng)
    data.update(management={"name": f"{boss['surname']} {boss['name']} {boss['patronymic']}",
                            "post": "ГЕНЕРАЛЬНЫЙ ДИРЕКТОР", "start_date": _ms(registered), "disqualified": None},
                branch_type="MAIN", branch_count=org.branches, state=_state(rng, org.status, registered), opf=opf,
                name={"full_with_opf": f"{opf['full'].upper()} {_quoted(org.name)}",
                      "short_with_opf": f"{org.opf} {_quoted(org.name)}", "latin": None,
                      "full": org.name, "short": org.name},
                address=_address(rng, org.city, ids.tax_office),
                okato=f"{_CITIES[org.city][0]}{rng.randint(0, 999999999):09d}",
                oktmo=f"{_CITIES[org.city][0]}{rng.randint(0, 999999999):09d}", okogu="4210014", okfs="16")
    return data


def _branch_party(rng: random.Random, main: dict, number: int) -> dict:
    """A branch: same INN and OGRN as its head office, own KPP (reason 43) and address."""
    city = (rng.randrange(len(_CITIES)))
    tax_office = _CITIES[city][0] + f"{rng.randint(1, 40):02d}"
    ids = _Ids(main["inn"], main["ogrn"], f"{tax_office}43{number:03d}", tax_office)
    data = _party_base(rng, ids, dt.date(2000, 1, 1))
    title = f"ФИЛИАЛ № {number} {main['name']['short_with_opf']}"
    data.update(branch_type="BRANCH", branch_count=0, okpo=None, okved=None, okved_type=None, ogrn_date=None,
                state={**main["state"], "registration_date": None}, opf=_opf("Филиал"),
                name={"full_with_opf": title, "short_with_opf": title, "latin": None, "full": title, "short": title},
                address=_address(rng, city, tax_office))
    return data


def _individual_party(rng: random.Random, org: Org, ids: _Ids, registered: dt.date) -> dict:
    data = _party_base(rng, ids, registered)
    fio = _fio(rng)
    full_name = f"{fio['surname']} {fio['name']} {fio['patronymic']}"
    data.update(type="INDIVIDUAL", state=_state(rng, org.status, registered), opf=_opf("ИП"), fio=fio,
                name={"full_with_opf": f"Индивидуальный предприниматель {full_name}",
                      "short_with_opf": f"ИП {full_name}", "latin": None, "full": full_name, "short": None},
                citizenship={"code": {"numeric": 643, "alpha_3": "RUS"},
                             "name": {"full": "Российская Федерация", "short": "Россия"}},
                address=_address(rng, org.city, ids.tax_office, city_only=True))
    return data


def _suggestion(data: dict) -> dict:
    value = data["name"]["short_with_opf"] or data["name"]["full_with_opf"]
    return {"value": value, "unrestricted_value": value, "data": data}


def generate_parties(rng: random.Random) -> tuple[list[dict], dict[str, str]]:
    """Party suggestions (each head office followed by its branches) and case name -> INN."""
    suggestions: list[dict] = []
    cases: dict[str, str] = {}
    by_case: dict[str, dict] = {}
    for org in _plan():
        registered = dt.date(rng.randint(2003, 2021), rng.randint(1, 12), rng.randint(1, 28))
        if org.opf == "ИП":
            data = _individual_party(rng, org, _individual_ids(rng, org, registered.year), registered)
        else:
            data = _legal_party(rng, org, _legal_ids(rng, org, registered.year), registered)
        for predecessor_case in org.successor_of:
            _link_succession(by_case[predecessor_case], data)
        by_case[org.case] = data
        cases[org.case] = data["inn"]
        suggestions.append(_suggestion(data))
        suggestions += [_suggestion(_branch_party(rng, data, n + 1)) for n in range(org.branches)]
    return suggestions, cases


def _link_succession(predecessor: dict, successor: dict) -> None:
    def ref(data: dict) -> dict:
        return {"ogrn": data["ogrn"], "inn": data["inn"], "name": data["name"]["full_with_opf"]}
    predecessor["successors"] = [ref(successor)]
    successor["predecessors"] = [ref(predecessor)]


# bank name, BIK region+division ("4525" Moscow), bank number within the division, SWIFT, branches
_BANKS = [
    ("СЕВЕРНЫЙ КРЕДИТ", "4525", 731, "SVKRRUMM", 1),
    ("ВОЛЖСКИЙ РАСЧЁТНЫЙ", "4030", 612, None, 0),
    ("СИБИРСКИЙ ВЫМЫШЛЕННЫЙ БАНК", "5004", 877, "SVBNRU2N", 0),
    ("УРАЛЬСКИЙ КАЗНАЧЕЙ", "6577", 409, None, 0),
    ("ЮЖНЫЙ ПЕРЕВОД", "0349", 555, None, 0),
]
_BANK_CITY = {"4525": 0, "4030": 1, "5004": 2, "6577": 3, "0349": 6}


def _bank(rng: random.Random, name: str, bik: str, inn: str, kpp: str, swift: str | None,
          opf_type: str, city: int) -> dict:
    registered = dt.date(rng.randint(1990, 2005), rng.randint(1, 12), rng.randint(1, 28))
    payment_city = f"г {_CITIES[city][7] or _CITIES[city][2]}"
    data = {"opf": {"type": opf_type, "full": None, "short": None},
            "name": {"payment": name.upper(), "full": None, "short": name},
            "bic": bik, "swift": swift, "inn": inn, "kpp": kpp, "okpo": None,
            "correspondent_account": complete_correspondent_account(bik), "treasury_accounts": None,
            "registration_number": str(rng.randint(100, 3500)), "payment_city": payment_city,
            "state": {"status": "ACTIVE", "code": None, "actuality_date": _ms(dt.date(2024, 6, 1)),
                      "registration_date": _ms(registered), "liquidation_date": None},
            "rkc": None, "cbr": None, "address": _address(rng, city, kpp[:4]), "phones": None, "_fictional": True}
    return {"value": name, "unrestricted_value": name, "data": data}


def generate_banks(rng: random.Random) -> tuple[list[dict], dict[str, str]]:
    """Bank suggestions (head offices, then a branch sharing the INN under its own BIK) and case -> BIK."""
    suggestions, cases = [], {}
    for index, (title, division, number, swift, branches) in enumerate(_BANKS):
        city = _BANK_CITY[division]
        tax_office = _CITIES[city][0] + f"{rng.randint(1, 40):02d}"
        inn = complete_inn10(tax_office + f"{rng.randint(0, 99999):05d}")
        bik = f"04{division}{number:03d}"
        name = f'АО "{title}"'
        suggestions.append(_bank(rng, name, bik, inn, tax_office + "01001", swift, "BANK", city))
        cases[f"bank_{index + 1}"] = bik
        for n in range(branches):
            branch_city = (city + 2 + n) % len(_CITIES)
            branch_bik = f"04{_bank_division(branch_city)}{number + 1 + n:03d}"
            branch_kpp = _CITIES[branch_city][0] + f"{rng.randint(1, 40):02d}" + "43001"
            suggestions.append(_bank(rng, f"ФИЛИАЛ {name} В Г {_CITIES[branch_city][7] or _CITIES[branch_city][2]}".upper(),
                                     branch_bik, inn, branch_kpp, None, "BANK_BRANCH", branch_city))
            cases[f"bank_{index + 1}_branch"] = branch_bik
    return suggestions, cases


def _bank_division(city: int) -> str:
    """BIK digits 3–6 for a city without a bank in _BANKS: region code + division "01"."""
    return next((division for division, c in _BANK_CITY.items() if c == city), _CITIES[city][0] + "01")


def generate(seed: int = SEED) -> dict:
    """The whole fixture document; same seed, same document (byte for byte once dumped)."""
    rng = random.Random(seed)
    parties, party_cases = generate_parties(rng)
    banks, bank_cases = generate_banks(rng)
    return {"_fictional": True,
            "_note": "FICTIONAL organisations and banks made up by devportal/dadata_fixtures.py for tests and "
                     "the demo. Check digits are valid; any match with a real registration is accidental.",
            "_seed": seed,
            "cases": {**party_cases, **bank_cases},
            "party": parties,
            "bank": banks}


def dump(document: dict) -> str:
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    text = dump(generate())
    if "--check" in argv:
        same = GENERATED_FILE.exists() and GENERATED_FILE.read_text(encoding="utf-8") == text
        print("up to date" if same else f"{GENERATED_FILE} differs from a fresh run", file=sys.stderr)
        return 0 if same else 1
    GENERATED_FILE.write_text(text, encoding="utf-8")
    print(f"wrote {GENERATED_FILE}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
