"""The true world behind the generated CRM: people, firms and their hard-negative relations.

Names follow a long-tailed (Zipf) popularity like real Russian data: a few very common surnames and
first names, thousands of rare ones; patronymics come from fathers' names. Identifiers are valid
(checksummed INN/OGRN, KPP with the branch reason code 43).
"""
from __future__ import annotations

import itertools
import random
from dataclasses import dataclass, field

COMMON_SURNAMES = """Смирнов Иванов Кузнецов Соколов Попов Лебедев Козлов Новиков Морозов Петров Волков Соловьёв
Васильев Зайцев Павлов Семёнов Голубев Виноградов Богданов Воробьёв Фёдоров Михайлов Беляев Тарасов Белов
Комаров Орлов Киселёв Макаров Андреев Ковалёв Ильин Гусев Титов Кузьмин Кудрявцев Баранов Куликов Алексеев
Степанов Яковлев Сорокин Сергеев Романов Захаров Борисов Королёв Герасимов Пономарёв Григорьев Лазарев
Медведев Ершов Никитин Соболев Рябов Поляков Цветков Данилов Жуков Фролов Журавлёв Николаев Крылов Максимов
Сидоров Осипов Белоусов Федотов Дорофеев Егоров Матвеев Бобров Дмитриев Калинин Анисимов Петухов Антонов
Тимофеев Никифоров Веселов Филиппов Марков Большаков Суханов Миронов Ширяев Александров Коновалов Шестаков
Казаков Ефимов Денисов Громов Фомин Давыдов Мельников Щербаков Блинов Колесников Карпов Афанасьев Власов
Маслов Исаков Тихонов Аксёнов Гаврилов Родионов Котов Горбунов Кудряшов Быков Зуев Третьяков Савельев Панов
Рыбаков Суворов Абрамов Воронов Мухин Архипов Трофимов Мартынов Емельянов Горшков Чернов Овчинников Селезнёв
Панфилов Копылов Михеев Галкин Назаров Лобанов Лукин Беляков Потапов Некрасов Хохлов Жданов Наумов Шилов
Воронцов Ермаков Дроздов Игнатьев Савин Логинов Сафонов Капустин Кириллов Моисеев Елисеев Кошелев Костин
Горбачёв Орехов Ефремов Исаев Евдокимов Калашников Кабанов Носков Юдин Кулагин Лапин Прохоров Нестеров
Харитонов Агафонов Муравьёв Ларионов Федосеев Зимин Пахомов Шубин Игнатов Филатов Крюков Рогов Кулаков
Терентьев Молчанов Владимиров Артемьев Гурьев Зиновьев Гришин Кононов Дементьев Ситников Симонов Мишин
Фадеев Комиссаров Мамонтов Носов Гуляев Шаров Устинов Вишняков Евсеев Лаврентьев Брагин Константинов
Корнилов Авдеев Зыков Бирюков Шарапов Никонов Щукин Дьячков Одинцов Сазонов Якушев Красильников Гордеев
Самойлов Князев Беспалов Уваров Шашков Бобылёв Доронин Белозёров Рожков Самсонов Мясников Лихачёв Буров
Сысоев Фомичёв Русаков Стрелков Гущин Тетерин Колобов Субботин Фокин Блохин Селиверстов Пестов Кондратьев
Силин Меркушев Лыткин Туров Хабибуллин Гарипов Шевченко Бондаренко Ткаченко Кравченко Коваленко
Вишневский Ковальский Островский Добровольский Яблонский Чернецкий Заболоцкий Толстой Трубецкой Донской""".split()
_ROOTS = """берез вишн гор дуб зелен камен клен лесн луг мороз озер пол рыб сад сосн степ чер бел сер крас
жар звон кур лис мед мир нов рус свет сокол тих хват чист шум ясн бор вал глад дол жук зор ив кос лап мох
нит ор пес рог сит тал хол цвет час шир бур гус дят жел звяг кож лом мал нос оль пух рез сух тес ус хлоп
чуд шел щег юр бакл варл гнед добр ерш жмур зуб ковр лыч мокр непр овсян пряд ржан скор трав угл фил""".split()
_SUFFIXES = ["ов", "ев", "ин", "ский", "енко", "ук", "ников", "ович", "аев", "янов", "цов", "ышев"]
_MALE_FIRST = """Александр Сергей Дмитрий Андрей Алексей Максим Иван Евгений Михаил Владимир Артём Николай
Павел Денис Роман Игорь Олег Никита Кирилл Виктор Юрий Антон Илья Вадим Константин Вячеслав Василий Станислав
Руслан Егор Анатолий Владислав Тимур Геннадий Валерий Георгий Борис Григорий Пётр Леонид Фёдор Степан Ярослав
Арсений Даниил Глеб Матвей Тимофей Семён Марк Эдуард Аркадий Ринат Марат Ильдар Рустам Эльдар Богдан Всеволод
Захар Лев Филипп Яков Артур Герман Савелий Мирон Святослав Вениамин Ефим Аристарх Родион Платон Елисей Прохор""".split()
_FEMALE_FIRST = """Елена Ольга Наталья Татьяна Ирина Светлана Анна Мария Екатерина Юлия Анастасия Марина Людмила
Галина Надежда Валентина Оксана Ксения Дарья Виктория Алёна Любовь Лариса Вера Алина Полина Елизавета Софья
Кристина Маргарита Александра Евгения Тамара Нина Валерия Диана Вероника Лидия Жанна Инна Карина Регина
Яна Ульяна Варвара Арина Милана Алсу Гульнара Эльвира Раиса Зоя Антонина Таисия Станислава Снежана Олеся
Злата Василиса Эмилия Есения Агата Мирослава Римма Нелли Ангелина Лилия Владислава""".split()
DIMINUTIVES = {"Александр": ["Саша", "Саня"], "Сергей": ["Серёжа"], "Дмитрий": ["Дима"], "Андрей": ["Андрюша"],
               "Алексей": ["Лёша", "Алеша"], "Иван": ["Ваня"], "Евгений": ["Женя"], "Михаил": ["Миша"],
               "Владимир": ["Вова", "Володя"], "Николай": ["Коля"], "Павел": ["Паша"], "Роман": ["Рома"],
               "Константин": ["Костя"], "Вячеслав": ["Слава"], "Василий": ["Вася"], "Анатолий": ["Толя"],
               "Юрий": ["Юра"], "Виктор": ["Витя"], "Пётр": ["Петя"], "Григорий": ["Гриша"], "Борис": ["Боря"],
               "Елена": ["Лена"], "Ольга": ["Оля"], "Наталья": ["Наташа"], "Татьяна": ["Таня"], "Ирина": ["Ира"],
               "Светлана": ["Света"], "Анна": ["Аня"], "Мария": ["Маша"], "Екатерина": ["Катя"], "Юлия": ["Юля"],
               "Анастасия": ["Настя"], "Людмила": ["Люда"], "Галина": ["Галя"], "Надежда": ["Надя"],
               "Ксения": ["Ксюша"], "Дарья": ["Даша"], "Виктория": ["Вика"], "Александра": ["Саша"],
               "Евгения": ["Женя"], "Валентина": ["Валя"], "Любовь": ["Люба"], "Елизавета": ["Лиза"]}
CITIES = [("Москва", "495"), ("Москва", "499"), ("Санкт-Петербург", "812"), ("Екатеринбург", "343"),
          ("Новосибирск", "383"), ("Казань", "843"), ("Нижний Новгород", "831"), ("Самара", "846"),
          ("Ростов-на-Дону", "863"), ("Краснодар", "861"), ("Пермь", "342"), ("Воронеж", "473"),
          ("Челябинск", "351"), ("Уфа", "347"), ("Тюмень", "3452"), ("Омск", "3812")]
REGION_OF_CITY = {"Москва": "77", "Санкт-Петербург": "78", "Екатеринбург": "66", "Новосибирск": "54",
                  "Казань": "16", "Нижний Новгород": "52", "Самара": "63", "Ростов-на-Дону": "61",
                  "Краснодар": "23", "Пермь": "59", "Воронеж": "36", "Челябинск": "74", "Уфа": "02",
                  "Тюмень": "72", "Омск": "55"}
_TITLE_A = """Альфа Бета Гамма Вектор Прогресс Стандарт Импульс Меридиан Горизонт Орион Атлант Гранит Квант
Ресурс Эталон Союз Восток Сибирь Урал Волга Нева Кристалл Спектр Фаворит Лидер Партнёр Престиж Магистраль
Полюс Зенит Титан Феникс Сфера Альянс Монолит Аврора Радуга Ромашка Василёк Берёзка Лотос Ирис Астра Янтарь
Азимут Акцент Алмаз Арсенал Байкал Бастион Велес Вертикаль Виктория Гарант Гелиос Дельта Диалог Домино Енисей
Заря Изумруд Интеграл Капитал Каскад Кедр Континент Кубань Ладога Магнат Марс Мега Меркурий Мост Нептун Ника
Новатор Норд Омега Оникс Опора Паритет Пульсар Ракурс Рубин Сапфир Север Сигма Синтез Статус Стимул Тайга
Тандем Терра Тонус Триумф Успех Фортуна Хронос Цитадель Эверест Эдельвейс Экспресс Элита Юпитер Ясень""".split()
_TITLE_B = """Строй Торг Снаб Тех Инвест Пром Ком Сервис Логистик Трейд Групп Холдинг Консалт Софт Маркет Агро
Мед Фарм Транс Энерго Мебель Металл Пласт Хим Авто Дом Текстиль Электро Климат Инжиниринг""".split()
_LONG_A = ["Уральский", "Сибирский", "Волжский", "Северный", "Южный", "Центральный", "Московский", "Дальневосточный"]
_LONG_B = ["завод", "комбинат", "научно-производственный центр", "торговый дом", "проектный институт"]
_LONG_C = ["тяжёлого машиностроения", "химического машиностроения", "строительных материалов",
           "металлоконструкций", "точного приборостроения", "энергетического оборудования",
           "медицинского оборудования", "сельскохозяйственной техники"]
_WORDS = ["Плюс", "Групп", "Про", "М", "Центр", "Сити", "Регион", "-2", "Экспорт", "Трейдинг"]


def zipf_weights(n: int, exponent: float = 1.0) -> list[float]:
    return [1.0 / (rank + 1) ** exponent for rank in range(n)]


def female_surname(surname: str) -> str:
    if surname.endswith(("ский", "цкий")):
        return surname[:-2] + "ая"
    if surname.endswith("ой"):
        return surname[:-2] + "ая"
    if surname.endswith(("ов", "ев", "ёв", "ин", "ын")):
        return surname + "а"
    return surname


def gendered_surname(surname: str, female: bool) -> str:
    """The surname of a family member of the other gender: Петров ↔ Петрова, Вишневский ↔ Вишневская."""
    if female:
        return female_surname(surname)
    if surname.endswith("ая"):
        return surname[:-2] + ("ой" if surname[-3] in "гкх" else "ий")
    if surname.endswith(("ова", "ева", "ёва", "ина", "ына")):
        return surname[:-1]
    return surname


def patronymic(father: str, female: bool) -> str:
    irregular = {"Илья": ("Ильич", "Ильинична"), "Никита": ("Никитич", "Никитична"), "Лев": ("Львович", "Львовна"),
                 "Пётр": ("Петрович", "Петровна"), "Павел": ("Павлович", "Павловна"), "Яков": ("Яковлевич", "Яковлевна"),
                 "Фома": ("Фомич", "Фоминична"), "Савва": ("Саввич", "Саввична")}
    if father in irregular:
        return irregular[father][female]
    stem = father
    if stem.endswith("й"):
        stem, male_end, female_end = stem[:-1], "евич", "евна"
    elif stem.endswith("ь"):
        stem, male_end, female_end = stem[:-1], "евич", "евна"
    elif stem.endswith("а"):
        stem, male_end, female_end = stem[:-1], "ич", "ична"
    else:
        male_end, female_end = "ович", "овна"
    return stem + (female_end if female else male_end)


def inn10(rng: random.Random, region: str) -> str:
    body = region + f"{rng.randrange(1, 99):02d}" + f"{rng.randrange(0, 100000):05d}"
    weights = (2, 4, 10, 3, 5, 9, 4, 6, 8)
    return body + str(sum(int(d) * w for d, w in zip(body, weights)) % 11 % 10)


def inn12(rng: random.Random, region: str) -> str:
    body = region + f"{rng.randrange(1, 99):02d}" + f"{rng.randrange(0, 1000000):06d}"
    c1 = sum(int(d) * w for d, w in zip(body, (7, 2, 4, 10, 3, 5, 9, 4, 6, 8))) % 11 % 10
    body += str(c1)
    c2 = sum(int(d) * w for d, w in zip(body, (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8))) % 11 % 10
    return body + str(c2)


def ogrn(rng: random.Random, region: str, entrepreneur: bool) -> str:
    if entrepreneur:
        body = "3" + f"{rng.randrange(4, 24):02d}" + region + f"{rng.randrange(0, 10**9):09d}"
        return body + str(int(body) % 13 % 10)
    body = "1" + f"{rng.randrange(2, 24):02d}" + region + f"{rng.randrange(0, 10**7):07d}"
    return body + str(int(body) % 11 % 10)


@dataclass
class Firm:
    key: str
    form: str                      # ООО, АО, ИП …
    core: str                      # name proper, or the entrepreneur's «Фамилия И.О.»
    city: str
    inn: str
    kpp: str
    ogrn: str
    phones: list[str]              # national numbers (10 digits)
    domain: str = ""
    emails: list[str] = field(default_factory=list)
    head: str = ""                 # for a branch: the head office's key


@dataclass
class Person:
    key: str
    female: bool
    first: str
    middle: str
    last: str
    mobiles: list[str]
    emails: list[str]
    firm: str = ""                 # employer key
    office_phone: str = ""         # employer's line …
    extension: str = ""            # … and the desk's extension


class Numbers:
    """Unique mobile and landline numbers."""

    def __init__(self, rng: random.Random):
        self.rng, self.used = rng, set()

    def mobile(self) -> str:
        return self._unique(lambda: "9" + f"{self.rng.choice((0, 1, 2, 5, 6, 8, 9))}" + f"{self.rng.randrange(10**8):08d}")

    def landline(self, city: str) -> str:
        code = next(code for name, code in CITIES if name == city)
        return self._unique(lambda: code + f"{self.rng.randrange(2 * 10 ** (9 - len(code)), 10 ** (10 - len(code)))}")

    def _unique(self, make) -> str:
        while True:
            number = make()
            if number not in self.used and len(set(number[-7:])) > 1:
                self.used.add(number)
                return number


class Names:
    def __init__(self, rng: random.Random):
        self.rng = rng
        rare = [root.capitalize() + suffix for root, suffix in itertools.product(_ROOTS, _SUFFIXES)]
        rng.shuffle(rare)
        self.surnames = COMMON_SURNAMES + rare
        # Like Russian statistics: the commonest surname ~1.4 %, common ones a third of all, a long tail.
        common = zipf_weights(len(COMMON_SURNAMES), 0.6)
        common = [0.35 * w / sum(common) for w in common]
        self.surname_weights = list(itertools.accumulate(common + [0.65 / len(rare)] * len(rare)))
        self.male_weights = list(itertools.accumulate(zipf_weights(len(_MALE_FIRST), 0.8)))
        self.female_weights = list(itertools.accumulate(zipf_weights(len(_FEMALE_FIRST), 0.8)))

    def surname(self, female: bool) -> str:
        surname = self.rng.choices(self.surnames, cum_weights=self.surname_weights)[0]
        return female_surname(surname) if female else surname

    def first(self, female: bool) -> str:
        if female:
            return self.rng.choices(_FEMALE_FIRST, cum_weights=self.female_weights)[0]
        return self.rng.choices(_MALE_FIRST, cum_weights=self.male_weights)[0]

    def father(self) -> str:
        return self.rng.choices(_MALE_FIRST, cum_weights=self.male_weights)[0]


def firm_core(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.55:
        return rng.choice(_TITLE_A) + rng.choice(_TITLE_B).lower()
    if roll < 0.75:
        return f"{rng.choice(_TITLE_A)}-{rng.choice(_TITLE_B)}"
    if roll < 0.88:
        return f"{rng.choice(_TITLE_A)} {rng.choice(_WORDS)}"
    return f"{rng.choice(_LONG_A)} {rng.choice(_LONG_B)} {rng.choice(_LONG_C)}"


def long_title_sibling(core: str, rng: random.Random) -> str | None:
    """«Уральский завод тяжёлого машиностроения» → «Уральский завод химического машиностроения»."""
    for tail in _LONG_C:
        if core.endswith(tail):
            return core[: -len(tail)] + rng.choice([t for t in _LONG_C if t != tail])
    return None
