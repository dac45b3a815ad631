"""Russian CRM text for the hold-out generator: people's names, phones, e-mails — and the ways
managers, web forms and imports garble them.

Written independently of the engine and of its own benchmark data (see dedupe_holdout.py), so the
distortions here have their own realisations. Every function takes the caller's `random.Random`, so
one seed gives one data set.
"""
from __future__ import annotations

import random
from collections.abc import Sequence

from faker.providers.person.ru_RU import Provider as _FakerPerson

# (name, weight, patronymic for a son, for a daughter, diminutives). Weights follow how often the
# names occur among today's adult clients, not Faker's flat list of archaic names.
_MALE = """
Александр 10 Александрович Александровна Саша,Шура,Саня
Сергей 9 Сергеевич Сергеевна Серёжа
Дмитрий 7 Дмитриевич Дмитриевна Дима,Митя
Андрей 7 Андреевич Андреевна Андрюша
Алексей 7 Алексеевич Алексеевна Лёша,Алёша
Владимир 6 Владимирович Владимировна Вова,Володя
Иван 5 Иванович Ивановна Ваня
Михаил 5 Михайлович Михайловна Миша
Евгений 5 Евгеньевич Евгеньевна Женя
Николай 4 Николаевич Николаевна Коля
Максим 4 Максимович Максимовна Макс
Игорь 3 Игоревич Игоревна -
Олег 3 Олегович Олеговна -
Юрий 3 Юрьевич Юрьевна Юра
Павел 3 Павлович Павловна Паша
Виктор 3 Викторович Викторовна Витя
Денис 3 Денисович Денисовна -
Роман 3 Романович Романовна Рома
Артём 3 Артёмович Артёмовна Тёма
Антон 2 Антонович Антоновна Антоша
Константин 2 Константинович Константиновна Костя
Виталий 2 Витальевич Витальевна Виталик
Вадим 2 Вадимович Вадимовна Вадик
Илья 2 Ильич Ильинична Илюша
Кирилл 2 Кириллович Кирилловна Кирюша
Никита 2 Никитич Никитична -
Егор 1.5 Егорович Егоровна -
Анатолий 1.5 Анатольевич Анатольевна Толя
Василий 1.5 Васильевич Васильевна Вася
Владислав 1.5 Владиславович Владиславовна Влад
Валерий 1.5 Валерьевич Валерьевна Валера
Руслан 1 Русланович Руслановна -
Григорий 1 Григорьевич Григорьевна Гриша
Пётр 1 Петрович Петровна Петя
Станислав 1 Станиславович Станиславовна Стас
Вячеслав 1 Вячеславович Вячеславовна Слава
Леонид 1 Леонидович Леонидовна Лёня
Борис 1 Борисович Борисовна Боря
Георгий 1 Георгиевич Георгиевна Жора,Гоша
Геннадий 0.8 Геннадьевич Геннадьевна Гена
Фёдор 0.8 Фёдорович Фёдоровна Федя
Тимур 0.8 Тимурович Тимуровна -
Степан 0.6 Степанович Степановна Стёпа
Семён 0.6 Семёнович Семёновна Сёма
Ярослав 0.6 Ярославович Ярославовна Ярик
Даниил 0.6 Даниилович Данииловна Даня
Матвей 0.5 Матвеевич Матвеевна Мотя
Глеб 0.5 Глебович Глебовна -
Лев 0.4 Львович Львовна Лёва
Тимофей 0.4 Тимофеевич Тимофеевна Тима
Яков 0.3 Яковлевич Яковлевна Яша
Аркадий 0.3 Аркадьевич Аркадьевна Аркаша
"""
_FEMALE = """
Елена 8 Лена
Ольга 7 Оля
Наталья 7 Наташа
Татьяна 7 Таня
Ирина 6 Ира
Светлана 5 Света
Екатерина 5 Катя
Анна 5 Аня
Мария 5 Маша
Юлия 4 Юля
Анастасия 4 Настя
Марина 3 -
Людмила 3 Люда
Галина 2 Галя
Надежда 2 Надя
Валентина 2 Валя
Оксана 2 -
Евгения 2 Женя
Дарья 2 Даша
Ксения 2 Ксюша
Виктория 2 Вика
Алёна 1.5 -
Полина 1.5 Поля
Александра 1.5 Саша
Любовь 1 Люба
Вера 1 -
Кристина 1 -
Алина 1 -
Софья 1 Соня
Валерия 1 Лера
Лариса 1 -
Елизавета 1 Лиза
Нина 1 -
Маргарита 0.8 Рита
Вероника 0.8 Ника
Тамара 0.8 Тома
Диана 0.8 -
Яна 0.8 -
Инна 0.6 -
Жанна 0.5 -
"""


def _parse(table: str, female: bool) -> list[tuple]:
    rows = []
    for line in table.strip().splitlines():
        parts = line.split()
        short = parts[-1]
        diminutives = () if short == "-" else tuple(short.split(","))
        if female:
            rows.append((parts[0], float(parts[1]), diminutives))
        else:
            rows.append((parts[0], float(parts[1]), parts[2], parts[3], diminutives))
    return rows


MALE_NAMES = _parse(_MALE, female=False)
FEMALE_NAMES = _parse(_FEMALE, female=True)
DIMINUTIVES = {row[0]: row[-1] for row in MALE_NAMES + FEMALE_NAMES if row[-1]}
# Spellings both in use; a person's two records may carry either.
SPELLING_VARIANTS = {"Наталья": "Наталия", "Софья": "София", "Дарья": "Дария"}

_UKRAINIAN = ("Шевченко", "Бондаренко", "Коваленко", "Кравченко", "Ткаченко", "Ковальчук", "Мельник",
              "Бойко", "Савчук", "Литвиненко", "Марченко", "Руденко", "Ткачук", "Полищук")
_YO_SURNAMES = ("Ковалёв", "Королёв", "Пономарёв", "Журавлёв", "Шмелёв", "Селезнёв", "Горбачёв",
                "Артёмов", "Плетнёв", "Сёмин", "Дёмин", "Лёвкин")
# Faker's surnames come in popularity order with aligned feminine forms; ё is spelled as е there.
_YO_RESTORE = {"Соловьев": "Соловьёв", "Семенов": "Семёнов", "Воробьев": "Воробьёв",
               "Федоров": "Фёдоров", "Киселев": "Киселёв"}


# Nouns that surnames grow from (Бобров, Зимин, Сорокин…): with the first-name surnames below they
# give the long tail real client bases have, so full namesakes are common but not everywhere.
_STEMS = """Бобр Бык Вьюн Галк Глух Горох Гвозд Грач Дрозд Ерш Жук Зим Зуб Карп Кисл Клюк Ков Колпак Комар Коньк
Корш Котл Круг Куш Лап Лебед Лис Лук Мух Налим Окун Пест Петух Пирог Плот Ремез Рог Рыж Сазон Сверчк Сом Сорок
Стрелк Сух Тетерин Топор Туз Ужин Хомяк Цвет Чиж Шил Щегл Щук Ягод Бел Черн Седых Сыч Воротын Гребн Дубин
Ершк Кабан Клещ Кочет Кулик Лоскут Масл Молотк Овс Осин Пахом Пес Репн Рябин Сазонт Сит Скворц Смол Снегир""".split()


def _surname_from_first_name(first: str) -> str:
    """Андрей -> Андреев, Афанасий -> Афанасьев, Кузьма -> Кузьмин, Аким -> Акимов."""
    if first.endswith("ий"):
        return first[:-2] + "ьев"
    if first.endswith(("ей", "ай")):
        return first[:-1] + "ев"
    if first.endswith(("а", "я")):
        return first[:-1].rstrip("ь") + "ин"
    if first.endswith("ь"):
        return first[:-1] + "ев"
    return first + "ов"


def _surname_table() -> list[tuple[str, str, float]]:
    rows = []
    for rank, (male, female) in enumerate(zip(_FakerPerson.last_names_male, _FakerPerson.last_names_female)):
        male = _YO_RESTORE.get(male, male)
        rows.append((male, male + "а", 1.0 / (rank + 25)) if male in _YO_RESTORE.values()
                    else (male, female, 1.0 / (rank + 25)))
    known = {row[0] for row in rows}
    derived = [_surname_from_first_name(n) for n in _FakerPerson.first_names_male] \
        + [stem + ("ин" if stem.endswith(("к", "н", "ц", "ч", "щ")) else "ов") for stem in _STEMS]
    rows += [(name, name + "а", 0.0035) for name in dict.fromkeys(derived) if name not in known]
    rows += [(name, name, 0.004) for name in _UKRAINIAN]
    rows += [(name, name + "а", 0.004) for name in _YO_SURNAMES]
    return rows


SURNAMES = _surname_table()
_RARE_MALE = tuple(n for n in _FakerPerson.first_names_male if n not in {r[0] for r in MALE_NAMES})
_RARE_FEMALE = tuple(n for n in _FakerPerson.first_names_female if n not in {r[0] for r in FEMALE_NAMES})
_SURNAME_WEIGHTS = [row[2] for row in SURNAMES]
_MALE_WEIGHTS = [row[1] for row in MALE_NAMES]
_FEMALE_WEIGHTS = [row[1] for row in FEMALE_NAMES]


def pick_surname(rng: random.Random, female: bool) -> str:
    male, fem, _ = rng.choices(SURNAMES, _SURNAME_WEIGHTS)[0]
    return fem if female else male


def feminine_surname(male_surname: str) -> str:
    for male, fem, _ in SURNAMES:
        if male == male_surname:
            return fem
    return male_surname


def pick_first_name(rng: random.Random, female: bool) -> str:
    if rng.random() < 0.06:  # the long tail: Faker's rarer names
        return rng.choice(_RARE_FEMALE if female else _RARE_MALE)
    if female:
        return rng.choices(FEMALE_NAMES, _FEMALE_WEIGHTS)[0][0]
    return rng.choices(MALE_NAMES, _MALE_WEIGHTS)[0][0]


def pick_father(rng: random.Random) -> tuple[str, str, str]:
    """A father's first name and the patronymics it gives (son's, daughter's)."""
    row = rng.choices(MALE_NAMES, _MALE_WEIGHTS)[0]
    return row[0], row[2], row[3]


def patronymic_of(father_first: str, female: bool) -> str:
    for row in MALE_NAMES:
        if row[0] == father_first:
            return row[3] if female else row[2]
    raise KeyError(father_first)


# ------------------------------------------------------------------ character-level damage

_YO_PAIRS = {"ё": "е", "Ё": "Е"}
_LATIN_TWINS = {"а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x",
                "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P",
                "С": "C", "Т": "T", "Х": "X"}
_KEY_ROWS = ("йцукенгшщзхъ", "фывапролджэ", "ячсмитьбю")


def _neighbours(letter: str) -> str:
    for row in _KEY_ROWS:
        i = row.find(letter)
        if i >= 0:
            return row[max(0, i - 1):i] + row[i + 1:i + 2]
    return ""


def toggle_yo(word: str) -> str:
    """Пётр -> Петр; for words spelled without ё, nothing to take away (returns the word)."""
    return "".join(_YO_PAIRS.get(ch, ch) for ch in word)


def latin_lookalikes(rng: random.Random, word: str, count: int = 1) -> str:
    """Swap one or two Cyrillic letters for Latin twins, as a switched keyboard layout leaves them."""
    spots = [i for i, ch in enumerate(word) if ch in _LATIN_TWINS]
    chars = list(word)
    for i in rng.sample(spots, min(count, len(spots))):
        chars[i] = _LATIN_TWINS[chars[i]]
    return "".join(chars)


def typo(rng: random.Random, word: str) -> str:
    """One keyboard slip inside the word (never its first letter): neighbour key, lost, doubled or swapped letter."""
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    kind = rng.choice(("neighbour", "drop", "double", "swap"))
    low = word[i].lower()
    if kind == "neighbour" and _neighbours(low):
        replacement = rng.choice(_neighbours(low))
        return word[:i] + (replacement.upper() if word[i].isupper() else replacement) + word[i + 1:]
    if kind == "drop":
        return word[:i] + word[i + 1:]
    if kind == "double":
        return word[:i] + word[i] + word[i:]
    return word[:i] + word[i + 1] + word[i] + word[i + 2:]


def change_case(rng: random.Random, text: str) -> str:
    return rng.choice((text.upper(), text.lower()))


# ------------------------------------------------------------------ transliteration (e-mails, sites)

_TRANSLIT = {"а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
             "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
             "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
             "щ": "sch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya"}
_TRANSLIT_ALT = {"х": "h", "й": "i", "ю": "ju", "я": "ja", "ц": "c", "щ": "shch", "ё": "yo"}


def translit(text: str, alt: bool = False) -> str:
    table = {**_TRANSLIT, **_TRANSLIT_ALT} if alt else _TRANSLIT
    return "".join(table.get(ch, ch if ch.isascii() and ch.isalnum() else "") for ch in text.lower())


def pick_weighted(rng: random.Random, options: Sequence[tuple[str, float]]) -> str:
    return rng.choices([o for o, _ in options], [w for _, w in options])[0]
