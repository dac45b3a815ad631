"""Words of the portal UI: Russian first, English when the viewer picks it; field titles, list values and
dates as the portal shows them (a person sees «Клиент», «27.11.2026 22:59», never CUSTOMER or ISO 8601)."""
from __future__ import annotations

from devportal import clock

TEXTS = {
    "ru": {
        "portal": "Портал", "install_app": "Установить приложение", "user": "Пользователь",
        "admin": "администратор", "manager": "менеджер", "menu": "Меню", "companies": "Компании",
        "contacts": "Контакты", "leads": "Лиды", "applications": "Приложения", "search": "Поиск по названию",
        "find": "Найти", "total": "Всего", "nothing": "Ничего не найдено", "prev": "Назад", "next": "Вперёд",
        "page": "Страница", "new_lead": "Новый лид", "add": "Добавить", "tab_main": "Общие", "edit": "Изменить",
        "save": "Сохранить", "loading": "Загрузка…", "requisites": "Реквизиты", "no_requisites": "Реквизитов нет",
        "install_running": "Идёт установка приложения: страница установки открыта в рамке ниже.",
        "not_installed_for_user": "Приложение ещё не установлено. Установить его может администратор портала.",
        "installed": "Приложение установлено.", "saved": "Изменения сохранены.", "lead_added": "Лид добавлен.",
        "not_found": "Запись не найдена.", "col_id": "ID", "col_title": "Название", "col_name": "ФИО",
        "col_phone": "Телефон", "col_email": "E-mail", "col_company": "Компания",
        "col_assigned": "Ответственный", "col_lead_company": "Название компании", "col_company_type": "Тип компании",
        "f_title": "Название", "f_name": "Имя", "f_last_name": "Фамилия", "f_company_title": "Название компании",
        "f_phone": "Телефон", "f_add_phone": "Добавить телефон", "related_contacts": "Контакты",
        "related_companies": "Компании", "company_card": "Компания", "contact_card": "Контакт", "lead_card": "Лид",
        "error": "Ошибка", "bad_origin": "Запрос пришёл не со страницы портала.",
    },
    "en": {
        "portal": "Portal", "install_app": "Install application", "user": "User", "admin": "administrator",
        "manager": "manager", "menu": "Menu", "companies": "Companies", "contacts": "Contacts", "leads": "Leads",
        "applications": "Applications", "search": "Search by name", "find": "Find", "total": "Total",
        "nothing": "Nothing found", "prev": "Back", "next": "Next", "page": "Page", "new_lead": "New lead",
        "add": "Add", "tab_main": "General", "edit": "Edit", "save": "Save", "loading": "Loading…",
        "requisites": "Requisites", "no_requisites": "No requisites",
        "install_running": "Installing the application: its install page is open in the frame below.",
        "not_installed_for_user": "The application is not installed yet. A portal administrator can install it.",
        "installed": "The application is installed.", "saved": "Changes saved.", "lead_added": "Lead added.",
        "not_found": "Record not found.", "col_id": "ID", "col_title": "Title", "col_name": "Name",
        "col_phone": "Phone", "col_email": "E-mail", "col_company": "Company",
        "col_assigned": "Responsible", "col_lead_company": "Company name", "col_company_type": "Company type", "f_title": "Title", "f_name": "First name",
        "f_last_name": "Last name", "f_company_title": "Company name", "f_phone": "Phone",
        "f_add_phone": "Add a phone", "related_contacts": "Contacts", "related_companies": "Companies",
        "company_card": "Company", "contact_card": "Contact", "lead_card": "Lead", "error": "Error",
        "bad_origin": "The request did not come from a portal page.",
    },
}

FIELD_TITLES = {
    "ru": {
        "ID": "ID", "TITLE": "Название", "NAME": "Имя", "LAST_NAME": "Фамилия", "SECOND_NAME": "Отчество",
        "POST": "Должность", "COMPANY_TYPE": "Тип компании", "INDUSTRY": "Сфера деятельности",
        "ASSIGNED_BY_ID": "Ответственный", "CREATED_BY_ID": "Кем создана", "MODIFY_BY_ID": "Кем изменена",
        "DATE_CREATE": "Дата создания", "DATE_MODIFY": "Дата изменения", "COMMENTS": "Комментарий",
        "COMPANY_TITLE": "Название компании", "STATUS_ID": "Стадия", "SOURCE_ID": "Источник",
        "ADDRESS": "Адрес", "ADDRESS_CITY": "Город", "PHONE": "Телефон", "EMAIL": "E-mail", "WEB": "Сайт",
        "IM": "Мессенджер", "LINK": "Ссылка", "RQ_INN": "ИНН", "RQ_KPP": "КПП", "RQ_OGRN": "ОГРН",
        "RQ_OGRNIP": "ОГРНИП", "RQ_OKPO": "ОКПО", "RQ_OKTMO": "ОКТМО", "RQ_OKVED": "ОКВЭД",
        "RQ_COMPANY_NAME": "Сокращённое наименование", "RQ_COMPANY_FULL_NAME": "Полное наименование",
        "RQ_COMPANY_REG_DATE": "Дата регистрации", "RQ_DIRECTOR": "Руководитель",
        "RQ_FIRST_NAME": "Имя", "RQ_LAST_NAME": "Фамилия", "RQ_SECOND_NAME": "Отчество",
        "RQ_BANK_NAME": "Банк", "RQ_BIK": "БИК", "RQ_ACC_NUM": "Р/с", "RQ_COR_ACC_NUM": "Корр. счёт",
        "RQ_BANK_ADDR": "Адрес банка", "RQ_SWIFT": "SWIFT", "RQ_ACC_CURRENCY": "Валюта счёта",
        "UF_CRM_1687188367": "ИНН (пользовательское поле)",
    },
    "en": {
        "TITLE": "Title", "NAME": "First name", "LAST_NAME": "Last name", "SECOND_NAME": "Middle name",
        "ASSIGNED_BY_ID": "Responsible", "DATE_CREATE": "Created", "DATE_MODIFY": "Modified", "PHONE": "Phone",
        "EMAIL": "E-mail", "WEB": "Website", "IM": "Messenger", "RQ_INN": "INN", "RQ_KPP": "KPP",
        "RQ_OGRN": "OGRN", "RQ_BIK": "BIC", "RQ_ACC_NUM": "Account", "RQ_COR_ACC_NUM": "Corr. account",
        "UF_CRM_1687188367": "INN (custom field)",
    },
}


# The portal's own names for the codes of its reference lists (crm.status.list: COMPANY_TYPE, INDUSTRY,
# SOURCE, STATUS, CONTACT_TYPE) and of multi-field value types.
LIST_VALUES = {
    "ru": {
        "COMPANY_TYPE": {"CUSTOMER": "Клиент", "SUPPLIER": "Поставщик", "COMPETITOR": "Конкурент",
                         "PARTNER": "Партнёр", "OTHER": "Другое"},
        "INDUSTRY": {"IT": "Информационные технологии", "TELECOM": "Телекоммуникации и связь",
                     "MANUFACTURING": "Производство", "BANKING": "Банковские услуги", "CONSULTING": "Консалтинг",
                     "FINANCE": "Финансы", "GOVERNMENT": "Правительство", "DELIVERY": "Доставка",
                     "ENTERTAINMENT": "Развлечения", "NOTPROFIT": "Не для получения прибыли", "OTHER": "Другое"},
        "SOURCE_ID": {"CALL": "Звонок", "EMAIL": "Электронная почта", "WEB": "Веб-сайт", "ADVERTISING": "Реклама",
                      "PARTNER": "Существующий клиент", "RECOMMENDATION": "По рекомендации",
                      "TRADE_SHOW": "Выставка", "WEBFORM": "CRM-форма", "CALLBACK": "Обратный звонок",
                      "SELF": "Свой контакт", "OTHER": "Другое"},
        "STATUS_ID": {"NEW": "Не обработан", "IN_PROCESS": "В работе", "PROCESSED": "Обработан",
                      "JUNK": "Некачественный лид", "CONVERTED": "Качественный лид"},
        "TYPE_ID": {"CLIENT": "Клиенты", "SUPPLIER": "Поставщики", "PARTNER": "Партнёры", "OTHER": "Другое"},
    },
    "en": {
        "COMPANY_TYPE": {"CUSTOMER": "Client", "SUPPLIER": "Supplier", "COMPETITOR": "Competitor",
                         "PARTNER": "Partner", "OTHER": "Other"},
        "INDUSTRY": {"IT": "Information technology", "TELECOM": "Telecommunications", "MANUFACTURING": "Manufacturing",
                     "BANKING": "Banking services", "CONSULTING": "Consulting", "FINANCE": "Finance",
                     "GOVERNMENT": "Government", "DELIVERY": "Delivery", "ENTERTAINMENT": "Entertainment",
                     "NOTPROFIT": "Non-profit", "OTHER": "Other"},
        "SOURCE_ID": {"CALL": "Call", "EMAIL": "E-mail", "WEB": "Website", "ADVERTISING": "Advertising",
                      "PARTNER": "Existing client", "RECOMMENDATION": "By recommendation", "TRADE_SHOW": "Trade show",
                      "WEBFORM": "CRM form", "CALLBACK": "Callback", "SELF": "Personal contact", "OTHER": "Other"},
        "STATUS_ID": {"NEW": "Unassigned", "IN_PROCESS": "In progress", "PROCESSED": "Processed",
                      "JUNK": "Junk lead", "CONVERTED": "Good lead"},
        "TYPE_ID": {"CLIENT": "Clients", "SUPPLIER": "Suppliers", "PARTNER": "Partners", "OTHER": "Other"},
    },
}
VALUE_TYPES = {
    "ru": {"WORK": "рабочий", "MOBILE": "мобильный", "FAX": "факс", "HOME": "домашний", "PAGER": "пейджер",
           "MAILING": "для рассылок", "OTHER": "другой"},
    "en": {"WORK": "work", "MOBILE": "mobile", "FAX": "fax", "HOME": "home", "PAGER": "pager",
           "MAILING": "mailing", "OTHER": "other"},
}


def shown_value(name: str, value: str, field_type: str, lang: str) -> str:
    """A field's value the way the portal displays it: list codes by name, dates as dd.mm.yyyy [hh:mm]."""
    if field_type in ("date", "datetime"):
        moment = clock.parse_date(value)
        if moment is not None:
            return moment.astimezone(clock.MOSCOW).strftime("%d.%m.%Y" if field_type == "date" else "%d.%m.%Y %H:%M")
    return LIST_VALUES.get(lang, LIST_VALUES["ru"]).get(name, {}).get(value, value)


def value_type_title(value_type: str, lang: str) -> str:
    return VALUE_TYPES.get(lang, VALUE_TYPES["ru"]).get(value_type, value_type)


def texts(lang: str) -> dict[str, str]:
    return TEXTS.get(lang, TEXTS["ru"])


def field_titles(lang: str) -> dict[str, str]:
    return {**FIELD_TITLES["ru"], **FIELD_TITLES.get(lang, {})}
