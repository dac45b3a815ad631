"""Words of the portal UI: Russian first, English when the viewer picks it; field titles as the portal shows them."""
from __future__ import annotations

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
        "col_phone": "Телефон", "col_email": "E-mail", "col_company": "Компания", "col_status": "Статус",
        "col_assigned": "Ответственный", "col_lead_company": "Название компании",
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
        "col_phone": "Phone", "col_email": "E-mail", "col_company": "Company", "col_status": "Status",
        "col_assigned": "Responsible", "col_lead_company": "Company name", "f_title": "Title", "f_name": "First name",
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
    },
    "en": {
        "TITLE": "Title", "NAME": "First name", "LAST_NAME": "Last name", "SECOND_NAME": "Middle name",
        "ASSIGNED_BY_ID": "Responsible", "DATE_CREATE": "Created", "DATE_MODIFY": "Modified", "PHONE": "Phone",
        "EMAIL": "E-mail", "WEB": "Website", "IM": "Messenger", "RQ_INN": "INN", "RQ_KPP": "KPP",
        "RQ_OGRN": "OGRN", "RQ_BIK": "BIC", "RQ_ACC_NUM": "Account", "RQ_COR_ACC_NUM": "Corr. account",
    },
}


def texts(lang: str) -> dict[str, str]:
    return TEXTS.get(lang, TEXTS["ru"])


def field_titles(lang: str) -> dict[str, str]:
    return {**FIELD_TITLES["ru"], **FIELD_TITLES.get(lang, {})}
