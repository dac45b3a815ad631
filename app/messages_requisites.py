"""Catalogue entries of the requisites pages (card tabs, the app page's bulk fill and settings) and their
XHR refusals, merged into `app.i18n.MESSAGES`. Russian first, English when the portal says LANG=en.

Keys starting with `rq_`, `bulk_` or `settings_` are also handed to the pages' scripts (`page_texts`);
`{name}` placeholders are filled there.
"""
from __future__ import annotations

PAGE_TEXT_PREFIXES = ("rq_", "bulk_", "settings_")

REQUISITES_MESSAGES: dict[str, dict[str, str]] = {
    # --- XHR refusals -------------------------------------------------------------------------------------
    "user_tokens_missing": {
        "ru": "Приложение не получило ваш ключ доступа к порталу. Обновите вкладку.",
        "en": "The app has no access key of yours for the portal. Reload the tab.",
    },
    "admin_only": {
        "ru": "Это доступно только администраторам портала.",
        "en": "Only portal administrators can do this.",
    },
    "json_body_expected": {"ru": "Запрос без данных.", "en": "The request carries no data."},
    "field_malformed": {"ru": "Поле «{field}» заполнено неверно.", "en": "The field “{field}” is malformed."},
    # --- card tab -----------------------------------------------------------------------------------------
    "rq_current_title": {"ru": "Реквизиты в портале", "en": "Requisites in the portal"},
    "rq_loading": {"ru": "Загружаем…", "en": "Loading…"},
    "rq_none": {"ru": "У этой записи пока нет реквизитов.", "en": "This record has no requisites yet."},
    "rq_legal_address": {"ru": "Юридический адрес", "en": "Legal address"},
    "rq_last_change": {"ru": "Последнее изменение приложения: «{action}»{origin}: {party}",
                       "en": "The app's last change: “{action}”{origin}: {party}"},
    "rq_change_bulk": {"ru": "массовое заполнение", "en": "bulk fill"},
    "rq_search_title": {"ru": "Найти в госреестре", "en": "Find in the state registry"},
    "rq_search_label": {"ru": "ИНН, ОГРН или название", "en": "INN, OGRN or name"},
    "rq_search_label_contact": {"ru": "ИНН или ОГРНИП предпринимателя, или ФИО",
                                "en": "The entrepreneur's INN, OGRNIP or name"},
    "rq_search_button": {"ru": "Найти", "en": "Search"},
    "rq_query_empty": {"ru": "Введите ИНН, ОГРН или название организации.",
                       "en": "Enter an INN, an OGRN or the organisation's name."},
    "rq_query_empty_contact": {"ru": "Введите ИНН, ОГРНИП или ФИО предпринимателя.",
                               "en": "Enter the entrepreneur's INN, OGRNIP or full name."},
    "rq_searching": {"ru": "Ищем в реестре…", "en": "Searching the registry…"},
    "rq_no_candidates": {"ru": "В реестре ничего не нашлось.", "en": "Nothing was found in the registry."},
    "rq_hidden_organisations": {
        "ru": "Организаций не показано: {n}. У контакта заполняются только реквизиты ИП — организацию "
              "заполните в карточке компании.",
        "en": "Organisations not shown: {n}. A contact takes an entrepreneur's requisites only — fill an "
              "organisation in its company card.",
    },
    "rq_main_office": {"ru": "Головная организация", "en": "Head office"},
    "rq_branch": {"ru": "Филиал", "en": "Branch"},
    "rq_individual": {"ru": "Индивидуальный предприниматель", "en": "Sole proprietor"},
    "rq_pick": {"ru": "Выбрать", "en": "Choose"},
    "rq_picked": {"ru": "Выбрано", "en": "Chosen"},
    "rq_inn": {"ru": "ИНН", "en": "INN"},
    "rq_kpp": {"ru": "КПП", "en": "KPP"},
    "rq_ogrn": {"ru": "ОГРН", "en": "OGRN"},
    "rq_preview_title": {"ru": "Что изменится", "en": "What will change"},
    "rq_preview_loading": {"ru": "Сравниваем с порталом…", "en": "Comparing with the portal…"},
    "rq_registry_address": {"ru": "Юридический адрес в реестре: {address}", "en": "Legal address in the registry: {address}"},
    "rq_new_requisite": {"ru": "Будет создан новый реквизит.", "en": "A new requisite will be created."},
    "rq_update_requisite": {"ru": "Будет обновлён реквизит «{name}».", "en": "The requisite “{name}” will be updated."},
    "rq_col_field": {"ru": "Поле", "en": "Field"},
    "rq_col_portal": {"ru": "Сейчас в портале", "en": "In the portal now"},
    "rq_col_registry": {"ru": "В реестре", "en": "In the registry"},
    "rq_col_fill_empty": {"ru": "Заполнить пустые", "en": "Fill empty"},
    "rq_col_replace": {"ru": "Заменить всё", "en": "Replace all"},
    "rq_writes": {"ru": "запишет", "en": "writes"},
    "rq_keeps": {"ru": "не трогает", "en": "leaves"},
    "rq_state_same": {"ru": "совпадает", "en": "matches"},
    "rq_state_format": {"ru": "то же, другое написание", "en": "same value, other spelling"},
    "rq_state_different": {"ru": "отличается", "en": "differs"},
    "rq_section_requisite": {"ru": "Реквизит", "en": "Requisite"},
    "rq_section_address": {"ru": "Юридический адрес", "en": "Legal address"},
    "rq_section_bank": {"ru": "Банковские реквизиты", "en": "Bank details"},
    "rq_bank_title": {"ru": "Банковские реквизиты (необязательно)", "en": "Bank details (optional)"},
    "rq_bik": {"ru": "БИК", "en": "BIK"},
    "rq_account": {"ru": "Расчётный счёт", "en": "Settlement account"},
    "rq_bank_check": {"ru": "Найти банк и проверить счёт", "en": "Find the bank and check the account"},
    "rq_bank_found": {"ru": "Банк по БИК: {name}", "en": "Bank by BIK: {name}"},
    "rq_confirm_status": {"ru": "Я проверил(а) статус и всё равно хочу заполнить реквизиты",
                          "en": "I have checked the status and still want to fill the requisites"},
    "rq_fill_empty": {"ru": "Заполнить пустые", "en": "Fill empty fields"},
    "rq_replace": {"ru": "Заменить всё", "en": "Replace all"},
    "rq_nothing_new": {"ru": "Реестр не добавит к этой записи ничего нового.",
                       "en": "The registry adds nothing new to this record."},
    "rq_replace_note": {"ru": "«Заменить всё» перезапишет отличающиеся значения; прежние сохранятся для отмены.",
                        "en": "“Replace all” overwrites the differing values; the old ones are kept for undo."},
    "rq_applying": {"ru": "Записываем в портал…", "en": "Writing to the portal…"},
    "rq_result_title": {"ru": "Записано в портал", "en": "Written to the portal"},
    "rq_result_created": {"ru": "Создан новый реквизит.", "en": "A new requisite was created."},
    "rq_result_nothing": {"ru": "Ничего не изменилось: все поля, которые знает реестр, уже заполнены.",
                          "en": "Nothing changed: every field the registry knows is already filled."},
    "rq_undo": {"ru": "Отменить", "en": "Undo"},
    "rq_undo_last": {"ru": "Отменить последнее изменение", "en": "Undo the last change"},
    "rq_undo_force": {"ru": "Всё равно отменить", "en": "Undo anyway"},
    "rq_undoing": {"ru": "Возвращаем прежние значения…", "en": "Restoring the previous values…"},
    "rq_undone": {"ru": "Изменение отменено, прежние значения восстановлены.",
                  "en": "Undone: the previous values are restored."},
    "rq_reload_tab": {"ru": "Обновить вкладку", "en": "Reload the tab"},
    # "от имени пользователя {name}": the name stays in the nominative, and no pronoun guesses a gender
    "rq_acting_as": {"ru": "{entity} № {entity_id} · изменения вносятся от имени пользователя {name} (ID {user_id}) "
                           "с правами этого пользователя",
                     "en": "{entity} #{entity_id} · changes are made as the user {name} (ID {user_id}), with that "
                           "user's rights"},
    # --- app page: bulk fill ------------------------------------------------------------------------------
    "bulk_title": {"ru": "Реквизиты у всех компаний", "en": "Requisites of every company"},
    "bulk_intro": {
        "ru": "Приложение пройдёт по всем компаниям, у которых есть ИНН (в реквизите или в поле компании с ИНН), "
              "и заполнит из госреестра только пустые поля. Недействующие организации пропускаются: их "
              "заполняют из карточки после проверки. Работа идёт в фоне от вашего имени; страницу можно закрыть.",
        "en": "The app goes through every company with an INN (in a requisite or in the company's INN field) and "
              "fills only empty fields from the state registry. Inactive organisations are skipped: fill them "
              "from their card after checking. The work runs in the background on your behalf; you may close the page.",
    },
    "bulk_start": {"ru": "Заполнить реквизиты у всех компаний", "en": "Fill requisites of every company"},
    "bulk_resume": {"ru": "Продолжить с того же места", "en": "Continue where it stopped"},
    "bulk_stop": {"ru": "Остановить", "en": "Stop"},
    "bulk_stopping": {"ru": "Останавливаем после текущей порции…", "en": "Stopping after the current chunk…"},
    "bulk_queued": {"ru": "Задача в очереди, скоро начнётся…", "en": "Queued, starting soon…"},
    "bulk_collecting": {"ru": "Собираем компании с ИНН…", "en": "Collecting the companies with an INN…"},
    "bulk_progress": {"ru": "Проверено компаний: {done} из {total}", "en": "Companies checked: {done} of {total}"},
    "bulk_done": {"ru": "Готово.", "en": "Done."},
    "bulk_cancelled": {"ru": "Остановлено. Можно продолжить с того же места.",
                       "en": "Stopped. You can continue where it stopped."},
    "bulk_failed": {"ru": "Заполнение прервалось: {reason}", "en": "The fill stopped: {reason}"},
    "bulk_worker_lost": {
        "ru": "Фоновая задача давно не подавала признаков жизни — похоже, обработчик задач был остановлен или "
              "перезапущен. Запустите заполнение снова: оно продолжится с последнего сохранённого места.",
        "en": "The background job has shown no sign of life for a long time — the job worker was probably stopped "
              "or restarted. Start the fill again: it continues from the last saved point.",
    },
    "bulk_count_filled": {"ru": "Заполнено: {n}", "en": "Filled: {n}"},
    "bulk_count_skipped": {"ru": "Пропущено: {n}", "en": "Skipped: {n}"},
    "bulk_count_failed": {"ru": "Ошибки: {n}", "en": "Failed: {n}"},
    "bulk_col_company": {"ru": "Компания", "en": "Company"},
    "bulk_col_inn": {"ru": "ИНН", "en": "INN"},
    "bulk_col_reason": {"ru": "Причина", "en": "Reason"},
    "bulk_col_fields": {"ru": "Заполнено полей", "en": "Fields filled"},
    "bulk_company": {"ru": "Компания № {id}", "en": "Company #{id}"},
    "bulk_company_titled": {"ru": "{title} (№ {id})", "en": "{title} (#{id})"},
    "bulk_more": {"ru": "…и ещё {n}", "en": "…and {n} more"},
    "bulk_admin_only": {
        "ru": "Заполнять реквизиты у всех компаний и менять настройки приложения могут только администраторы "
              "портала. Реквизиты одной компании можно заполнить во вкладке «Порядок» её карточки.",
        "en": "Only portal administrators can fill the requisites of every company and change the app's settings. "
              "You can fill one company's requisites in the Poryadok tab of its card.",
    },
    # --- app page: settings -------------------------------------------------------------------------------
    "settings_title": {"ru": "Настройки", "en": "Settings"},
    "settings_dadata_key": {"ru": "Ключ API DaData", "en": "DaData API key"},
    "settings_key_portal": {"ru": "Задан ключ этого портала.", "en": "This portal's own key is set."},
    "settings_key_server": {"ru": "Используется ключ сервера приложения.", "en": "The app server's key is used."},
    "settings_key_none": {"ru": "Ключ не задан — поиск в госреестре не работает.",
                          "en": "No key is set — the registry search does not work."},
    "settings_key_placeholder": {"ru": "Новый ключ", "en": "New key"},
    "settings_key_hint": {
        "ru": "Ключ хранится только на сервере приложения и больше нигде не показывается. Оставьте поле пустым, "
              "чтобы не менять его.",
        "en": "The key is kept on the app server only and is never shown again. Leave the field empty to keep it.",
    },
    "settings_key_clear": {"ru": "Удалить ключ портала", "en": "Remove the portal's key"},
    "settings_inn_field": {"ru": "Поле компании с ИНН", "en": "Company field with the INN"},
    "settings_inn_field_none": {"ru": "не использовать", "en": "none"},
    "settings_inn_field_hint": {
        "ru": "Если ИНН записан не в реквизитах, а в пользовательском поле компании.",
        "en": "When the INN is kept in a company user field rather than in its requisites.",
    },
    "settings_autofill_leads": {"ru": "Заполнять новые лиды из госреестра по ИНН",
                                "en": "Fill new leads from the state registry by INN"},
    "settings_autofill_hint": {
        "ru": "Правило сохраняется для автоматизации новых лидов; в этой версии приложение новые лиды ещё не "
              "обрабатывает.",
        "en": "The rule is stored for new-lead automation; this version of the app does not process new leads yet.",
    },
    "settings_save": {"ru": "Сохранить", "en": "Save"},
    "settings_saving": {"ru": "Сохраняем…", "en": "Saving…"},
    "settings_saved": {"ru": "Настройки сохранены.", "en": "Settings saved."},
}
