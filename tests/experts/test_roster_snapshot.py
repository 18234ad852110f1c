"""Matching keeps the roster per process while it does not change (experts/roster_snapshot.py). Every
door to the roster must change what the next ranking sees, bulk writes and raw updates included."""

import pytest
from django.db import connection, transaction

from experts import roster_snapshot
from experts.matching import rank_experts
from experts.models import Expert, ExpertLanguage
from tests.conftest import require_service
from tests.experts.test_matching import TODAY
from tests.factories import ActionFactory, ActivityFactory, ExpertFactory, area, region

pytestmark = pytest.mark.django_db


@pytest.fixture
def activity():
    action = ActionFactory(countries=["KE"], region=region("AFR"), thematic_areas=[area("LMM")])
    return ActivityFactory(action=action, country="KE", languages=["en"], required_languages=["en"])


def criteria(activity, expert):
    ranking = rank_experts(activity, today=TODAY, include_unavailable=True)
    found = {c.expert_id: c for c in ranking.candidates + ranking.unavailable}.get(expert.pk)
    return None if found is None else ({c.key: c.value for c in found.criteria}, found.available)


def test_bulk_writes_and_raw_updates_reach_the_next_ranking(activity):
    expert = ExpertFactory(languages=[("fr", "C2")], thematic_areas=[area("IPA")])
    values, available = criteria(activity, expert)
    assert values["language"] == 0.0 and values["thematic"] == 0.0 and available
    ExpertLanguage.objects.bulk_create([ExpertLanguage(expert=expert, language="en", level="C1")])
    Expert.thematic_areas.through.objects.bulk_create(
        [Expert.thematic_areas.through(expert_id=expert.pk, thematicarea_id=area("LMM").pk)])
    values, available = criteria(activity, expert)
    assert values["language"] == 1.0 and values["thematic"] == 1.0
    Expert.regions_experience.through.objects.bulk_create(
        [Expert.regions_experience.through(expert_id=expert.pk, region_id=region("AFR").pk)])
    assert criteria(activity, expert)[0]["experience"] == 0.5
    Expert.objects.filter(pk=expert.pk).update(status=Expert.Status.INACTIVE)  # no save(), no signal
    assert criteria(activity, expert)[1] is False
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM experts_expertlanguage WHERE expert_id = %s", [expert.pk])
    assert criteria(activity, expert)[0]["language"] == 0.0
    Expert.objects.filter(pk=expert.pk).update(erased_at=TODAY)
    assert criteria(activity, expert) is None


def test_the_snapshot_is_kept_while_the_roster_does_not_change():
    require_service(connection.vendor == "postgresql", "PostgreSQL")
    expert = ExpertFactory()
    first = roster_snapshot.snapshot()
    assert roster_snapshot.snapshot() is first  # nothing changed: not read again
    ExpertFactory(languages=[("en", "C1")])
    second = roster_snapshot.snapshot()
    assert second is not first and len(second.rows) == len(first.rows) + 1
    assert roster_snapshot.snapshot() is second
    assert expert.pk in second.rows


def test_a_rolled_back_write_and_the_next_one_never_share_a_version():
    require_service(connection.vendor == "postgresql", "PostgreSQL")
    ExpertFactory()
    before = roster_snapshot.version()
    with pytest.raises(RuntimeError), transaction.atomic():
        ExpertFactory()
        rolled_back = roster_snapshot.version()
        raise RuntimeError
    assert roster_snapshot.version() == before
    ExpertFactory()
    assert roster_snapshot.version() not in (before, rolled_back)
