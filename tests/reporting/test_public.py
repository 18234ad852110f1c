"""Public pages: home, Action list and pages. Only published Actions; never personal data or staff notes."""

import pytest
from django.urls import reverse

from actions.models import ActionStatus, ActivityStatus
from experts.models import DeploymentStatus
from tests.factories import (
    ActionFactory,
    ActivityFactory,
    DeploymentFactory,
    ExpertFactory,
    area,
    phase,
    region,
)

pytestmark = pytest.mark.django_db


def test_home_shows_key_facts_with_their_basis_and_a_call_to_request_assistance(client):
    action = ActionFactory(published=True, title="Border management training for Kenya")
    ActivityFactory(action=action, delivered=True, participants_total=30)
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-key="participants"' in html
    assert "in 1 delivered activity" in html
    assert "Computed from the portal" in html
    assert reverse("account_signup") in html
    assert "Border management training for Kenya" in html


def test_home_lists_only_published_actions(client):
    ActionFactory(title="Secret planned Action")
    ActionFactory(published=True, title="Visible Action")
    html = client.get("/").content.decode()
    assert "Visible Action" in html
    assert "Secret planned Action" not in html


def test_home_speaks_french(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    html = client.get("/").content.decode()
    assert "Demander une assistance" in html


def test_action_list_shows_only_published_actions(client):
    ActionFactory(published=True, title="Published one")
    ActionFactory(title="Unpublished one")
    html = client.get(reverse("public_actions")).content.decode()
    assert "Published one" in html
    assert "Unpublished one" not in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("region=SOU", {"Morocco labour"}),
        ("thematic_area=IPA", {"Asylum in Kenya"}),
        ("status=completed", {"Morocco labour"}),
        ("phase=III", {"Morocco labour"}),
        ("country=KE", {"Asylum in Kenya", "Regional trafficking"}),
        ("status=ongoing&region=AFR", {"Asylum in Kenya", "Regional trafficking"}),
        ("q=trafficking", {"Regional trafficking"}),
    ],
)
def test_filters_narrow_the_list(client, query, expected):
    ActionFactory(published=True, title="Asylum in Kenya", thematic_areas=[area("IPA")])
    ActionFactory(published=True, title="Regional trafficking", countries=["KE", "TZ"], thematic_areas=[area("IRR")])
    ActionFactory(published=True, title="Morocco labour", countries=["MA"], region=region("SOU"),
                  status=ActionStatus.COMPLETED, phase=phase("III"))
    html = client.get(reverse("public_actions") + "?" + query).content.decode()
    shown = {t for t in ("Asylum in Kenya", "Regional trafficking", "Morocco labour") if t in html}
    assert shown == expected


def test_unknown_filter_value_is_ignored_not_an_error(client):
    ActionFactory(published=True, title="Still here")
    response = client.get(reverse("public_actions") + "?region=NOPE&phase=X")
    assert response.status_code == 200


def test_action_page_shows_activities_and_experts_by_nationality_only(client):
    action = ActionFactory(published=True, staff_notes="Partner unhappy with the minister")
    activity = ActivityFactory(action=action, delivered=True, participants_total=25, city="Mombasa", title="Study visit")
    expert = ExpertFactory(first_name="Hildegard", last_name="Vonnegut", nationality="DE", email="hv@example.org")
    DeploymentFactory(activity=activity, expert=expert, status=DeploymentStatus.COMPLETED)
    DeploymentFactory(activity=activity, expert=ExpertFactory(nationality="MA"), status=DeploymentStatus.CONFIRMED)
    DeploymentFactory(activity=activity, expert=ExpertFactory(nationality="BR"), status=DeploymentStatus.DECLINED)
    ActivityFactory(action=action, status=ActivityStatus.CANCELLED, title="Cancelled thing")
    html = client.get(reverse("public_action", args=[action.code])).content.decode()
    assert "Study visit" in html and "Mombasa" in html and "25" in html
    assert "Germany: 1 expert" in html and "Morocco: 1 expert" in html
    assert "Brazil" not in html
    assert "Hildegard" not in html and "Vonnegut" not in html and "hv@example.org" not in html
    assert "Partner unhappy" not in html
    assert "Cancelled thing" not in html
    assert activity.survey_token not in html


@pytest.mark.parametrize("status", [ActionStatus.PLANNED, ActionStatus.CANCELLED])
def test_unpublished_action_page_is_404(client, status):
    action = ActionFactory(status=status, is_public=False)
    assert client.get(reverse("public_action", args=[action.code])).status_code == 404


def test_unknown_action_is_404(client):
    assert client.get(reverse("public_action", args=["NOPE-1"])).status_code == 404


def _build_actions(n):
    for _ in range(n):
        action = ActionFactory(published=True, countries=["KE", "TZ"], thematic_areas=[area("IPA"), area("MD")])
        ActivityFactory(action=action, delivered=True)


@pytest.mark.parametrize("url", ["/", "/actions/", "/map/"])
def test_query_count_is_constant_in_the_number_of_actions(client, django_assert_max_num_queries, url):
    _build_actions(1)
    client.get(url)  # warm up the key facts cache and reference data
    from django.core.cache import cache

    cache.clear()
    with django_assert_max_num_queries(40) as one:
        assert client.get(url).status_code == 200
    _build_actions(29)
    cache.clear()
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(url).status_code == 200


def test_action_page_query_count_is_constant_in_activities(client, django_assert_max_num_queries):
    action = ActionFactory(published=True)
    ActivityFactory(action=action, delivered=True)
    url = reverse("public_action", args=[action.code])
    with django_assert_max_num_queries(40) as one:
        client.get(url)
    for _ in range(20):
        DeploymentFactory(activity=ActivityFactory(action=action, delivered=True), status=DeploymentStatus.COMPLETED)
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(url)


def test_navigation_links_to_the_map_and_open_data(client):
    html = client.get("/").content.decode()
    assert 'href="/map/"' in html and 'href="/open-data/"' in html


def test_open_data_page_lists_every_file(client):
    html = client.get("/open-data/").content.decode()
    for path in ("/iati/activities.xml", "/api/actions.geojson", "/api/actions.csv", "/api/key-facts/"):
        assert path in html
