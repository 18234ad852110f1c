import datetime

import factory

from actions.models import Action, ActionStatus, Activity, ActivityStatus
from tests.factories.core import activity_type, area, phase, region

__all__ = ["ActionFactory", "ActivityFactory"]


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"MIEUX-2026-{n + 1:03d}-KE")
    title = factory.Sequence(lambda n: f"Labour migration policy support {n}")
    countries = ["KE"]
    region = factory.LazyFunction(region)
    phase = factory.LazyFunction(phase)
    status = ActionStatus.PLANNED
    planned_start = datetime.date(2026, 1, 1)
    planned_end = datetime.date(2027, 6, 30)
    summary = "Support to the drafting of a national labour migration policy."

    class Params:
        published = factory.Trait(is_public=True, status=ActionStatus.ONGOING)

    @factory.post_generation
    def thematic_areas(obj, create, extracted, **kwargs):
        if create:
            obj.thematic_areas.set(extracted or [area("LMM")])


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    action = factory.SubFactory(ActionFactory)
    type = factory.LazyFunction(activity_type)
    title = factory.Sequence(lambda n: f"Workshop on recruitment {n}")
    start_date = datetime.date(2026, 3, 10)
    end_date = datetime.date(2026, 3, 12)
    country = "KE"
    city = "Nairobi"
    languages = ["en"]
    required_languages = ["en"]
    status = ActivityStatus.PLANNED

    class Params:
        delivered = factory.Trait(status=ActivityStatus.DELIVERED, participants_total=30, participants_women=14, participants_men=16)
        confirmed = factory.Trait(status=ActivityStatus.CONFIRMED)
        postponed = factory.Trait(status=ActivityStatus.POSTPONED)
        cancelled = factory.Trait(status=ActivityStatus.CANCELLED)
