"""The complementarity panel: related Actions and open requests of a request, ranked."""

import pytest

from actions.complementarity import complementarity
from actions.models import ActionStatus
from tests.factories import ActionFactory, InstitutionFactory, area, region
from tests.requests_app.review_factories import submitted_request

pytestmark = pytest.mark.django_db


def test_complementarity_ranks_country_then_region_then_overlap(institution, staff_user):
    obj = submitted_request(institution, countries=["KE"], thematic_areas=[area("LMM"), area("MD")])
    same_country_two = ActionFactory(code="A-KE-2", countries=["KE"], status=ActionStatus.COMPLETED,
                                     thematic_areas=[area("LMM"), area("MD")])
    same_country_none = ActionFactory(code="A-KE-0", countries=["KE"], status=ActionStatus.ONGOING,
                                      thematic_areas=[area("IPA")])
    same_region_one = ActionFactory(code="A-UG-1", countries=["UG"], status=ActionStatus.ONGOING,
                                    thematic_areas=[area("MD")])
    ActionFactory(code="A-UG-0", countries=["UG"], thematic_areas=[area("IPA")])  # same region, other subject
    ActionFactory(code="A-MX-2", countries=["MX"], region=region("LAC"),
                  thematic_areas=[area("LMM"), area("MD")])
    ActionFactory(code="A-KE-X", countries=["KE"], status=ActionStatus.CANCELLED)
    other = submitted_request(InstitutionFactory(country="UG"), countries=["UG"], thematic_areas=[area("LMM")])
    result = complementarity(obj)
    codes = [r.obj.code for r in result["actions"]]
    assert codes[:3] == [same_country_two.code, same_country_none.code, same_region_one.code]
    assert "A-UG-0" not in codes and "A-KE-X" not in codes
    assert [r.obj.pk for r in result["requests"]] == [other.pk]
