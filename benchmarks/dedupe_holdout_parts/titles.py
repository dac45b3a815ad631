"""Company names for the hold-out generator: legal forms, the names themselves, and the many ways
a title gets written in a CRM (quotes of every kind, form before or after, full form, capitals, the
city appended, quotes doubled by a CSV import).
"""
from __future__ import annotations

import random
import re

from benchmarks.dedupe_holdout_parts.text import pick_weighted

LEGAL_FORMS = {  # short form -> (full form, weight among organisations)
    "ООО": ("Общество с ограниченной ответственностью", 64),
    "АО": ("Акционерное общество", 10),
    "ПАО": ("Публичное акционерное общество", 2),
    "ЗАО": ("Закрытое акционерное общество", 4),
    "ОАО": ("Открытое акционерное общество", 2),
    "НКО": ("Некоммерческая организация", 1),
    "АНО": ("Автономная некоммерческая организация", 1.5),
}

_COMMON = """Ромашка Вектор Альфа Омега Гранит Импульс Прогресс Меридиан Горизонт Олимп Радуга Спектр Сфера
Кристалл Монолит Атлант Пегас Фортуна Стимул Квант Аксиома Лидер Эталон Стандарт Партнёр Контур Орион Вега
Феникс Сигма Дельта Гамма Зенит Юпитер Тандем Альянс Мегаполис Континент Регион Магистраль Исток Родник
Берёзка Василёк Колос Нива Заря Восход Рассвет Маяк Парус Компас Витязь Богатырь Держава Факел Искра Рубин
Изумруд Янтарь Малахит Агат Топаз Алмаз Сапфир Каскад Вертикаль Диалог Интеграл Формула Синтез Потенциал
Ресурс Капитал Актив Гарант Статус Престиж Успех Триумф Форвард Старт Прайм Элита Премьер Атриум Эверест
Эльбрус Байкал Алтай Амур Волга Нева Кама Енисей Урал Сибирь Север Полюс Тайга Светоч Гелиос Титан""".split()
_PREFIXES = """Строй Техно Пром Энерго Агро Транс Мед Инвест Торг Снаб Авто Электро Инфо Софт Дор Лес Хим Фарм
Эко Спец Гео Нефте Газ Металл Тех Мега Евро Рос Сиб Урал Волго Нева Балт Кам Сев Юг Даль Гидро Тепло Вент
Кабель Пласт Бетон Кран Пищ Арт Бизнес Цифра""".split()
_SUFFIXES = """Сервис Строй Торг Снаб Маркет Трейд Групп Холдинг Инвест Проект Монтаж Комплект Технологии Системы
Ресурс Логистик Транс Пром Тех Лайн Плюс Стандарт Центр Альянс Эксперт Консалт Девелопмент Энерго Капитал
Поставка Сбыт Импорт""".split()
# Adjectives in three genders; nouns with their gender.
_REGION_ADJ = (("Уральский", "Уральская", "Уральское"), ("Сибирский", "Сибирская", "Сибирское"),
               ("Северо-Западный", "Северо-Западная", "Северо-Западное"), ("Волжский", "Волжская", "Волжское"),
               ("Дальневосточный", "Дальневосточная", "Дальневосточное"), ("Центральный", "Центральная", "Центральное"),
               ("Южный", "Южная", "Южное"), ("Московский", "Московская", "Московское"),
               ("Межрегиональный", "Межрегиональная", "Межрегиональное"), ("Первый", "Первая", "Первое"),
               ("Национальный", "Национальная", "Национальное"), ("Объединённый", "Объединённая", "Объединённое"),
               ("Балтийский", "Балтийская", "Балтийское"), ("Поволжский", "Поволжская", "Поволжское"))
_KIND_ADJ = (("Строительный", "Строительная", "Строительное"), ("Транспортный", "Транспортная", "Транспортное"),
             ("Энергетический", "Энергетическая", "Энергетическое"), ("Логистический", "Логистическая", "Логистическое"),
             ("Торговый", "Торговая", "Торговое"), ("Промышленный", "Промышленная", "Промышленное"),
             ("Инвестиционный", "Инвестиционная", "Инвестиционное"), ("Медицинский", "Медицинская", "Медицинское"),
             ("Топливный", "Топливная", "Топливное"), ("Инженерный", "Инженерная", "Инженерное"),
             ("Производственный", "Производственная", "Производственное"))
_NOUNS = (("Завод", 0), ("Компания", 1), ("Группа", 1), ("Предприятие", 2), ("Центр", 0), ("Дом", 0),
          ("Комбинат", 0), ("Холдинг", 0), ("Корпорация", 1), ("Агентство", 2), ("Объединение", 2), ("Фабрика", 1))
_SPECS = ("Металлоконструкций", "Металлоизделий", "Строительных Материалов", "Медицинских Технологий",
          "Промышленного Оборудования", "Кровельных Материалов", "Инженерных Систем", "Отделочных Материалов",
          "Бытовой Техники", "Спецтехники", "Упаковочных Решений", "Климатического Оборудования",
          "Транспортных Решений", "Офисной Мебели", "Детских Товаров", "Складской Техники")
# Near neighbours for "similar long titles": a different company whose name differs by one word.
NEAR_WORDS = {"Металлоконструкций": "Металлоизделий", "Металлоизделий": "Металлоконструкций",
              "Строительных Материалов": "Строительных Технологий", "Инженерных Систем": "Инженерных Сетей",
              "Компания": "Корпорация", "Корпорация": "Компания", "Группа": "Компания", "Завод": "Комбинат",
              "Комбинат": "Завод", "Центр": "Дом", "Северо-Западная": "Северная", "Уральская": "Южно-Уральская",
              "Уральский": "Южно-Уральский", "Сибирская": "Западно-Сибирская", "Сибирский": "Западно-Сибирский",
              "Офисной Мебели": "Офисной Техники", "Бытовой Техники": "Бытовой Химии",
              "Промышленного Оборудования": "Промышленной Автоматики"}
NEAR_SUFFIXES = (" Плюс", "-М", " Групп", "-Юг", " 2", "-Регион", " Инвест", "-Центр")
SISTER_SUFFIXES = (" Логистик", "-Трейд", " Девелопмент", " Сервис", " Регион", "-Снаб", " Управляющая компания")


def make_core(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.10:
        return rng.choice(_COMMON)
    if roll < 0.62:
        prefix, suffix = rng.choice(_PREFIXES), rng.choice(_SUFFIXES)
        if rng.random() < 0.2:
            prefix += rng.choice(_PREFIXES)
        join = pick_weighted(rng, (("camel", 5), ("hyphen", 3), ("lower", 3)))
        if join == "hyphen":
            return f"{prefix}-{suffix}"
        return prefix + (suffix if join == "camel" else suffix.lower())
    if roll < 0.80:
        noun, gender = rng.choice(_NOUNS)
        return f"{rng.choice(_REGION_ADJ)[gender]} {rng.choice(_KIND_ADJ)[gender]} {noun}"
    if roll < 0.93:
        noun, gender = rng.choice(_NOUNS)
        return f"{rng.choice(_REGION_ADJ)[gender]} {noun} {rng.choice(_SPECS)}"
    return f"{rng.choice(_COMMON)}-{rng.choice(_SUFFIXES)}"


def near_core(rng: random.Random, core: str) -> str:
    """A different company's name that differs from `core` by one word or a short tail."""
    words = [w for w in NEAR_WORDS if w in core]
    if words and rng.random() < 0.7:
        word = rng.choice(words)
        return core.replace(word, NEAR_WORDS[word], 1)
    return core + rng.choice(NEAR_SUFFIXES)


_QUOTES = (('"', '"', 30), ("«", "»", 30), ("“", "”", 4), ("„", "“", 1), ("'", "'", 2), ('""', '""', 1))
_ORG_STYLES = (("{s} {q}", 40), ("{s} {n}", 14), ("{n} {s}", 6), ("{n}, {s}", 4), ("{f} {q}", 5),
               ("{F} {Q}", 3), ("{q}", 5), ("{n}", 12), ("{q} {s}", 2), ("{s}{q}", 2), ("{lower}", 2),
               ("{s} {q} ({city})", 2), ("{s} {q} г. {city}", 1), ("{S} {Q}", 3))


def org_title(rng: random.Random, form: str, core: str, city: str, style: str | None = None) -> str:
    """How a manager writes the company `form` + `core` in the card's TITLE."""
    left, right = pick_weighted(rng, tuple((f"{a}\u0000{b}", w) for a, b, w in _QUOTES)).split("\u0000")
    full = LEGAL_FORMS[form][0]
    return (style or pick_weighted(rng, _ORG_STYLES)).format(
        s=form, S=form, n=core, q=f"{left}{core}{right}", Q=f'"{core.upper()}"', f=full, F=full.upper(),
        lower=f"{form} {core}".lower(), city=city)


def requisite_names(form: str, core: str) -> tuple[str, str]:
    """RQ_COMPANY_NAME and RQ_COMPANY_FULL_NAME the way registry-filled requisites carry them."""
    return f'{form} "{core.upper()}"', f'{LEGAL_FORMS[form][0].upper()} "{core.upper()}"'


_IP_STYLES = (("ИП {l} {f} {m}", 30), ("ИП {l} {fi}.{mi}.", 20), ("ИП {l} {fi}. {mi}.", 10),
              ("Индивидуальный предприниматель {l} {f} {m}", 8), ("{l} {f} {m} ИП", 6),
              ("{L} {F} {M}, ИП", 3), ("ИП {L} {F} {M}", 5), ("{l} {fi}.{mi}., ИП", 3), ("ИП {l}", 4))


def ip_title(rng: random.Random, last: str, first: str, middle: str, style: str | None = None) -> str:
    return (style or pick_weighted(rng, _IP_STYLES)).format(
        l=last, f=first, m=middle, fi=first[0], mi=middle[0], L=last.upper(), F=first.upper(), M=middle.upper())


IP_WEAK_STYLE = "ИП {l}"


def title_key(core: str) -> str:
    """The name with case, ё, spaces, hyphens and quotes gone: «Евро-Системы» and «ЕвроСистемы» are one name."""
    return re.sub(r"[^0-9a-zа-я]", "", core.lower().replace("ё", "е"))
