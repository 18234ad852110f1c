"""Matching keeps the roster per process while it does not change (experts/roster_snapshot.py). Every
door to the roster must change what the next ranking sees, bulk writes and raw updates included."""

import threading
import time

import pytest
from django.db import connection, connections, transaction

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


@pytest.mark.django_db(transaction=True)
def test_a_long_roster_write_does_not_hold_up_an_expert_saving_their_profile(transactional_db):
    """An import updating many experts and an expert saving their own profile meanwhile: the record
    of roster changes must not make either wait for the other (a shared counter row would, and the
    two would deadlock as soon as the import reached that expert)."""
    require_service(connection.vendor == "postgresql", "PostgreSQL")
    first, second = ExpertFactory(), ExpertFactory()
    import_started, profile_saved = threading.Event(), threading.Event()
    outcomes = {}

    def long_import():
        try:
            with transaction.atomic():
                Expert.objects.filter(pk=first.pk).update(employer="Imported employer")
                import_started.set()
                assert profile_saved.wait(timeout=10), "the profile save waited for the import"
                Expert.objects.filter(pk=second.pk).update(employer="Imported employer")
            outcomes["import"] = "ok"
        except Exception as exc:  # noqa: BLE001 - checked below
            outcomes["import"] = exc
        finally:
            connections.close_all()

    def profile_save():
        try:
            assert import_started.wait(timeout=10)
            with transaction.atomic():
                Expert.objects.filter(pk=second.pk).update(phone="+32 2 000 00 00")
                profile_saved.set()
                time.sleep(0.3)  # still open while the import reaches this expert
            outcomes["profile"] = "ok"
        except Exception as exc:  # noqa: BLE001 - checked below
            outcomes["profile"] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=long_import), threading.Thread(target=profile_save)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert outcomes == {"import": "ok", "profile": "ok"}
    second.refresh_from_db()
    assert second.employer == "Imported employer" and second.phone == "+32 2 000 00 00"
