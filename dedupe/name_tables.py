"""Russian first names with their gender and everyday short forms.

One line per full name: `Full m|f: short forms…`. A short form may belong to several full names
(Саша → Александр and Александра, Слава → Вячеслав, Владислав, Ярослав …); names.py keeps all of them
and gender decides later. Spelling variants of one name (Наталья/Наталия) are listed as short forms.
"""
from __future__ import annotations

_TABLE = """
Александр m: саша саня шура шурик санек алекс сашка
Алексей m: леша алеша лешка алекс алексий
Анатолий m: толя толик
Андрей m: андрюша андрюха дрон
Антон m: антоша тоша
Аркадий m: аркаша
Арсений m: арсен сеня
Артем m: тема артемка
Богдан m: бодя
Борис m: боря
Вадим m: вадик
Валентин m: валя
Валерий m: валера
Василий m: вася
Виктор m: витя витек
Виталий m: виталик витя
Владимир m: вова володя вовка вован
Владислав m: влад слава владик
Всеволод m: сева
Вячеслав m: слава славик
Геннадий m: гена
Георгий m: жора гоша
Герман m: гера
Глеб m: глебушка
Григорий m: гриша
Давид m: дава
Даниил m: даня данила данил
Денис m: дэн дениска
Дмитрий m: дима митя димка
Евгений m: женя женек
Егор m: егорка
Иван m: ваня ванька ванюша
Игорь m: игорек
Илья m: илюша
Иннокентий m: кеша
Кирилл m: киря кир
Константин m: костя
Лев m: лева
Леонид m: леня
Максим m: макс
Марк m: марик
Матвей m: мотя матвейка
Михаил m: миша мишаня
Никита m: никитка
Николай m: коля
Олег m: олежка
Павел m: паша павлик
Петр m: петя
Роман m: рома
Руслан m: русик
Святослав m: слава свят
Семен m: сеня
Сергей m: сережа серега серж
Станислав m: стас слава
Степан m: степа
Тимофей m: тима
Тимур m: тима
Федор m: федя
Филипп m: филя
Эдуард m: эдик
Юрий m: юра
Ярослав m: слава ярик
Яков m: яша
Эльдар m:
Ренат m:
Рустам m:
Артур m:
Ринат m:
Марат m:
Наиль m:
Азат m:
Ильдар m:
Айдар m:
Тагир m:
Вагиз m:
Ибрагим m:
Мурат m:
Заур m:
Альберт m: алик
Эрик m:
Ян m:
Захар m:
Мирон m:
Савелий m: сава
Александра f: саша шура сашка
Алена f: аленка
Алина f:
Алла f:
Анастасия f: настя стася настена ася
Ангелина f: геля
Анна f: аня анюта нюра анечка
Антонина f: тоня
Валентина f: валя
Валерия f: лера
Вера f: верочка
Вероника f: ника
Виктория f: вика
Галина f: галя
Дарья f: даша дария
Диана f:
Евгения f: женя
Екатерина f: катя катюша
Елена f: лена леночка
Елизавета f: лиза
Жанна f:
Зинаида f: зина
Зоя f:
Инна f:
Ирина f: ира
Карина f:
Кира f:
Кристина f: кристи
Ксения f: ксюша
Лариса f: лара
Лидия f: лида
Любовь f: люба
Людмила f: люда мила
Маргарита f: рита
Марина f:
Мария f: маша маня марья
Милана f:
Надежда f: надя
Наталья f: наташа наталия ната
Нина f:
Оксана f:
Ольга f: оля
Полина f: поля
Раиса f: рая
Светлана f: света
Софья f: соня софия
Таисия f: тася
Тамара f: тома
Татьяна f: таня
Ульяна f: уля
Эльвира f:
Юлия f: юля
Яна f:
Алсу f:
Гульнара f: гуля
Динара f:
Лейла f:
Регина f:
Эльмира f:
Василиса f:
Варвара f: варя
Злата f:
Арина f:
Есения f:
Станислава f: стася слава
Владислава f: влада
Ярослава f: яся
Снежана f:
Олеся f: леся
Эмилия f:
Камила f:
"""


def _parse(table: str) -> tuple[dict[str, str], dict[str, frozenset[str]]]:
    """→ (full name → gender, any form → the full names it may stand for)."""
    genders: dict[str, str] = {}
    forms: dict[str, set[str]] = {}
    for line in table.strip().splitlines():
        head, _, tail = line.partition(":")
        full, gender = head.rsplit(" ", 1)
        full = full.lower().replace("ё", "е")
        genders[full] = gender
        for form in [full, *tail.split()]:
            forms.setdefault(form.replace("ё", "е"), set()).add(full)
    return genders, {form: frozenset(fulls) for form, fulls in forms.items()}


def _group_ids(forms: dict[str, frozenset[str]]) -> dict[str, str]:
    """Full names joined through a shared short form (Саша: Александр ~ Александра) → one group id.

    Used only as a blocking key, so a coarse group is fine; scoring compares the exact sets.
    """
    parent: dict[str, str] = {}

    def root(name: str) -> str:
        while parent.setdefault(name, name) != name:
            name = parent[name]
        return name

    for fulls in forms.values():
        first, *rest = sorted(fulls)
        for other in rest:
            a, b = sorted((root(first), root(other)))
            parent[b] = a
    return {form: root(min(fulls)) for form, fulls in forms.items()}


FULL_NAME_GENDER, FULL_NAMES_BY_FORM = _parse(_TABLE)
NAME_GROUP_BY_FORM = _group_ids(FULL_NAMES_BY_FORM)
