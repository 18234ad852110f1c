"""A newcomer finds the institution to join by name, city or country, then asks to join it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mieux.models import InstitutionType
from requests_app.models import Membership
from tests.factories import InstitutionFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/requests/institution/"


@pytest.fixture
def newcomer(db):
    return UserFactory(email="newcomer@example.org", full_name="Nuno Newcomer")


@pytest.fixture
def registered(db):
    ministry = InstitutionType.objects.get(code="ministry")
    return {
        "labour": InstitutionFactory(name="Ministry of Labour and Social Protection", city="Nairobi", country="KE", type=ministry),
        "migration": InstitutionFactory(name="Dirección Nacional de Migraciones", city="Asunción", country="PY"),
        "police": InstitutionFactory(name="National Police Service", city="Mombasa", country="KE"),
    }


def names_listed(response):
    return [inst.name for inst in response.context["institutions"]]


def test_without_search_every_institution_is_listed_with_type_city_and_country(client_for, newcomer, registered):
    response = client_for(newcomer).get(URL)
    assert names_listed(response) == [
        "Dirección Nacional de Migraciones", "Ministry of Labour and Social Protection", "National Police Service",
    ]
    page = response.content.decode()
    labour = registered["labour"]
    assert labour.type.localized_name in page and "Nairobi" in page and "Kenya" in page and "Paraguay" in page
    assert f'name="join-institution" value="{labour.pk}"' in page


def test_search_by_name_narrows_the_list(client_for, newcomer, registered):
    response = client_for(newcomer).get(URL, {"q": "labour"})
    assert names_listed(response) == ["Ministry of Labour and Social Protection"]
    assert "National Police Service" not in response.content.decode()


def test_search_by_city_and_words_in_any_order(client_for, newcomer, registered):
    assert names_listed(client_for(newcomer).get(URL, {"q": "mombasa"})) == ["National Police Service"]
    assert names_listed(client_for(newcomer).get(URL, {"q": "nairobi ministry"})) == ["Ministry of Labour and Social Protection"]


def test_country_filter_narrows_the_list_and_offers_only_countries_with_institutions(client_for, newcomer, registered):
    response = client_for(newcomer).get(URL, {"country": "PY"})
    assert names_listed(response) == ["Dirección Nacional de Migraciones"]
    choices = [code for code, _label in response.context["search_form"].fields["country"].choices]
    assert choices == ["", "KE", "PY"]
    assert names_listed(client_for(newcomer).get(URL, {"q": "national", "country": "KE"})) == ["National Police Service"]


def test_a_query_matching_nothing_says_so(client_for, newcomer, registered):
    response = client_for(newcomer).get(URL, {"q": "ministry of fisheries"})
    assert names_listed(response) == []
    page = response.content.decode()
    assert "No registered institution matches your search." in page
    assert "Ask to join" not in page


def test_joining_from_the_search_still_creates_a_pending_membership(
    client_for, newcomer, registered, django_capture_on_commit_callbacks
):
    client = client_for(newcomer)
    target = registered["migration"]
    assert names_listed(client.get(URL, {"q": "migraciones"})) == [target.name]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, {"join": "1", "join-institution": target.pk})
    assert response.status_code == 302
    membership = Membership.objects.get(user=newcomer)
    assert membership.institution == target and membership.status == Membership.Status.PENDING
    assert "Waiting for approval" in client.get(URL).content.decode()


def test_joining_an_unknown_institution_shows_an_error_and_creates_nothing(client_for, newcomer, registered):
    response = client_for(newcomer).post(URL, {"join": "1", "join-institution": 999999})
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert not Membership.objects.filter(user=newcomer).exists()


def test_page_is_404_for_staff_and_experts(client_for, staff_user, expert_user):
    assert client_for(staff_user).get(URL, {"q": "x"}).status_code == 404
    assert client_for(expert_user).get(URL, {"q": "x"}).status_code == 404


def test_member_of_an_institution_is_sent_to_the_dashboard(client_for, newcomer, registered):
    MembershipFactory(user=newcomer, institution=registered["labour"])
    assert client_for(newcomer).get(URL, {"q": "police"})["Location"] == "/requests/"


def test_query_count_does_not_grow_with_the_number_of_institutions(client_for, newcomer, django_assert_max_num_queries):
    client = client_for(newcomer)
    InstitutionFactory(name="Agency 0", country="KE")
    with CaptureQueriesContext(connection) as one:
        assert len(client.get(URL).context["institutions"]) == 1
    types = list(InstitutionType.objects.all())
    countries = ["KE", "PY", "MA", "SN", "GH", "PH"]
    for n in range(1, 30):
        InstitutionFactory(name=f"Agency {n}", country=countries[n % len(countries)], type=types[n % len(types)])
    with django_assert_max_num_queries(len(one)):
        assert len(client.get(URL).context["institutions"]) == 30
    with django_assert_max_num_queries(len(one)):
        assert len(client.get(URL, {"q": "agency", "country": "KE"}).context["institutions"]) == 5


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_live_search_narrows_the_list_without_reload_then_joining_works(live_server, browser_page):
    from tests.factories.core import PASSWORD

    InstitutionFactory(name="Ministry of Labour and Social Protection", city="Nairobi", country="KE")
    InstitutionFactory(name="Dirección Nacional de Migraciones", city="Asunción", country="PY")
    user = UserFactory(email="newcomer@example.org")
    page, base = browser_page, live_server.url
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(f"{base}/requests/institution/")
    results = page.locator("#institution-results")
    assert results.locator(".fw-semibold", has_text="Dirección Nacional de Migraciones").is_visible()

    page.get_by_label("Search the institutions").fill("nairobi")
    results.locator(".fw-semibold", has_text="Dirección Nacional de Migraciones").wait_for(state="detached")
    assert results.locator(".fw-semibold", has_text="Ministry of Labour and Social Protection").is_visible()
    page.screenshot(path="/tmp/gaps-institution-search.png", full_page=True)

    page.get_by_label("Search the institutions").fill("fisheries")
    results.get_by_text("No registered institution matches your search.").wait_for()

    page.get_by_label("Search the institutions").fill("")
    page.get_by_label("Country", exact=True).last.select_option("PY")
    results.locator(".fw-semibold", has_text="Ministry of Labour and Social Protection").wait_for(state="detached")
    page.get_by_role("button", name="Ask to join Dirección Nacional de Migraciones").click()
    page.get_by_text("Waiting for approval").first.wait_for()
    assert Membership.objects.get(user=user).status == Membership.Status.PENDING
