import pytest

from dedupe.web import corporate_domain, normalize_site


@pytest.mark.parametrize("raw", ["https://www.Romashka.ru/contacts", "romashka.ru", "http://shop.romashka.ru/",
                                 "www.romashka.ru"])
def test_sites_reduce_to_their_domain(raw):
    assert normalize_site(raw) == "romashka.ru"


def test_cyrillic_domains_compare_as_punycode():
    assert normalize_site("http://ромашка.рф") == "ромашка.рф".encode("idna").decode()


def test_pages_on_shared_platforms_keep_their_tenant():
    assert normalize_site("https://vk.com/romashka") == "vk.com/romashka"
    assert normalize_site("https://romashka.tilda.ws/") == "romashka.tilda.ws"
    assert normalize_site("https://vk.com/") is None


@pytest.mark.parametrize("domain", ["mail.ru", "yandex.ru", "gmail.com", "bk.ru", "ya.ru", "rambler.ru"])
def test_public_mail_domains_never_identify_a_company(domain):
    assert corporate_domain(domain) is None


def test_corporate_mail_domain_points_at_the_company_site():
    assert corporate_domain("mail.romashka.ru") == "romashka.ru"
