import pytest

from dedupe.comparisons import relate_emails
from dedupe.emails import emails_in_text, normalize_email


@pytest.mark.parametrize("raw", [" Ivan.Petrov@Mail.RU ", "mailto:ivan.petrov@mail.ru", "Иван <ivan.petrov@mail.ru>",
                                 "ivan.petrov @ mail.ru"])
def test_case_spaces_mailto_and_display_names_are_cleaned(raw):
    assert normalize_email(raw).address == "ivan.petrov@mail.ru"


@pytest.mark.parametrize("raw, domain", [("ivan@mail.ri", "mail.ru"), ("ivan@mial.ru", "mail.ru"),
                                         ("ivan@gmial.com", "gmail.com"), ("ivan@gmail.con", "gmail.com"),
                                         ("ivan@yandx.ru", "yandex.ru")])
def test_obvious_typos_in_popular_domains_are_fixed(raw, domain):
    assert normalize_email(raw).domain == domain


def test_a_real_domain_one_letter_from_a_short_popular_one_is_left_alone():
    assert normalize_email("ivan@mall.ru").domain == "mall.ru"


@pytest.mark.parametrize("raw", ["ivan.petrov@ya.ru", "ivan-petrov@yandex.com", "ivan.petrov@yandex.by",
                                 "ivan.petrov+shop@yandex.ru"])
def test_yandex_aliases_are_one_mailbox(raw):
    assert normalize_email(raw).mailbox == normalize_email("ivan.petrov@yandex.ru").mailbox


@pytest.mark.parametrize("raw", ["ivanpetrov@gmail.com", "ivan.petrov+crm@gmail.com", "Ivan.Petrov@googlemail.com"])
def test_gmail_ignores_dots_and_plus_tags(raw):
    assert normalize_email(raw).mailbox == "ivanpetrov@gmail.com"


def test_mail_ru_domains_are_different_mailboxes():
    assert normalize_email("ivan@mail.ru").mailbox != normalize_email("ivan@bk.ru").mailbox


@pytest.mark.parametrize("raw, role", [("info@romashka.ru", True), ("sales2@romashka.ru", True),
                                       ("office@romashka.ru", True), ("i.petrov@romashka.ru", False)])
def test_role_mailboxes_are_flagged(raw, role):
    assert normalize_email(raw).role is role


def test_addresses_typed_into_comments_are_found_and_marked():
    found = emails_in_text("Клиент с выставки. Почта: Ivan.Petrov@mail.ru, резерв ivan@ya.ru.")
    assert [email.address for email in found] == ["ivan.petrov@mail.ru", "ivan@ya.ru"]
    assert all(email.from_comments for email in found)


def test_text_without_an_address_gives_none():
    assert normalize_email("нет почты") is None


def test_two_addresses_typed_into_one_field_are_both_kept(find):
    from tests.dedupe.crm_rows import contact, groups
    clusters = find(contacts=[contact(1, "Иван", "Петров", emails=["ivan@mail.ru; petrov@gmail.com"]),
                              contact(2, "Иван", "Петров", emails=["petrov@gmail.com"])])
    assert groups(clusters, "contact") == [{"1", "2"}]


def test_a_number_added_to_a_login_is_another_mailbox_not_a_slip():
    numbered = relate_emails((normalize_email("e.chudaeva@fortuna.ru"),), (normalize_email("e.chudaeva2@fortuna.ru"),))
    slip = relate_emails((normalize_email("e.chudaeva@fortuna.ru"),), (normalize_email("e.chudaewa@fortuna.ru"),))
    assert (numbered.kind, slip.kind) == ("none", "one_letter")


@pytest.mark.parametrize("raw", ["viktorija.petrova@yandeks.ru", "viktorija.petrova@jandex.ru"])
def test_yandex_spelt_out_in_latin_letters_is_yandex_not_a_firms_domain(raw):
    email = normalize_email(raw)
    assert email.mailbox == normalize_email("viktorija.petrova@yandex.ru").mailbox and email.company_domain is None


def test_a_firms_domain_with_ks_in_it_is_left_alone():
    assert normalize_email("ivan@kstovo-group.ru").company_domain == "kstovo-group.ru"
