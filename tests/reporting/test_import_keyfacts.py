"""A small hand-written portfolio, imported, gives the key facts computed by hand (DESIGN section 4).

By hand, from tests/reporting/portfolio_fixtures/small:
- requests_received: 5 rows, none is a draft (R-2021-004 is still open: it counts).
- countries_benefited: Actions with a delivered activity are A-KE-01 (KE) and A-GH-02 (GH;SN) -> 3;
  ACT-3 takes place in BE, but BE is not a country of the Action.
- experts_deployed: completed deployments of E-1, E-2, E-3, E-4 -> 4 (E-5 only invited, E-3's second one
  cancelled).
- non_eu_expert_share: E-2 (GH) is non-EU; FR, ES and GB (the United Kingdom counts with the EU) -> 1/4.
- actions_concluded: A-KE-01 and A-GH-02 are completed, both phase II -> 2, {"II": 2}.
- participants: delivered ACT-1 30 + ACT-2 25 + ACT-3 10 -> 65 (planned and cancelled ones do not count).
- participant_difference_rate: (18 + 7) yes of (20 + 10) answers; ACT-3 has no answers -> 25/30.
- expert_benefit_rate: answers true, true, false, true (ACT-3/E-3 unanswered) -> 3/4.
- median_days_to_decision: approved 40, rejected 30, ineligible 20 days (withdrawn is no decision) -> 30.
"""

import pytest

from tests.reporting.import_helpers import portfolio, run_ok

pytestmark = pytest.mark.django_db

EXPECTED = {
    "requests_received": 5,
    "countries_benefited": 3,
    "experts_deployed": 4,
    "non_eu_expert_share": 0.25,
    "actions_concluded": 2,
    "participants": 65,
    "participant_difference_rate": 25 / 30,
    "expert_benefit_rate": 0.75,
    "median_days_to_decision": 30,
}


def test_key_facts_json_of_an_imported_portfolio_matches_the_figures_computed_by_hand(client, tmp_path):
    run_ok(portfolio(tmp_path))
    response = client.get("/api/key-facts/")
    assert response.status_code == 200
    facts = response.json()
    for key, expected in EXPECTED.items():
        assert facts[key] == pytest.approx(expected), key
    by_phase = facts["actions_concluded_by_phase"]
    assert by_phase["II"] == 2
    assert sum(by_phase.values()) == 2


def test_importing_again_leaves_the_key_facts_as_they_were(client, tmp_path):
    folder = portfolio(tmp_path)
    run_ok(folder)
    first = client.get("/api/key-facts/").json()
    run_ok(folder)
    assert client.get("/api/key-facts/").json() == first


def test_cached_key_facts_are_refreshed_as_soon_as_the_import_commits(client, tmp_path,
                                                                      django_capture_on_commit_callbacks):
    assert client.get("/api/key-facts/").json()["requests_received"] == 0  # now cached
    with django_capture_on_commit_callbacks(execute=True):
        run_ok(portfolio(tmp_path))
    assert client.get("/api/key-facts/").json()["requests_received"] == 5
