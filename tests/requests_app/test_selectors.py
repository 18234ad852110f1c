"""Staff and committee queues, filters and the pipeline figures."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from requests_app.models import Request, RequestStatus
from requests_app.selectors import in_review_for, pipeline_figures, staff_queue, with_opinion_counts
from requests_app.services import review as services
from tests.factories import InstitutionFactory, RequestFactory, area, region
from tests.requests_app.review_factories import forwarded_request, give, submitted_request

pytestmark = pytest.mark.django_db


def make_requests(institution, staff, n):
    for i in range(n):
        obj = submitted_request(institution, title=f"Border management capacity {i}")
        if i % 2:
            services.request_forward(actor=staff, request_id=obj.pk)


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


def test_staff_queue_query_count_is_constant(client_for, institution, staff_user):
    client = client_for(staff_user)
    make_requests(institution, staff_user, 1)
    one, _ = count_queries(client, reverse("requests:staff_queue"))
    make_requests(institution, staff_user, 29)
    thirty, page = count_queries(client, reverse("requests:staff_queue"))
    assert page.count("Border management capacity") == 25  # one page
    assert one == thirty <= 16


def test_committee_queue_query_count_is_constant(client_for, institution, staff_user, committee_user):
    client = client_for(committee_user)
    make_requests(institution, staff_user, 2)
    one, _ = count_queries(client, reverse("requests:committee_queue"))
    make_requests(institution, staff_user, 58)
    thirty, page = count_queries(client, reverse("requests:committee_queue"))
    assert page.count("Border management capacity") == 30
    assert one == thirty <= 10


def test_staff_queue_is_oldest_first_and_excludes_drafts_and_closed(client_for, institution, staff_user):
    old = submitted_request(institution, title="Oldest request")
    Request.objects.filter(pk=old.pk).update(submitted_at=timezone.now() - timedelta(days=40))
    submitted_request(institution, title="Newest request")
    RequestFactory(institution=institution, title="A draft")
    closed = submitted_request(institution, title="Closed one")
    services.request_close_ineligible(actor=staff_user, request_id=closed.pk, reason="Not eligible.")
    page = client_for(staff_user).get(reverse("requests:staff_queue")).content.decode()
    assert page.index("Oldest request") < page.index("Newest request")
    assert "A draft" not in page and "Closed one" not in page
    assert "40 days" in page


def test_staff_queue_filters(client_for, staff_user):
    kenya = InstitutionFactory(name="Kenya Labour", country="KE")
    mexico = InstitutionFactory(name="Mexico Interior", country="MX")
    submitted_request(kenya, title="Kenyan labour request", countries=["KE"], thematic_areas=[area("LMM")])
    submitted_request(mexico, title="Mexican asylum request", countries=["MX"], thematic_areas=[area("IPA")])
    client = client_for(staff_user)

    def titles(**params):
        page = client.get(reverse("requests:staff_queue"), params).content.decode()
        return [t for t in ("Kenyan labour request", "Mexican asylum request") if t in page]

    assert titles(country="MX") == ["Mexican asylum request"]
    assert titles(region=region("AFR").pk) == ["Kenyan labour request"]
    assert titles(thematic_area=area("IPA").pk) == ["Mexican asylum request"]
    assert titles(q="kenyan") == ["Kenyan labour request"]
    assert titles(status="in_review") == []
    today = timezone.localdate().isoformat()
    assert len(titles(submitted_after=today, submitted_before=today)) == 2


@pytest.mark.parametrize("who", ["partner_user", "committee_user", "expert_user"])
def test_staff_queue_is_404_for_others(request, client_for, who):
    assert client_for(request.getfixturevalue(who)).get(reverse("requests:staff_queue")).status_code == 404


def test_in_review_for_puts_awaiting_first(institution, staff_user, committee_members):
    a = forwarded_request(institution, staff_user, title="A")
    b = forwarded_request(institution, staff_user, title="B")
    give(committee_members["HOME"], a, "support")
    rows = list(in_review_for(committee_members["HOME"]))
    assert [r.pk for r in rows] == [b.pk, a.pk]
    assert rows[0].awaiting_my_body and not rows[1].awaiting_my_body
    assert in_review_for(staff_user).count() == 0


def test_pipeline_figures_count_stages_overdue_and_speed(institution, staff_user, committee_members, settings):
    settings.DECISION_TARGET_DAYS = 30
    submitted_request(institution)
    late = forwarded_request(institution, staff_user)
    Request.objects.filter(pk=late.pk).update(review_deadline=timezone.localdate() - timedelta(days=1))
    now = timezone.now()
    for days, status in ((10, RequestStatus.APPROVED), (20, RequestStatus.REJECTED), (45, RequestStatus.INELIGIBLE),
                         (5, RequestStatus.WITHDRAWN)):
        RequestFactory(institution=institution, status=status, reference=f"REQ-X-{days}",
                       submitted_at=now - timedelta(days=days), decided_at=now)
    figures = pipeline_figures()
    waiting = {w["status"]: w["count"] for w in figures["waiting"]}
    assert waiting == {"submitted": 1, "info_requested": 0, "in_review": 1}
    assert figures["overdue_reviews"] == 1
    overall = figures["overall"]
    assert overall.decided == 3 and overall.median_days == 20
    assert overall.within_target == 2 and overall.share_within_target == pytest.approx(2 / 3)


def test_pipeline_median_matches_key_facts(institution):
    from reporting.keyfacts import compute_key_facts

    now = timezone.now()
    for days in (3, 8, 40):
        RequestFactory(institution=institution, status=RequestStatus.APPROVED, reference=f"REQ-K-{days}",
                       submitted_at=now - timedelta(days=days), decided_at=now)
    assert pipeline_figures()["overall"].median_days == compute_key_facts()["median_days_to_decision"]


def test_staff_pipeline_template_renders(staff_user, institution):
    from django.template.loader import render_to_string

    html = render_to_string("requests_app/_staff_pipeline.html", {"pipeline": pipeline_figures()})
    assert "Request pipeline" in html
    assert reverse("requests:staff_queue") in html


def test_staff_queue_counts_the_opinions_of_the_current_round(institution, staff_user, committee_members, client_for):
    obj = forwarded_request(institution, staff_user, title="Counted opinions")
    other = forwarded_request(institution, staff_user, title="No opinion yet")
    give(committee_members["INTPA"], obj)
    give(committee_members["HOME"], obj, "conditions", "See comment.")
    counted = {r.pk: r.opinion_count for r in with_opinion_counts(staff_queue().filter(pk__in=[obj.pk, other.pk]))}
    assert counted == {obj.pk: 2, other.pk: 0}
    assert "2/5 opinions" in client_for(staff_user).get(reverse("requests:staff_queue")).content.decode()
    Request.objects.filter(pk=obj.pk).update(review_round=obj.review_round + 1)  # a new round starts from none
    assert with_opinion_counts(staff_queue().filter(pk=obj.pk))[0].opinion_count == 0
