"""The staff KPI dashboard: staff only (404 otherwise), tables with filters, CSV of every table,
constant query count."""

import csv
import datetime
import io
import json

import pytest
from django.utils import timezone

from actions.models import ActionStatus, ActivityStatus, SurveyResponse
from experts.models import DeploymentStatus
from requests_app.models import RequestStatus
from tests.factories import (
    ActionFactory,
    ActivityFactory,
    DeploymentFactory,
    ExpertFactory,
    RequestFactory,
    phase,
    region,
)

pytestmark = pytest.mark.django_db

TABLES = ("requests", "decisions", "actions", "activities", "participants", "experts", "surveys", "results")
MONEY_TABLES = ("spend_year", "spend_phase", "spend_region", "spend_theme", "cost_type")  # test_finance_dashboard.py


def at(year, month=6, day=1):
    return timezone.make_aware(datetime.datetime(year, month, day, 10))


@pytest.fixture
def data():
    RequestFactory(submitted=True, submitted_at=at(2025), region=region("AFR"), status=RequestStatus.APPROVED,
                   decided_at=at(2025, 6, 21))
    RequestFactory(submitted=True, submitted_at=at(2025), region=region("SOU"), status=RequestStatus.REJECTED,
                   decided_at=at(2025, 8, 10))
    RequestFactory(submitted=True, submitted_at=at(2026), region=region("AFR"))
    RequestFactory()  # draft
    action = ActionFactory(status=ActionStatus.COMPLETED, phase=phase("IV"), region=region("AFR"))
    ActionFactory(status=ActionStatus.ONGOING, phase=phase("III"), region=region("SOU"), countries=["MA"])
    activity = ActivityFactory(action=action, delivered=True, participants_total=30, participants_women=12,
                               participants_men=18, end_date=datetime.date(2026, 3, 12))
    ActivityFactory(action=action, status=ActivityStatus.PLANNED)
    DeploymentFactory(activity=activity, expert=ExpertFactory(nationality="MA", gender="F"),
                      status=DeploymentStatus.COMPLETED, beneficial=True, satisfaction=5)
    DeploymentFactory(activity=activity, expert=ExpertFactory(nationality="FR", gender="M"),
                      status=DeploymentStatus.COMPLETED, beneficial=False)
    SurveyResponse.objects.create(activity=activity, satisfaction=4, relevance=5, made_difference=True,
                                  would_recommend=True)
    return action


def table(response, table_id):
    return next(t for t in response.context["tables"] if t.id == table_id)


@pytest.mark.parametrize("who", ["partner_user", "committee_user", "expert_user"])
def test_dashboard_is_404_for_non_staff(client_for, request, who):
    client = client_for(request.getfixturevalue(who))
    assert client.get("/staff/").status_code == 404
    assert client.get("/staff/?export=requests").status_code == 404


def test_dashboard_asks_anonymous_visitors_to_sign_in(client):
    assert client.get("/staff/").status_code == 302


def test_dashboard_shows_every_table_with_charts_and_no_inline_script(client_for, staff_user, data):
    response = client_for(staff_user).get("/staff/")
    assert response.status_code == 200
    assert [t.id for t in response.context["tables"]] == list(TABLES + MONEY_TABLES)
    html = response.content.decode()
    assert 'id="dashboard-charts" type="application/json"' in html
    assert "vendor/chart.js/chart.umd.js" in html and "js/dashboard.js" in html
    assert "<script>" not in html
    charts = json.loads(html.split('id="dashboard-charts" type="application/json">')[1].split("</script>")[0])
    assert set(charts) == {"requests", "actions", "activities", "experts"}


def test_requests_per_year_and_region(client_for, staff_user, data):
    requests = table(client_for(staff_user).get("/staff/"), "requests")
    assert requests.columns[1] == "Africa"
    assert requests.rows[0][0] == 2026 and requests.rows[0][1] == 1
    assert requests.rows[1][0] == 2025 and requests.rows[1][-1] == 2
    assert requests.footer[-1] == 3  # the draft does not count


def test_decisions_give_approval_rate_median_and_share_within_target(client_for, staff_user, data, settings):
    settings.DECISION_TARGET_DAYS = 30
    decisions = table(client_for(staff_user).get("/staff/"), "decisions")
    # 20 and 70 days: median 45, one of two within 30 days, one of two approved.
    assert decisions.footer == ["All years", 2, 1, 1, 0, "50%", 45, "50%"]


def test_participants_share_of_women_and_experts_against_target(client_for, staff_user, data):
    response = client_for(staff_user).get("/staff/")
    assert table(response, "participants").footer == ["All years", 1, 30, 12, 18, "40%"]
    experts = table(response, "experts").rows[0]
    assert experts[:5] == [2, 1, "50%", "33%", "met"]
    assert experts[5:] == [1, 1, 0, "50%"]


def test_survey_results_carry_their_number_of_answers(client_for, staff_user, data):
    surveys = table(client_for(staff_user).get("/staff/"), "surveys")
    assert surveys.rows[2][1:] == ["100%", 1]
    assert surveys.rows[4][1:] == ["50%", 2]


def test_filters_narrow_the_tables(client_for, staff_user, data):
    client = client_for(staff_user)
    by_phase = table(client.get("/staff/?phase=III"), "actions")
    assert [row[0] for row in by_phase.rows] == ["MIEUX III"]
    by_region = table(client.get("/staff/?region=SOU"), "requests")
    assert by_region.footer[-1] == 1
    by_year = table(client.get("/staff/?year=2026"), "requests")
    assert by_year.footer[-1] == 1
    by_area = table(client.get("/staff/?thematic_area=IPA"), "actions")
    assert by_area.rows == []


@pytest.mark.parametrize("table_id", TABLES)
def test_every_table_downloads_as_csv(client_for, staff_user, data, table_id):
    response = client_for(staff_user).get(f"/staff/?region=AFR&export={table_id}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert f"mieux-{table_id}-AFR.csv" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert len(rows) >= 2


def test_unknown_export_is_404(client_for, staff_user):
    assert client_for(staff_user).get("/staff/?export=nope").status_code == 404


def test_dashboard_query_count_is_constant(client_for, staff_user, django_assert_max_num_queries):
    client = client_for(staff_user)

    def build(n):
        for i in range(n):
            RequestFactory(submitted=True, submitted_at=at(2020 + i % 5), status=RequestStatus.APPROVED,
                           decided_at=at(2020 + i % 5, 9), region=region("AFR"))
            activity = ActivityFactory(delivered=True, end_date=datetime.date(2026, 3, 12))
            DeploymentFactory(activity=activity, status=DeploymentStatus.COMPLETED, beneficial=True)
            SurveyResponse.objects.create(activity=activity, made_difference=True)

    build(1)
    with django_assert_max_num_queries(60) as one:
        client.get("/staff/")
    build(29)
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get("/staff/")
