"""One message catalogue for every page and JSON error: Russian first, English when the portal says LANG=en.

Templates call `_("key", name=value)`; Python code calls `translate(key, lang, ...)`. A missing key or a
missing language is a bug, so `translate` raises instead of showing the key to a user (a test checks
that every entry has both languages).
"""
from __future__ import annotations

from flask import Flask, g, has_request_context

from app.messages_requisites import PAGE_TEXT_PREFIXES, REQUISITES_MESSAGES

DEFAULT_LANG = "ru"
LANGUAGES = ("ru", "en")

MESSAGES: dict[str, dict[str, str]] = {
    "app_name": {"ru": "Порядок", "en": "Poryadok"},
    "app_tagline": {
        "ru": "Чистая клиентская база: реквизиты из госреестров, поиск и слияние дублей.",
        "en": "A clean client base: requisites from the state registries, duplicates found and merged.",
    },
    # The "installed and connected" view of the app page and the card tabs.
    "connected_title": {"ru": "Приложение установлено и подключено", "en": "The app is installed and connected"},
    "connected_portal": {"ru": "Портал", "en": "Portal"},
    "connected_user": {"ru": "Пользователь", "en": "User"},
    "connected_user_value": {"ru": "{name} (ID {user_id})", "en": "{name} (ID {user_id})"},
    "connected_place": {"ru": "Место в портале", "en": "Place in the portal"},
    "connected_entity": {"ru": "Запись", "en": "Record"},
    "connected_entity_value": {"ru": "{entity} № {entity_id}", "en": "{entity} #{entity_id}"},
    "connected_pending": {
        "ru": "Здесь появятся реквизиты и дубли этой записи.",
        "en": "The requisites and duplicates of this record will appear here.",
    },
    "connected_check": {"ru": "Проверить связь с приложением", "en": "Check the connection to the app"},
    "connected_check_ok": {
        "ru": "Связь есть: запрос подписан и принят.",
        "en": "Connected: the signed request was accepted.",
    },
    "place_default": {"ru": "Страница приложения", "en": "App page"},
    "place_company_tab": {"ru": "Вкладка в карточке компании", "en": "Tab in the company card"},
    "place_contact_tab": {"ru": "Вкладка в карточке контакта", "en": "Tab in the contact card"},
    "place_lead_tab": {"ru": "Вкладка в карточке лида", "en": "Tab in the lead card"},
    "entity_company": {"ru": "Компания", "en": "Company"},
    "entity_contact": {"ru": "Контакт", "en": "Contact"},
    "entity_lead": {"ru": "Лид", "en": "Lead"},
    # Install page.
    "install_title": {"ru": "Установка приложения «Порядок»", "en": "Installing Poryadok"},
    "install_done": {
        "ru": "Вкладки в карточках компаний, контактов и лидов подключены, события подписаны. Завершаем установку…",
        "en": "The company, contact and lead card tabs are connected and the events are subscribed. Finishing…",
    },
    "install_no_bx24": {
        "ru": "Страница открыта не из Битрикс24: установку завершает только портал.",
        "en": "This page was not opened by Bitrix24: only the portal can finish the installation.",
    },
    # Refusals and failures.
    "error_title": {"ru": "Не получилось", "en": "Something went wrong"},
    "error_reload": {"ru": "Обновить вкладку", "en": "Reload the tab"},
    "missing_field": {
        "ru": "В запросе от портала нет поля «{field}».",
        "en": "The portal's request lacks the field “{field}”.",
    },
    "portal_host_refused": {
        "ru": "«{host}» не похож на адрес портала Битрикс24, запрос отклонён.",
        "en": "“{host}” does not look like a Bitrix24 portal address; the request was refused.",
    },
    "oauth_server_refused": {
        "ru": "Сервер авторизации «{server}» не входит в список разрешённых, запрос отклонён.",
        "en": "The authorisation server “{server}” is not on the allowed list; the request was refused.",
    },
    "install_not_confirmed": {
        "ru": "Битрикс24 не подтвердил ключи установки для этого портала. Установите приложение заново.",
        "en": "Bitrix24 did not confirm the install keys for this portal. Please install the app again.",
    },
    "install_needs_admin": {
        "ru": "Установить приложение может только администратор портала: Битрикс24 не дал этому пользователю "
              "прав администратора (или приложению не хватает прав «placement»).",
        "en": "Only a portal administrator can install the app: Bitrix24 did not grant this user administrator "
              "rights (or the app lacks the “placement” scope).",
    },
    "portal_unknown": {
        "ru": "Приложение «Порядок» не установлено на этом портале. Попросите администратора установить его.",
        "en": "Poryadok is not installed on this portal. Ask the portal administrator to install it.",
    },
    "portal_mismatch": {
        "ru": "Запрос пришёл не с того портала, на который установлено приложение. "
              "Откройте приложение из своего портала.",
        "en": "The request did not come from the portal the app is installed on. Open the app from your own portal.",
    },
    "application_token_mismatch": {
        "ru": "Запрос не подписан ключом этой установки приложения, он отклонён.",
        "en": "The request is not signed with this installation's key and was refused.",
    },
    "user_not_confirmed": {
        "ru": "Портал не подтвердил вашего пользователя. Обновите вкладку или войдите в портал заново.",
        "en": "The portal did not confirm your user. Reload the tab or sign in to the portal again.",
    },
    "placement_unknown": {
        "ru": "Приложение не обслуживает место встраивания «{code}».",
        "en": "The app does not serve the placement “{code}”.",
    },
    "placement_mismatch": {
        "ru": "Адрес страницы не совпадает с местом встраивания «{code}».",
        "en": "The page address does not match the placement “{code}”.",
    },
    "frame_token_missing": {
        "ru": "Запрос без подписи вкладки. Обновите вкладку.",
        "en": "The request carries no tab signature. Reload the tab.",
    },
    "frame_token_invalid": {
        "ru": "Подпись вкладки не подходит. Обновите вкладку.",
        "en": "The tab signature is not valid. Reload the tab.",
    },
    "frame_token_expired": {
        "ru": "Вкладка открыта слишком давно. Обновите вкладку, чтобы продолжить.",
        "en": "This tab has been open too long. Reload it to continue.",
    },
    "event_refused": {
        "ru": "Событие не принято: неизвестный портал или неверный ключ приложения.",
        "en": "Event refused: unknown portal or wrong application token.",
    },
    "event_malformed": {"ru": "Событие без имени или без портала.", "en": "The event has no name or no portal."},
    "not_found": {"ru": "Такой страницы нет.", "en": "There is no such page."},
    "method_not_allowed": {"ru": "Этот адрес так не вызывают.", "en": "This address is not called that way."},
    "internal_error": {
        "ru": "Внутренняя ошибка приложения. Попробуйте ещё раз чуть позже.",
        "en": "The app hit an internal error. Please try again a little later.",
    },
}

if MESSAGES.keys() & REQUISITES_MESSAGES.keys():
    raise RuntimeError(f"requisites messages shadow common ones: {sorted(MESSAGES.keys() & REQUISITES_MESSAGES.keys())}")
MESSAGES.update(REQUISITES_MESSAGES)


def language_of(value: str | None) -> str:
    """The portal's LANG (``ru``, ``en``, ``de``…) mapped to a language we speak: English only for en."""
    return "en" if (value or "").strip().lower().startswith("en") else DEFAULT_LANG


def current_lang() -> str:
    return g.get("lang", DEFAULT_LANG) if has_request_context() else DEFAULT_LANG


def translate(key: str, lang: str | None = None, **params: object) -> str:
    text = MESSAGES[key][lang or current_lang()]
    return text.format(**params) if params else text


def page_texts() -> dict[str, str]:
    """The entries a page's script shows, in the user's language (placeholders left for the script)."""
    return {key: translate(key) for key in MESSAGES if key.startswith(PAGE_TEXT_PREFIXES)}


def init_app(app: Flask) -> None:
    app.jinja_env.globals["_"] = lambda key, **params: translate(key, **params)
    app.jinja_env.globals["page_texts"] = page_texts
    app.jinja_env.globals["current_lang"] = current_lang
