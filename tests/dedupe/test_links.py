"""Lead → company links for the lead-linking feature."""
import pytest

from tests.dedupe.crm_rows import company, contact, lead, requisite


def links(clusters):
    return [set(cluster.ids) for cluster in clusters if cluster.entity_type == "mixed"]


def test_lead_with_the_company_title_and_its_phone_is_linked(find):
    clusters = find(companies=[company(40, "ООО «Ромашка»", phones=["+7 495 123-45-67"])],
                    leads=[lead(12, "Иван", company_title="Ромашка ООО", phones=["8 (495) 123-45-67"])])
    assert links(clusters) == [{"lead:12", "company:40"}]


def test_lead_with_a_corporate_mailbox_of_the_company_site_is_linked(find):
    clusters = find(companies=[company(40, "ООО «Ромашка»", webs=["https://romashka.ru"])],
                    leads=[lead(12, "Иван", "Петров", emails=["i.petrov@romashka.ru"])])
    assert links(clusters) == [{"lead:12", "company:40"}]


def test_lead_with_an_inn_is_linked_to_that_company(find):
    clusters = find(companies=[company(40, "ООО «Ромашка»")], requisites=[requisite(40, "7707083893", "770701001")],
                    leads=[lead(12, "Иван", comments="Реквизиты: ИНН 7707083893")])
    assert links(clusters) == [{"lead:12", "company:40"}]


def test_lead_carrying_the_inn_of_a_company_with_branches_is_linked_to_none(find):
    clusters = find(companies=[company(40, "ООО «Ромашка»"), company(41, "ООО «Ромашка»")],
                    requisites=[requisite(40, "7707083893", "770701001"), requisite(41, "7707083893", "165743001")],
                    leads=[lead(12, "Иван", company_title="ООО Ромашка", UF_CRM_INN="7707083893")])
    assert links(clusters) == []


@pytest.mark.parametrize("branch_title", ["Филиал ООО «Ромашка» в г. Казани", "ООО «Ромашка» (филиал в г. Казань)"])
def test_lead_with_only_the_inn_is_linked_to_none_when_a_card_titled_as_that_firms_branch_shows_it_has_branches(
        find, branch_title):
    clusters = find(companies=[company(40, "ООО «Ромашка»"), company(41, branch_title)],
                    requisites=[requisite(40, "7707083893", "770701001")],
                    leads=[lead(12, "Иван", "Петров", comments="ИНН: 7707083893", phones=["+79161234567"])])
    assert links(clusters) == []


def test_a_branch_card_of_another_firm_of_that_name_leaves_the_inn_naming_its_office(find):
    clusters = find(companies=[company(40, "ООО «Ромашка»"), company(41, "Филиал ООО «Ромашка» в г. Казани")],
                    requisites=[requisite(40, "7707083893", "770701001"), requisite(41, "500100732259", "165743001")],
                    leads=[lead(12, "Иван", "Петров", comments="ИНН: 7707083893", phones=["+79161234567"])])
    assert links(clusters) == [{"lead:12", "company:40"}]


@pytest.mark.parametrize("branch_title", ["Филиал АО «Спутник-Энерго» в г. Петрозаводск",
                                          "АО «Спутник-Энерго» (филиал в г. Петрозаводск)"])
def test_lead_of_a_branch_is_not_linked_to_the_head_office_card_by_the_mail_domain_every_office_shares(find, branch_title):
    clusters = find(companies=[company(288, "АО Спутник-Энерго", webs=["sputnik-energo.net"], phones=["+74951234567"])],
                    leads=[lead(12, "Света", company_title=branch_title, emails=["andronova@sputnik-energo.net"])])
    assert links(clusters) == []


@pytest.mark.parametrize("branch_title", ["АО «ВодоМонтаж» (филиал, Саратов)", "Филиал АО «ВодоМонтаж» в г. Саратове"])
def test_lead_of_a_branch_is_linked_by_the_mail_domain_to_a_plainly_titled_card_in_the_branchs_city(find, branch_title):
    clusters = find(companies=[company(1981, "АО «ВодоМонтаж»", webs=["vodomontazh.ru"], city="Саратов")],
                    leads=[lead(12, "Руслан", "Самсонский", company_title=branch_title, emails=["r.s@vodomontazh.ru"])])
    assert links(clusters) == [{"lead:12", "company:1981"}]


def test_a_card_of_that_name_in_another_city_without_requisites_leaves_the_inn_naming_its_firm(find):
    clusters = find(companies=[company(235, 'ООО "ИНФОСЕРВИС"', city="Москва"), company(1781, "ООО ИнфоСервис", city="Санкт-Петербург")],
                    requisites=[requisite(235, "7705714487", "770501001")],
                    leads=[lead(12, "Ирина", "Лебедева", comments="ИНН: 7705714487")])
    assert links(clusters) == [{"lead:12", "company:235"}]


@pytest.mark.parametrize("branch_title, lead_city, card_city", [
    ("АО «ВодоМонтаж» (филиал в Нижнем Новгороде)", None, "Нижний Новгород"),
    ("Филиал АО «ВодоМонтаж» в г. Уфе", None, "Уфа"),
    ("АО «ВодоМонтаж» филиал", "Саратов", "г. Саратов")])
def test_the_branch_is_found_in_the_cards_city_by_its_note_in_any_case_or_by_the_leads_own_city(
        find, branch_title, lead_city, card_city):
    clusters = find(companies=[company(1981, "АО «ВодоМонтаж»", webs=["vodomontazh.ru"], city=card_city)],
                    leads=[lead(12, "Руслан", "Самсонский", company_title=branch_title, emails=["r.s@vodomontazh.ru"],
                                ADDRESS_CITY=lead_city)])
    assert links(clusters) == [{"lead:12", "company:1981"}]


def test_a_firm_named_after_a_city_is_not_in_its_branchs_city(find):
    clusters = find(companies=[company(1, "ООО «Тверь»", webs=["tver-firm.ru"], city="Тверь")],
                    leads=[lead(12, "Иван", "Петров", company_title="Филиал ООО «Тверь» в Москве", emails=["ip@tver-firm.ru"])])
    assert links(clusters) == []


def test_branch_named_in_the_lead_is_chosen_over_the_head_office(find):
    clusters = find(companies=[company(40, "ООО «Ромашка»"), company(41, "ООО «Ромашка» филиал Казань")],
                    requisites=[requisite(40, "7707083893", "770701001"), requisite(41, "7707083893", "165743001")],
                    leads=[lead(12, "Иван", company_title="Ромашка филиал Казань", UF_CRM_INN="7707083893")])
    assert links(clusters) == [{"lead:12", "company:41"}]


def test_lead_title_shared_by_two_firms_in_different_cities_is_linked_to_none(find):
    clusters = find(companies=[company(40, "ООО Альфа", city="Москва"), company(41, "ООО Альфа", city="Казань")],
                    leads=[lead(12, "Иван", company_title="ООО «Альфа»")])
    assert links(clusters) == []


def test_lead_naming_another_company_is_not_linked_by_a_shared_phone(find):
    clusters = find(companies=[company(40, "ООО Ромашка", phones=["+74951234567"])],
                    leads=[lead(12, "Иван", company_title="ООО Лютик", phones=["+74951234567"])])
    assert links(clusters) == []


def test_branch_phone_plus_the_shared_mail_domain_picks_the_branch(find):
    clusters = find(companies=[company(40, "ООО Ясеньторг", webs=["yasentorg.su"]),
                               company(41, "ООО Ясеньторг филиал СПб", phones=["812-624-65-66"], webs=["yasentorg.su"])],
                    leads=[lead(12, "Лариса Лыченко", phones=["+7 812 624-65-66 доб. 339"], emails=["l.lychenko@yasentorg.su"])])
    assert links(clusters) == [{"lead:12", "company:41"}]


def test_two_leads_of_one_company_are_linked_in_separate_clusters(find):
    clusters = find(companies=[company(40, "ООО «Ромашка»", phones=["+7 495 123-45-67"])],
                    leads=[lead(12, "Иван", "Петров", company_title="Ромашка", phones=["8 (495) 123-45-67"]),
                           lead(13, "Ольга", "Смирнова", company_title="Ромашка", phones=["8 (495) 123-45-67"])])
    assert sorted(links(clusters), key=sorted) == [{"lead:12", "company:40"}, {"lead:13", "company:40"}]


def test_lead_naming_the_firm_plainly_links_to_the_branch_card_whose_office_number_it_shows(find):
    clusters = find(companies=[company(40, "АО «Мегаполис»", phones=["+7 495 111-22-33"]),
                               company(41, "АО «Мегаполис» (филиал в г. Казань)", phones=["8 (843) 853-91-20"])],
                    leads=[lead(12, "Марина", company_title="АО «Мегаполис»", phones=["8-843-853-91-20"])])
    assert links(clusters) == [{"lead:12", "company:41"}]


def test_title_alone_does_not_link_a_lead_whose_office_number_is_in_another_city(find):
    clusters = find(companies=[company(40, "ООО «Кам-Поставка»", phones=["8 (499) 714-70-45"])],
                    leads=[lead(12, "Оксана", company_title="ООО КамПоставка", phones=["+7 3812 739703"])])
    assert links(clusters) == []


def test_title_alone_does_not_link_a_lead_whose_mail_domain_is_another_firms(find):
    clusters = find(companies=[company(40, "ООО «Кам-Поставка»", webs=["kampostavka.ru"])],
                    leads=[lead(12, "Оксана", company_title="ООО КамПоставка", emails=["o.petrova@kampostavka-omsk.ru"])])
    assert links(clusters) == []


def test_lead_with_the_inn_of_a_company_with_branches_links_to_the_branch_whose_phone_and_mailbox_it_shows(find):
    clusters = find(companies=[company(40, "ООО «Ясеньторг»", webs=["yasentorg.su"]),
                               company(41, "ООО «Ясеньторг»", phones=["8 (495) 942-44-06"],
                                       emails=["msk@yasentorg.su"], webs=["yasentorg.su"])],
                    requisites=[requisite(40, "5265303994", "526501001"), requisite(41, "5265303994", "776543464")],
                    leads=[lead(12, "Ирина", "Варская", company_title="ООО «Ясеньторг»", UF_CRM_INN="5265303994",
                                phones=["8 (495) 942-44-06"], emails=["msk@yasentorg.su"])])
    assert links(clusters) == [{"lead:12", "company:41"}]


def test_lead_with_the_inn_of_a_company_with_branches_and_a_mobile_only_still_links_to_none(find):
    clusters = find(companies=[company(40, "ООО «Ясеньторг»", webs=["yasentorg.su"]),
                               company(41, "ООО «Ясеньторг»", phones=["8 (495) 942-44-06"], webs=["yasentorg.su"])],
                    requisites=[requisite(40, "5265303994", "526501001"), requisite(41, "5265303994", "776543464")],
                    leads=[lead(12, "Ирина", "Варская", company_title="ООО «Ясеньторг»", UF_CRM_INN="5265303994",
                                phones=["+7 921 331-50-01"])])
    assert links(clusters) == []


def test_lead_with_only_the_inn_is_not_linked_to_a_branch_card_even_when_the_head_office_has_no_card(find):
    # KPP 771143013: digits 5–6 are 43, a separate subdivision; the INN names the legal entity, not this office
    clusters = find(companies=[company(40, "Филиал АО «Uni Plast» в г. Москва", phones=["(495) 770-22-73"])],
                    requisites=[requisite(40, "7707083893", "771143013")],
                    leads=[lead(12, "Александр", comments="ИНН 7707083893", phones=["+7-931-298-0189"])])
    assert links(clusters) == []


def test_lead_with_the_inn_and_the_branch_office_number_is_linked_to_that_branch(find):
    clusters = find(companies=[company(40, "Филиал АО «Uni Plast» в г. Москва", phones=["(495) 770-22-73"])],
                    requisites=[requisite(40, "7707083893", "771143013")],
                    leads=[lead(12, "Александр", comments="ИНН 7707083893", phones=["8 495 770-22-73"])])
    assert links(clusters) == [{"lead:12", "company:40"}]


def test_lead_already_linked_to_a_company_in_the_crm_is_linked_to_it(find):
    clusters = find(companies=[company(40, "ООО «Ромашка»"), company(41, "ООО «Лютик»")],
                    leads=[lead(12, "Иван", "Петров", COMPANY_ID="40")])
    assert links(clusters) == [{"lead:12", "company:40"}]
    assert any("уже привязан к этой компании" in reason for reason in clusters[0].reasons)


def test_the_leads_own_company_id_outranks_another_company_holding_its_inn(find):
    clusters = find(companies=[company(40, "ООО «Ромашка»"), company(41, "ООО «Лютик»")],
                    requisites=[requisite(41, "7707083893", "770701001")],
                    leads=[lead(12, "Иван", "Петров", comments="ИНН 7707083893", COMPANY_ID="40")])
    assert links(clusters) == [{"lead:12", "company:40"}]


def test_the_leads_own_company_id_is_refused_when_its_inn_is_another(find):
    clusters = find(companies=[company(40, "ООО «Ромашка»")], requisites=[requisite(40, "7717586110", "770501001")],
                    leads=[lead(12, "Иван", "Петров", comments="ИНН 7707083893", COMPANY_ID="40")])
    assert links(clusters) == []


def test_a_lead_who_is_a_known_contact_is_linked_to_that_contacts_firm_among_two_of_one_name(find):
    clusters = find(companies=[company(40, "ООО Альфа", city="Москва"), company(41, "ООО Альфа", city="Казань")],
                    contacts=[contact(7, "Иван", "Петров", phones=["+7 912 345-67-89"], company_id="41")],
                    leads=[lead(12, "Иван", "Петров", company_title="ООО «Альфа»", phones=["8 912 345 67 89"])])
    assert {"lead:12", "company:41"} in links(clusters)
    assert {"lead:12", "company:40"} not in links(clusters)
    company_link = next(cluster for cluster in clusters if set(cluster.ids) == {"lead:12", "company:41"})
    assert any("контакт Петров Иван" in reason for reason in company_link.reasons)


def test_a_known_contact_picks_the_office_when_the_lead_shows_only_the_inn_of_a_firm_with_branches(find):
    clusters = find(companies=[company(40, "ООО «Ромашка»"), company(41, "ООО «Ромашка»")],
                    requisites=[requisite(40, "7707083893", "770701001"), requisite(41, "7707083893", "165743001")],
                    contacts=[contact(7, "Иван", "Петров", emails=["petrov@mail.ru"], company_id="41")],
                    leads=[lead(12, "Иван", "Петров", UF_CRM_INN="7707083893", emails=["PETROV@mail.ru"])])
    assert {"lead:12", "company:41"} in links(clusters)
    assert {"lead:12", "company:40"} not in links(clusters)


def test_a_known_contacts_firm_is_not_linked_when_the_lead_names_another(find):
    clusters = find(companies=[company(40, "ООО Альфа"), company(41, "ООО Бета")],
                    contacts=[contact(7, "Иван", "Петров", phones=["+7 912 345-67-89"], company_id="40")],
                    leads=[lead(12, "Иван", "Петров", company_title="ООО Бета", phones=["8 912 345 67 89"])])
    assert {"lead:12", "company:40"} not in links(clusters)


def test_a_known_contacts_firm_is_not_linked_to_a_lead_that_names_no_firm(find):
    clusters = find(companies=[company(40, "ООО Альфа")],
                    contacts=[contact(7, "Иван", "Петров", phones=["+7 912 345-67-89"], company_id="40")],
                    leads=[lead(12, "Иван", "Петров", phones=["8 912 345 67 89"])])
    assert links(clusters) == [{"lead:12", "contact:7"}]


@pytest.mark.parametrize("card_title, lead_title", [
    ("ООО «Центральный Дом Бытовой Техники» г. Казань", "ООО Центральный Дом Бытовой Техники"),
    ("ООО «Центральный Дом Бытовой Техники»", "Центральный Дом Бытовой Техники г. Казань")])
def test_a_city_note_on_the_card_or_on_the_lead_still_names_the_firm(find, card_title, lead_title):
    clusters = find(companies=[company(40, card_title, phones=["+7 843 9496069"])],
                    leads=[lead(12, "Рита", company_title=lead_title, phones=["+7 920 7202384"])])
    assert links(clusters) == [{"lead:12", "company:40"}]


def test_a_lead_naming_a_branch_is_not_linked_to_the_head_office_card_by_its_title(find):
    clusters = find(companies=[company(40, "ООО «Диалогстрой»")],
                    leads=[lead(12, "Иван", company_title="Диалогстрой филиал Москва", phones=["+7 909 043-05-18"])])
    assert links(clusters) == []


def test_a_plain_lead_title_with_the_firms_card_in_one_city_and_a_noted_card_in_another_links_to_neither(find):
    clusters = find(companies=[company(40, "Торг-Лайн", city="Москва", phones=["+74951112233"]),
                               company(41, "Торг-Лайн г. Новосибирск", phones=["+73831112233"])],
                    leads=[lead(12, "Иван", company_title="ООО Торг-Лайн", phones=["+79161112233"])])
    assert links(clusters) == []


def test_a_lead_only_weakly_matching_a_contact_does_not_pick_the_branch_the_contact_works_at(find):
    clusters = find(companies=[company(40, "ООО «Ромашка»"), company(41, "ООО «Ромашка»")],
                    requisites=[requisite(40, "7707083893", "770701001"), requisite(41, "7707083893", "165743001")],
                    contacts=[contact(7, "Иван", "Петров", phones=["+79121234567"], company_id="41")],
                    leads=[lead(12, "Иван", UF_CRM_INN="7707083893", phones=["+79121234576"])])
    assert all("company:41" not in link for link in links(clusters))
