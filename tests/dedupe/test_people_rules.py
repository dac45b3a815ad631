"""Protective and recall rules for contacts and leads, claimed through the public engine."""
import pytest

from tests.dedupe.crm_rows import company, contact, groups, lead, requisite


# ---------------------------------------------------------------- protective

def test_shared_office_phone_alone_does_not_merge_differently_named_people(find):
    office = "+7 (495) 123-45-67"
    clusters = find(contacts=[contact(1, "Иван", "Петров", phones=[office]),
                              contact(2, "Ольга", "Смирнова", phones=[office]),
                              contact(3, "Пётр", "Сидоров", phones=[office + " доб. 12"])])
    assert clusters == []


def test_shared_family_email_does_not_merge_husband_and_wife(find):
    family = "petrovy@mail.ru"
    clusters = find(contacts=[contact(1, "Сергей", "Петров", phones=["+79161112233"], emails=[family]),
                              contact(2, "Анна", "Петрова", phones=["+79164445566"], emails=[family])])
    assert clusters == []


@pytest.mark.parametrize("mailboxes, home", [(["kuznetsovy@outlook.com"], []), ([], ["+7 (495) 398-38-16"])])
def test_a_lead_without_patronymic_on_a_family_channel_is_not_the_family_member_of_that_name(find, mailboxes, home):
    # Mother and daughter may both be Евгения Кузнецова: the family's mailbox or home number, which the
    # CRM shows on the husband's card too, names the family, not the person.
    clusters = find(contacts=[contact(633, "Никита", "Кузнецов", "Николаевич", phones=["+79854166766", *home], emails=mailboxes),
                              contact(18114, "Евгения", "Кузнецова", "Анатольевна", phones=["+79538802303", *home],
                                      emails=mailboxes)],
                    leads=[lead(920, "Евгения", "Кузнецова", phones=home, emails=mailboxes)])
    assert groups(clusters, "mixed") == [] and groups(clusters, "contact") == []


def test_two_contact_cards_of_one_name_on_a_family_channel_are_still_one_person(find):
    # Cards a manager made name a person; only a lead — what someone typed into a form — is read as
    # the family's when all it has is the family's mailbox.
    family = "kuznetsovy@outlook.com"
    clusters = find(contacts=[contact(633, "Никита", "Кузнецов", "Николаевич", phones=["+79854166766"], emails=[family]),
                              contact(18114, "Евгения", "Кузнецова", "Анатольевна", phones=["+79538802303"], emails=[family]),
                              contact(18115, "Евгения", "Кузнецова", emails=[family])])
    assert groups(clusters, "contact") == [{"18114", "18115"}]


def test_a_lead_without_patronymic_on_a_family_mailbox_is_the_member_whose_own_mobile_it_also_shows(find):
    family = "kuznetsovy@outlook.com"
    clusters = find(contacts=[contact(633, "Никита", "Кузнецов", "Николаевич", phones=["+79854166766"], emails=[family]),
                              contact(18114, "Евгения", "Кузнецова", "Анатольевна", phones=["+79538802303"], emails=[family])],
                    leads=[lead(920, "Евгения", "Кузнецова", phones=["8 953 880-23-03"], emails=[family])])
    assert groups(clusters, "mixed") == [{"lead:920", "contact:18114"}]


def test_a_lead_with_the_full_name_on_a_family_channel_is_that_family_member(find):
    family = "kuznetsovy@outlook.com"
    clusters = find(contacts=[contact(633, "Никита", "Кузнецов", "Николаевич", phones=["+79854166766"], emails=[family]),
                              contact(18114, "Евгения", "Кузнецова", "Анатольевна", phones=["+79538802303"], emails=[family])],
                    leads=[lead(920, "Евгения", "Кузнецова", "Анатольевна", emails=[family])])
    assert groups(clusters, "mixed") == [{"lead:920", "contact:18114"}]


def test_an_office_line_colleagues_share_still_confirms_one_persons_two_cards(find):
    office = "+7 (342) 918-38-98"
    clusters = find(contacts=[contact(1, "Валентина", "Ремезова", phones=["+79868561179", office]),
                              contact(2, "Валентина", "Ремезова", phones=[office]),
                              contact(3, "Марина", "Комарова", "Владимировна", phones=[office])])
    assert groups(clusters, "contact") == [{"1", "2"}]


def test_namesakes_with_their_own_contacts_are_different_people(find):
    clusters = find(contacts=[contact(1, "Александр", "Иванов", "Сергеевич", phones=["+79161112233"], emails=["ai@mail.ru"]),
                              contact(2, "Александр", "Иванов", "Сергеевич", phones=["+79035556677"], emails=["sasha@ya.ru"])])
    assert clusters == []


def test_namesakes_at_one_company_with_their_own_phones_and_mailboxes_stay_apart(find):
    clusters = find(contacts=[contact(1, "Дмитрий", "Титов", phones=["+79161112233"], emails=["titov.d@mail.ru"],
                                      company_id="7"),
                              contact(2, "Дмитрий", "Титов", "Олегович", phones=["+79035556677"],
                                      emails=["dmitry_titov@yandex.ru"], company_id="7")])
    assert clusters == []


def test_card_without_patronymic_at_the_firm_of_a_father_and_son_of_one_name_joins_neither(find):
    clusters = find(contacts=[contact(1, "Дмитрий", "Титов", "Олегович", phones=["+79161112233"], company_id="7"),
                              contact(2, "Дмитрий", "Титов", "Дмитриевич", phones=["+79035556677"], company_id="7"),
                              contact(3, "Дмитрий", "Титов", phones=["+79264445566"], company_id="7")])
    assert clusters == []


def test_father_and_son_on_one_home_phone_stay_apart(find):
    home = "+7 (812) 730-18-20"
    clusters = find(contacts=[contact(1, "Александр", "Варлов", "Сергеевич", phones=[home]),
                              contact(2, "Александр", "Варлов", "Александрович", phones=[home])])
    assert clusters == []


def test_card_without_patronymic_on_father_and_sons_line_is_merged_with_neither(find):
    home = "+7 (812) 730-18-20"
    clusters = find(contacts=[contact(1, "Александр", "Варлов", "Сергеевич", phones=[home]),
                              contact(2, "Александр", "Варлов", "Александрович", phones=[home]),
                              contact(3, "Саша", "Варлов", phones=[home])])
    assert clusters == []


def test_role_mailbox_alone_does_not_merge_colleagues(find):
    clusters = find(contacts=[contact(1, "Иван", "Петров", emails=["info@romashka.ru"]),
                              contact(2, "Ольга", "Смирнова", emails=["info@romashka.ru"]),
                              contact(3, "", "", emails=["info@romashka.ru"])])
    assert clusters == []


def test_two_desks_on_one_office_line_are_two_people(find):
    clusters = find(contacts=[contact(1, "Иван", "Петров", phones=["+7 495 123-45-67 доб. 101"]),
                              contact(2, "Иван", "Петров", phones=["+7 495 123-45-67 доб. 102"])])
    assert clusters == []


def test_one_name_at_one_firm_on_two_extensions_of_its_line_is_one_person(find):
    # A namesake colleague on the next desk is far rarer than an extension changed or mistyped.
    clusters = find(companies=[company(284, "ООО Волгапром")],
                    contacts=[contact(1, "Олег", "Праздников", phones=["+7 8442 47-92-88 (доб. 6296)"], company_id="284"),
                              contact(2, "Олег", "Праздников", phones=["8 (8442) 47-92-88 доб.13"], company_id="284")])
    assert groups(clusters, "contact") == [{"1", "2"}]


def test_different_personal_inns_keep_contacts_apart(find):
    clusters = find(contacts=[contact(1, "Иван", "Петров", phones=["+79161112233"]),
                              contact(2, "Иван", "Петров", phones=["+79161112233"])],
                    requisites=[requisite(1, "500100732259", owner_type="3"), requisite(2, "773162142921", owner_type="3")])
    assert clusters == []


def test_first_name_only_lead_on_a_phone_of_two_possible_people_is_not_linked(find):
    family = "+7 (495) 765-43-21"
    clusters = find(contacts=[contact(1, "Александр", "Петров", phones=[family]),
                              contact(2, "Александра", "Петрова", phones=[family])],
                    leads=[lead(5, "Саша", phones=[family])])
    assert clusters == []


# ---------------------------------------------------------------- recall

def test_same_phone_in_another_format_and_a_short_name_merge(find):
    clusters = find(contacts=[contact(1, "Александр", "Петров", "Иванович", phones=["8 912 345-67-89"]),
                              contact(2, "Саша", "ПЕТРОВ", phones=["+7(912)345-67-89"])])
    assert groups(clusters, "contact") == [{"1", "2"}]
    assert any("+7 912 345-67-89" in reason for reason in clusters[0].reasons)


def test_mistyped_phone_backed_by_the_same_name_merges(find):
    clusters = find(contacts=[contact(1, "Игорь", "Рогов", "Олегович", phones=["+79161234567"]),
                              contact(2, "Игорь", "Рогов", "Олегович", phones=["+79161234576"])])
    assert groups(clusters, "contact") == [{"1", "2"}]


def test_duplicate_sharing_only_name_and_company_merges(find):
    clusters = find(contacts=[contact(1, "Ольга", "Валович", "Сергеевна", phones=["+79951897645"], company_id="157"),
                              contact(2, "Ольга", "Валович", company_id="157")])
    assert groups(clusters, "contact") == [{"1", "2"}]


def test_mailbox_alias_and_mailbox_typed_into_comments_merge(find):
    clusters = find(contacts=[contact(1, "Андрей", "Косович", emails=["andrey.kosovich@yandex.ru"]),
                              contact(2, "Андрей", "Косович", emails=["Andrey-Kosovich@ya.ru"]),
                              contact(3, "Андрюша", "Косович", comments="Почта: andrey.kosovich@yandex.com")])
    assert groups(clusters, "contact") == [{"1", "2", "3"}]


def test_office_number_with_and_without_extension_merges_the_same_person(find):
    clusters = find(contacts=[contact(1, "Дарья", "Садина", "Викторовна", phones=["8(343)372-48-34 доб. 369"]),
                              contact(2, "Дарья", "Садина", phones=["8 (3433) 72-48-34"])])
    assert groups(clusters, "contact") == [{"1", "2"}]


def test_first_name_only_lead_links_to_the_contact_with_its_phone(find):
    clusters = find(contacts=[contact(57, "Александр", "Петров", phones=["+79161112233"])],
                    leads=[lead(12, "Саша", phones=["8 916 111-22-33"])])
    assert [(c.entity_type, set(c.ids)) for c in clusters] == [("mixed", {"lead:12", "contact:57"})]


def test_repeated_leads_of_one_person_are_grouped(find):
    clusters = find(leads=[lead(1, "Наталья", "Светникова", phones=["89100459016"]),
                           lead(2, "наталья", "СВЕТНИКОВА", phones=["+7 910 045-90-16"])])
    assert groups(clusters, "lead") == [{"1", "2"}]


def test_a_personal_mobile_in_common_settles_a_card_on_a_family_line(find):
    home = "+7 (495) 588-26-70"
    clusters = find(contacts=[contact(1, "Алексей", "Садников", "Алексеевич", phones=["8-919-710-66-05", home]),
                              contact(2, "Алексей", "Садников", "Петрович", phones=["+79035556677", home]),
                              contact(3, "Алексей", "Садников", phones=["+79197106605", home])])
    assert groups(clusters, "contact") == [{"1", "3"}]


def test_lead_calling_from_its_company_office_names_the_contact_working_there(find):
    office = "+7 (495) 857-56-29"
    clusters = find(companies=[company(40, "ООО «ОПК Компания»", phones=[office])],
                    contacts=[contact(57, "Людмила", "Парфенова", "Алексеевна", phones=["+79073875699"], company_id="40")],
                    leads=[lead(12, "Людмила", "Парфенова", phones=[office])])
    assert {"lead:12", "contact:57"} in groups(clusters, "mixed")


def test_lead_carrying_its_company_inn_names_the_contact_working_there(find):
    clusters = find(companies=[company(40, "ООО «ПластПром»")], requisites=[requisite(40, "7707083893", "770701001")],
                    contacts=[contact(57, "Николай", "Жуков", "Алексеевич", company_id="40")],
                    leads=[lead(12, "Николай", "Жукво", "Алексеевич", comments="ИНН 7707083893")])
    assert {"lead:12", "contact:57"} in groups(clusters, "mixed")


def test_misspelt_surname_of_a_colleague_at_the_same_company_still_merges(find):
    clusters = find(contacts=[contact(1, "Татьяна", "Абрамова", "Николаевна", phones=["+79096826261"], company_id="9"),
                              contact(2, "Татьяна", "Аббрамова", "Николаевна", company_id="9")])
    assert groups(clusters, "contact") == [{"1", "2"}]


@pytest.mark.parametrize("patronymic", ["Дмитриевна", ""])
def test_namesake_at_one_company_with_a_new_mobile_is_the_same_person(find, patronymic):
    clusters = find(contacts=[contact(1, "Юлия", "Уварова", "Дмитриевна", phones=["+79034383180"], company_id="9"),
                              contact(2, "Юлия", "Уварова", patronymic, phones=["+79257029236"], company_id="9")])
    assert groups(clusters, "contact") == [{"1", "2"}]


def test_misspelt_name_at_one_company_with_another_mobile_needs_the_patronymic_too(find):
    clusters = find(contacts=[contact(1, "Елена", "Тихева", phones=["+79663659239"], company_id="2"),
                              contact(2, "Елена", "Тихаева", "Матвеевна", phones=["+79029713686"], company_id="2")])
    assert clusters == []


def test_full_namesakes_at_one_company_with_their_own_mobiles_and_mailboxes_stay_apart(find):
    clusters = find(contacts=[contact(1, "Александр", "Иванов", "Дмитриевич", phones=["+79034383180"],
                                      emails=["aleksandr_ivanov112956@bk.ru"], company_id="9"),
                              contact(2, "Александр", "Иванов", "Дмитриевич", phones=["+79257029236"],
                                      emails=["aleksandr.ivanov19945874@mail.ru"], company_id="9")])
    assert clusters == []


def test_mistyped_phone_and_misspelt_surname_on_one_card_still_merge(find):
    clusters = find(contacts=[contact(1, "Ирина", "Суханова", "Евгеньевна", phones=["+7 (919) 957-74-77"]),
                              contact(2, "Ирина", "Сухнова", "Евгеньевна", phones=["8 919 957 74 74"])])
    assert groups(clusters, "contact") == [{"1", "2"}]


def test_mistyped_phone_and_misspelt_surname_do_not_override_different_personal_mailboxes(find):
    clusters = find(contacts=[contact(1, "Ирина", "Суханова", phones=["+79199577477"], emails=["irina.s@mail.ru"]),
                              contact(2, "Ирина", "Сухнова", phones=["+79199577474"], emails=["sukhnova@gmail.com"])])
    assert clusters == []


def test_first_name_only_colleague_on_a_shared_work_line_with_his_own_mobile_is_not_merged(find):
    work = "+7 495 738-19-01"
    clusters = find(contacts=[contact(1, "Дмитрий", "Алексеев", "Фёдорович", phones=["8 (910) 368-36-77", work]),
                              contact(2, "Дмитрий", phones=["8-901-351-71-76", work], emails=["dosipov@vtffabrika.ru"]),
                              contact(3, "Ольга", "Смирнова", phones=[work])])
    assert clusters == []


def test_first_name_only_card_on_a_family_line_still_joins_the_one_member_of_that_name(find):
    home = "+7 (812) 730-18-20"
    clusters = find(contacts=[contact(1, "Дмитрий", "Алексеев", "Фёдорович", phones=["8 (910) 368-36-77", home]),
                              contact(2, "Дима", phones=[home]),
                              contact(3, "Ольга", "Алексеева", phones=[home])])
    assert groups(clusters, "contact") == [{"1", "2"}]


def test_first_name_only_card_sharing_just_a_work_landline_with_a_namesake_of_other_contacts_is_apart(find):
    clusters = find(contacts=[contact(1, "Юлия", "Савватьева", "Ивановна", phones=["(960) 327-92-56", "84952932982"],
                                      emails=["savvatevayi@mail.ru"]),
                              contact(2, "Юлия", phones=["8 (980) 937-98-24", "+7 495 293-29-82"],
                                      emails=["ynaumova@sibdevelopment22.org"])])
    assert clusters == []


def test_first_name_only_card_sharing_a_mobile_joins_even_when_other_numbers_differ(find):
    clusters = find(contacts=[contact(1, "Юлия", "Савватьева", "Ивановна", phones=["(960) 327-92-56", "84952932982"]),
                              contact(2, "Юлия", phones=["+7 960 327-92-56", "+7 495 111-22-33"])])
    assert groups(clusters, "contact") == [{"1", "2"}]


def test_a_numbered_corporate_mailbox_marks_a_second_employee_of_one_name(find):
    clusters = find(contacts=[contact(1, "Елена", "Чудаева", "Георгиевна", phones=["+79037046274"],
                                      emails=["e.chudaeva@fortuna.ru"], company_id="1"),
                              contact(2, "Елена", "Чудаева", phones=["956-411-38-67"], emails=["e.chudaeva2@fortuna.ru"],
                                      company_id="1")])
    assert clusters == []


def test_lead_whose_contact_id_is_the_contact_is_that_person(find):
    clusters = find(contacts=[contact(21154, "Олег", "Глухов", "Александрович", phones=["8 902 528-85-71"])],
                    leads=[lead(3143, "Олег", CONTACT_ID="21154", emails=["o.gluhov@example.ru"])])
    mixed = [cluster for cluster in clusters if cluster.entity_type == "mixed"]
    assert [set(cluster.ids) for cluster in mixed] == [{"lead:3143", "contact:21154"}]
    assert any("уже привязан к этому контакту" in reason for reason in mixed[0].reasons)


def test_a_contact_id_does_not_outweigh_a_conflicting_name(find):
    clusters = find(contacts=[contact(7, "Олег", "Глухов", phones=["8 902 528-85-71"])],
                    leads=[lead(8, "Анна", "Смирнова", CONTACT_ID="7")])
    assert clusters == []


def test_initials_and_the_full_name_on_a_mobile_one_slip_apart_merge(find):
    clusters = find(contacts=[contact(1, "А.", "Прокофиев", "М.", phones=["+7 (905) 822-77-63"]),
                              contact(2, "Алексей", "Прокофиев", phones=["8(905)832-77-63"])])
    assert groups(clusters, "contact") == [{"1", "2"}]


def test_a_first_name_only_card_on_a_mobile_with_two_digits_swapped_joins_the_full_card(find):
    clusters = find(contacts=[contact(1, "Лев", "Потапов", phones=["+7 950 033-21-12"]),
                              contact(2, "Лев", phones=["+7 (950) 033-21-21"])])
    assert groups(clusters, "contact") == [{"1", "2"}]


def test_a_thin_name_on_an_office_number_one_digit_off_is_a_colleague(find):
    # Office numbers run in sequence: the next one belongs to the next desk.
    assert find(contacts=[contact(1, "Лев", "Потапов", phones=["+7 495 033-21-12"]),
                          contact(2, "Лев", phones=["+7 (495) 033-21-13"]),
                          contact(3, "П.", "Потапов", "Л.", phones=["+7 (495) 033-21-14"])]) == []


def test_a_thin_name_on_a_mobile_one_slip_off_stays_apart_when_its_own_mailbox_disagrees(find):
    assert find(contacts=[contact(1, "Лев", "Потапов", phones=["+7 950 033-21-12"], emails=["potapov.lev@mail.ru"]),
                          contact(2, "Лев", phones=["+7 (950) 033-21-21"], emails=["lev.sidorov@gmail.com"])]) == []


def test_initials_that_do_not_fit_the_full_name_stay_apart_on_a_mobile_one_slip_off(find):
    assert find(contacts=[contact(1, "А.", "Прокофиев", "М.", phones=["+7 (905) 822-77-63"]),
                          contact(2, "Алексей", "Прокофиев", "Сергеевич", phones=["8(905)832-77-63"])]) == []


def test_a_surname_misspelt_differently_on_two_cards_with_one_mobile_merges(find):
    clusters = find(contacts=[contact(1, "Ия", "Таасова", "Андреевна", phones=["9342296407"]),
                              contact(2, "Ия", "Тараова", "Андреевна", phones=["(934) 229-64-07"])])
    assert groups(clusters, "contact") == [{"1", "2"}]


def test_a_surname_misspelt_differently_on_two_cards_with_nothing_personal_in_common_stays_apart(find):
    assert find(contacts=[contact(1, "Ия", "Таасова", "Андреевна", phones=["9342296407"]),
                          contact(2, "Ия", "Тараова", "Андреевна", phones=["9161112233"])]) == []


def test_a_lead_naming_the_firm_without_its_city_note_meets_the_contact_working_there(find):
    clusters = find(companies=[company(40, "ООО «Торг-Лайн» г. Новосибирск", phones=["8 383 609-99-83"])],
                    contacts=[contact(7, "Григорьев Николай Даниилович", company_id="40")],
                    leads=[lead(12, "Николай", "Григорьев",
                                company_title="Общество с ограниченной ответственностью «Торг-Лайн»")])
    assert {"lead:12", "contact:7"} in groups(clusters, "mixed")


def test_a_work_mailbox_and_a_private_one_do_not_make_namesakes_of_one_person(find):
    clusters = find(contacts=[contact(1, "Богданов Георгий Евгеньевич", phones=["+7 928 988-44-87"],
                                      emails=["bogdanov.g@tekhtreyd.com"]),
                              contact(2, "георгий", "богданов", "евгеньевич", phones=["+7 (928) 988-44-78"],
                                      emails=["georgiy-bogdanov@yandex.ru"])])
    assert groups(clusters, "contact") == [{"1", "2"}]


def test_two_private_mailboxes_still_make_namesakes_on_a_mobile_one_slip_apart(find):
    assert find(contacts=[contact(1, "Георгий", "Богданов", phones=["+7 928 988-44-87"], emails=["bogdanov.g@mail.ru"]),
                          contact(2, "Георгий", "Богданов", phones=["+7 (928) 988-44-78"],
                                  emails=["georgiy-bogdanov@yandex.ru"])]) == []


def test_namesakes_at_one_firm_with_their_own_mobiles_and_any_two_mailboxes_stay_apart(find):
    assert find(companies=[company(1, "ООО «Импульсфарм»", webs=["impulsfarm.ru"])],
                contacts=[contact(1, "Елена", "Попова", phones=["89193273087"], emails=["popova873906@gmail.com"],
                                  company_id="1"),
                          contact(2, "Елена", "Попова", "Сергеевна", phones=["+79677547674"],
                                  emails=["e.popova@impulsfarm.ru"], company_id="1")]) == []


def test_a_surname_misspelt_apart_on_a_mobile_one_slip_away_merges(find):
    clusters = find(contacts=[contact(1, "Анна", "Миронвоа", phones=["+79638350267"], emails=["anna.mironova@gmail.com"]),
                              contact(2, "Анна Мрионова", phones=["+7 (963) 853-02-67"])])
    assert groups(clusters, "contact") == [{"1", "2"}]


def test_a_thin_name_on_the_next_mobile_of_a_batch_is_another_person(find):
    # Numbers that differ in the last digit alone are a firm's or a family's SIM cards bought together.
    assert find(contacts=[contact(1, "Петр", "Иванов", "Петрович", phones=["+79161234567"]),
                          contact(2, "П.", "Иванов", phones=["+79161234568"])]) == []
    assert find(contacts=[contact(1, "Ольга", "Смирнова", "Петровна", phones=["+79161234502"])],
                leads=[lead(3, "Ольга", phones=["+79161234501"])]) == []


def test_a_surname_misspelt_apart_on_one_office_landline_is_two_colleagues(find):
    assert find(contacts=[contact(1, "Иван", "Жуков", phones=["+74952223344"]),
                          contact(2, "Иван", "Жаров", phones=["+74952223344"])]) == []


def test_two_work_mailboxes_at_two_firms_still_make_namesakes_on_a_mobile_one_slip_apart(find):
    assert find(contacts=[contact(1, "Богданов Георгий Евгеньевич", phones=["+79161234567"],
                                  emails=["g.bogdanov@romashka-stroy.ru"]),
                          contact(2, "Георгий", "Богданов", "Евгеньевич", phones=["+79161234576"],
                                  emails=["bogdanov@lukoil-trade.ru"])]) == []


def test_a_misspelt_first_name_at_the_same_firm_meets_its_full_card(find):
    clusters = find(companies=[company(1282, "ООО «Вектор»")],
                    contacts=[contact(1, "Виктр", "Анисимов", company_id="1282"),
                              contact(2, "Виктор", "Анисимов", phones=["935-755-30-62"], company_id="1282")])
    assert groups(clusters, "contact") == [{"1", "2"}]
