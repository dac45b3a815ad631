"""Protective and recall rules for companies, claimed through the public engine."""
import pytest

from tests.dedupe.crm_rows import company, groups, requisite


def test_companies_with_different_inns_are_never_grouped(find):
    clusters = find(companies=[company(1, "ООО Ромашка", phones=["+74951234567"], emails=["info@romashka.ru"]),
                               company(2, "ООО «Ромашка»", phones=["+74951234567"], emails=["info@romashka.ru"])],
                    requisites=[requisite(1, "7707083893", "770701001"), requisite(2, "7717586110", "770501001")])
    assert clusters == []


def test_branches_with_one_inn_and_different_kpps_are_separate(find):
    clusters = find(companies=[company(1, "ООО Ромашка", webs=["romashka.ru"]),
                               company(2, "ООО Ромашка", webs=["https://www.romashka.ru/"])],
                    requisites=[requisite(1, "7707083893", "770701001"), requisite(2, "7707083893", "165743001")])
    assert clusters == []


def test_same_common_name_in_different_cities_with_different_inns_are_different(find):
    clusters = find(companies=[company(1, "ООО Альфа", city="Москва"), company(2, "ООО «Альфа»", city="Казань")],
                    requisites=[requisite(1, "7707083893"), requisite(2, "1648791570")])
    assert clusters == []


def test_title_alone_does_not_pair_two_cards_that_each_have_their_own_data(find):
    assert find(companies=[company(1, "ООО Ромашка", phones=["+74951234567"]),
                           company(2, "Ромашка ООО", phones=["+74959876543"])]) == []


def test_bare_card_joins_the_one_company_carrying_its_title(find):
    clusters = find(companies=[company(1, "ООО 'ТехноРесурс'", phones=["8635665217"], webs=["tekhnoresurs.ru"]),
                               company(2, "ТехноРесурс")], requisites=[requisite(1, "7707083893", "770701001")])
    assert groups(clusters, "company") == [{"1", "2"}]
    assert any("больше ничего не заполнено" in reason for reason in clusters[0].reasons)


def test_bare_cards_of_one_title_are_one_company(find):
    clusters = find(companies=[company(1, "ООО Ромашка"), company(2, "Ромашка ООО"), company(3, "«РОМАШКА»")])
    assert groups(clusters, "company") == [{"1", "2", "3"}]


def test_bare_card_whose_title_two_separate_companies_carry_joins_neither(find):
    clusters = find(companies=[company(1, "ООО Альфа", phones=["+74951234567"]), company(2, "ООО «Альфа»", city="Казань"),
                               company(3, "Альфа ООО", phones=["+78432345678"])])
    assert clusters == []


def test_bare_card_in_another_city_or_legal_form_stays_apart(find):
    clusters = find(companies=[company(1, "ООО Альфа", phones=["+74951234567"], city="Москва"),
                               company(2, "ООО «Альфа»", city="Казань"), company(3, "АНО Альфа")])
    assert clusters == []


def test_similar_long_names_sharing_a_business_centre_phone_are_different(find):
    centre = "+7 343 222-33-44"
    clusters = find(companies=[company(1, "Уральский завод тяжёлого машиностроения", phones=[centre]),
                               company(2, "Уральский завод химического машиностроения", phones=[centre])])
    assert clusters == []


def test_entrepreneurs_with_the_same_surname_and_initials_but_other_inns_are_different(find):
    clusters = find(companies=[company(1, "ИП Иванов И.И.", phones=["+79161112233"]),
                               company(2, "ИП Иванов И.И.", phones=["+79161112233"])],
                    requisites=[requisite(1, "500100732259"), requisite(2, "773162142921")])
    assert clusters == []


def test_same_inn_and_kpp_merge_whatever_the_title(find):
    clusters = find(companies=[company(1, "ООО Ромашка"), company(2, "ТД Ромашка-Центр")],
                    requisites=[requisite(1, "7707083893", "770701001"), requisite(2, "7707083893", "770701001")])
    assert groups(clusters, "company") == [{"1", "2"}]
    assert "одинаковые ИНН и КПП 7707083893 / 770701001" in clusters[0].reasons


def test_title_in_another_form_plus_the_same_site_merges(find):
    clusters = find(companies=[company(1, 'ООО "Ромашка"', webs=["https://www.romashka.ru/contacts"]),
                               company(2, "Общество с ограниченной ответственностью «РОМАШКА»",
                                       emails=["sales@romashka.ru"])])
    assert groups(clusters, "company") == [{"1", "2"}]


def test_inn_written_into_banking_details_counts(find):
    clusters = find(companies=[company(1, "ГАЗПРОМ"), {**company(2, "ПАО Газпром"), "BANKING_DETAILS": "7736050003"}],
                    requisites=[requisite(1, "7736050003", "")])
    assert groups(clusters, "company") == [{"1", "2"}]


def test_one_inn_without_kpp_on_either_card_is_one_company_even_if_renamed(find):
    clusters = find(companies=[company(1, "ООО Ромашка"), company(2, "ТД Лютик")],
                    requisites=[requisite(1, "7707083893"), requisite(2, "7707083893")])
    assert groups(clusters, "company") == [{"1", "2"}]


def test_kpp_on_one_card_only_needs_the_title_to_agree(find):
    clusters = find(companies=[company(1, "ООО Ромашка"), company(2, "ТД Лютик")],
                    requisites=[requisite(1, "7707083893", "770701001"), requisite(2, "7707083893")])
    assert clusters == []


def test_a_city_note_on_one_card_is_still_the_same_firm_with_the_same_site(find):
    clusters = find(companies=[company(1, 'ЗАО "Балтийский Дом Отделочных Материалов"', webs=["http://bdommaterial.ru/"]),
                               company(2, 'ЗАО "Балтийский Дом Отделочных Материалов" (Москва)',
                                       webs=["https://bdommaterial.ru/"])])
    assert groups(clusters, "company") == [{"1", "2"}]


def test_a_branch_note_on_one_card_keeps_head_office_and_branch_apart_despite_one_site(find):
    clusters = find(companies=[company(1, "АО «Мегаполис»", webs=["megapolis.ru"]),
                               company(2, "АО «Мегаполис» (филиал в г. Казань)", webs=["megapolis.ru"])])
    assert clusters == []


def test_entrepreneur_by_surname_and_by_full_name_with_one_phone_is_one(find):
    clusters = find(companies=[company(1, "ИП Меркушев", phones=["+74953655455"]),
                               company(2, "Меркушев Михаил Евгеньевич ИП", phones=["8 (495) 365-54-55"])])
    assert groups(clusters, "company") == [{"1", "2"}]


def test_a_city_typed_with_or_without_its_g_prefix_is_one_city(find):
    clusters = find(companies=[company(1, "ООО «Альтаир-Энерго»", phones=["8-499-242-98-81"], city="Москва"),
                               company(2, "Альтаир-Энерго ООО", phones=["8 (499) 242-98-81"], city="г. Москва")])
    assert groups(clusters, "company") == [{"1", "2"}]


def test_an_entrepreneurs_two_cards_with_one_inn_are_one_even_in_two_cities(find):
    clusters = find(companies=[company(1, "Лапина Олеся Олеговна", city="Новосибирск"),
                               company(2, "ИП Лапина Олеся Олеговна", city="Бердск")],
                    requisites=[requisite(1, "500100732259"), requisite(2, "500100732259")])
    assert groups(clusters, "company") == [{"1", "2"}]


def test_an_organisations_inn_without_kpp_in_two_cities_may_be_two_branches(find):
    clusters = find(companies=[company(1, "ООО Ромашка", city="Москва"), company(2, "ООО Ромашка", city="Казань")],
                    requisites=[requisite(1, "7707083893"), requisite(2, "7707083893")])
    assert clusters == []


def test_same_title_at_the_same_street_address_is_one_company(find):
    clusters = find(companies=[company(1, "Комплекттоннельмонтаж (ООО)", phones=["84956933967"],
                                       address="ул. Белинского, д. 72, оф. 795", city="Химки"),
                               company(2, "ООО комплекттоннельмонтаж", webs=["komplekttonnelmontazh.ru"],
                                       address="Белинского ул., 72, офис 795", city="г. Химки")])
    assert groups(clusters, "company") == [{"1", "2"}]
    assert any("адрес" in reason for reason in clusters[0].reasons)


def test_entrepreneur_with_initials_at_the_same_address_is_the_full_name(find):
    clusters = find(companies=[company(1, "Марчук М.П. ИП", address="ул. Западная, д. 122, оф. 470"),
                               company(2, "ИП Марчук Максим Петрович", address="ул. Западная, д. 122, оф. 470",
                                       phones=["+79021278345"])])
    assert groups(clusters, "company") == [{"1", "2"}]


def test_a_business_centre_address_does_not_back_a_title_that_is_only_similar(find):
    centre = "Ленинский пр-т, д. 15, оф. 1"
    clusters = find(companies=[company(1, "ООО Стройсервис", address=centre, phones=["+74951112233"]),
                               company(2, "ООО Стройсервиз", address=centre, phones=["+74954445566"]),
                               company(3, "АО Техноком", address=centre, phones=["+74957778899"])])
    assert clusters == []


def test_the_same_settlement_account_is_one_company(find):
    bank = "Р/с 40702810238000139300 в ПАО Сбербанк, БИК 044525225, К/с 30101810400000000225"
    clusters = find(companies=[company(1, "ООО Топомегаконсалт", banking=bank, phones=["+74851112233"]),
                               company(2, "Общество с ограниченной ответственностью «Топомегаконсалт»", banking=bank)])
    assert groups(clusters, "company") == [{"1", "2"}]
    assert any("расчётный счёт 40702810238000139300" in reason for reason in clusters[0].reasons)


def test_one_banks_correspondent_account_does_not_make_its_clients_one(find):
    clusters = find(companies=[company(1, "ООО Ромашка", banking="Р/с 40702810238000139300, К/с 30101810400000000225",
                                       phones=["+74951112233"]),
                               company(2, "ООО Лютик", banking="Р/с 40702810438000139311, К/с 30101810400000000225",
                                       phones=["+74954445566"])])
    assert clusters == []


def test_a_card_with_only_an_address_is_still_a_bare_card_of_its_title(find):
    clusters = find(companies=[company(1, "ООО Ромашка", phones=["+74951112233"]),
                               company(2, "ООО «Ромашка»", address="ул. Ленина, д. 5")])
    assert groups(clusters, "company") == [{"1", "2"}]


def test_a_bare_card_at_another_address_is_another_firm_of_that_name(find):
    clusters = find(companies=[company(1, "ООО Ромашка", phones=["+74951112233"], address="ул. Мира, д. 1"),
                               company(2, "ООО «Ромашка»", address="ул. Ленина, д. 5")])
    assert clusters == []


def test_one_account_on_two_differently_named_firms_does_not_make_them_one(find):
    bank = "Р/с 40702810238000139300 в ПАО Сбербанк, БИК 044525225"
    clusters = find(companies=[company(1, "ООО Альфа", banking=bank), company(2, "ООО Бета Строй", banking=bank)])
    assert clusters == []


def test_a_phone_shared_with_the_same_firms_city_noted_card_is_its_own_line(find):
    clusters = find(companies=[company(1, 'ООО "Центральное Агентство Спецтехники"', phones=["+7 812 772-96-15"]),
                               company(2, 'ООО ""Центральное Агентство Спецтехники"" г. Санкт-Петербург',
                                       phones=["8 (812) 772-96-15"])],
                    requisites=[requisite(1, "7825979319", "782501001")])
    assert groups(clusters, "company") == [{"1", "2"}]


def test_a_bare_card_joins_the_one_firm_whose_card_adds_a_city_to_its_title(find):
    clusters = find(companies=[company(1, 'ЗАО "Южный Медицинский Дом" г. Ростов-на-Дону', phones=["88636962962"]),
                               company(2, "Южный Медицинский Дом")],
                    requisites=[requisite(1, "6165094227", "616501001")])
    assert groups(clusters, "company") == [{"1", "2"}]


def test_a_bare_card_does_not_join_a_branch_of_its_title(find):
    clusters = find(companies=[company(1, "Филиал ООО «Ромашка» в г. Казань", phones=["+78432223344"]),
                               company(2, "Ромашка")])
    assert clusters == []


def test_a_bare_card_that_adds_a_city_to_the_title_joins_the_one_firm_of_that_title(find):
    clusters = find(companies=[company(1, 'ООО "СнабМонтаж"', phones=["+7 (812) 481-49-83"]),
                               company(2, "СнабМонтаж ООО", phones=["8 812 481 49 83"]),
                               company(3, "ООО «СнабМонтаж» г. Санкт-Петербург")])
    assert groups(clusters, "company") == [{"1", "2", "3"}]


def test_a_bare_card_naming_a_branch_does_not_join_the_head_office(find):
    clusters = find(companies=[company(1, "ООО «Ромашка»", phones=["+74951234567"]),
                               company(2, "ООО «Ромашка» филиал в г. Казань")])
    assert clusters == []


def test_one_entrepreneurs_full_name_on_two_cards_in_one_city_is_one_company(find):
    clusters = find(companies=[company(1, "Вилова Кира Алексеевна", city="Петрозаводск", phones=["+79018315917"]),
                               company(2, "ИП Вилова Кира Алексеевна", city="г. Петрозаводск")],
                    requisites=[requisite(2, "500100732259", "")])
    assert groups(clusters, "company") == [{"1", "2"}]


def test_a_bare_full_name_and_the_entrepreneurs_initials_at_one_address_are_one_company(find):
    clusters = find(companies=[company(1, "Чубов Александр Иванович", city="Уфа", address="пр-т Октябрьский, д. 139, оф. 188"),
                               company(2, "Чубов А.И. ИП", city="г. Уфа", address="Октябрьский пр-т, 139, офис 188")])
    assert groups(clusters, "company") == [{"1", "2"}]


def test_entrepreneurs_sharing_surname_and_initials_only_are_not_grouped(find):
    assert find(companies=[company(1, "ИП Петров А.С.", city="Москва", phones=["+79161112233"]),
                           company(2, "ИП Петров А.С.", city="Москва", phones=["+79164445566"])]) == []


def test_one_full_name_in_two_cities_or_under_two_inns_is_two_entrepreneurs(find):
    assert find(companies=[company(1, "ИП Иванов Иван Иванович", city="Москва", phones=["+79161112233"]),
                           company(2, "Иванов Иван Иванович", city="Казань")]) == []
    assert find(companies=[company(1, "ИП Иванов Иван Иванович", phones=["+79161112233"]),
                           company(2, "Иванов Иван Иванович")],
                requisites=[requisite(1, "500100732259", ""), requisite(2, "770100000079", "")]) == []


def test_a_title_ending_with_the_cards_own_city_is_the_same_firm(find):
    clusters = find(companies=[company(1, "ООО Богданов и К", city="Мурманск", phones=["(8152) 59-30-68"],
                                       webs=["bogdanov-i-k.ru"]),
                               company(2, 'ООО "Богданов и К" Мурманск', city="Мурманск", phones=["+7 (8152) 59-30-68"],
                                       webs=["https://bogdanov-i-k.ru"])])
    assert groups(clusters, "company") == [{"1", "2"}]


def test_a_plain_bare_card_does_not_merge_the_firms_cards_from_two_cities(find):
    assert groups(find(companies=[company(1, "Торг-Лайн"), company(2, "Торг-Лайн г. Москва"),
                                  company(3, "Торг-Лайн г. Новосибирск")]), "company") == []
    assert groups(find(companies=[company(1, "Торг-Лайн", phones=["+74951112233"]), company(2, "Торг-Лайн г. Москва"),
                                  company(3, "Торг-Лайн г. Новосибирск")]), "company") == []


@pytest.mark.parametrize("order", [(1, 2, 3), (3, 2, 1)])
def test_a_bare_card_with_a_city_note_is_attached_once_whatever_the_order(find, order):
    rows = {1: company(1, "Торг-Лайн г. Новосибирск"), 2: company(2, "Торг-Лайн г. Новосибирск"),
            3: company(3, "Торг-Лайн", phones=["+73831112233"])}
    assert groups(find(companies=[rows[n] for n in order]), "company") == [{"1", "2", "3"}]


def test_one_full_name_on_two_cards_with_their_own_disagreeing_data_is_two_entrepreneurs(find):
    assert find(companies=[company(1, "ИП Иванов Александр Сергеевич", phones=["+79161112233"],
                                   emails=["ivanov.as@mail.ru"], address="ул. Ленина, д. 5"),
                           company(2, "ИП Иванов Александр Сергеевич", phones=["+79035556677"],
                                   emails=["a.ivanov@yandex.ru"], address="ул. Мира, д. 12")]) == []
    assert find(companies=[company(1, "ИП Сергей Петрович", phones=["+79161112233"]),
                           company(2, "ИП Сергей Петрович", phones=["+79035556677"])]) == []


def test_a_bare_card_joins_the_group_two_cards_of_its_title_formed_by_their_address(find):
    clusters = find(companies=[company(1, "АНО Ассоциация «Аврора»", city="Новосибирск", address="пер. Морозова, д. 38, оф. 104"),
                               company(2, "АНО ассоциация «аврора»", city="г. Новосибирск"),
                               company(3, "АНО Ассоциация «Аврора»", city="Новосибирск", address="пер. Морозова, 38, офис 104")])
    assert groups(clusters, "company") == [{"1", "2", "3"}]
