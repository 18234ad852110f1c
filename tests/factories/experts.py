import factory
from django.utils import timezone

from experts.models import Deployment, DeploymentStatus, Expert, ExpertLanguage, Unavailability
from experts.services.invitations import new_invitation_nonce
from tests.factories.actions import ActivityFactory
from tests.factories.core import employer_type

__all__ = ["ExpertFactory", "ExpertLanguageFactory", "DeploymentFactory", "UnavailabilityFactory"]


class ExpertFactory(factory.django.DjangoModelFactory):
    """An active expert; `languages=[("en", "C1")]` and `thematic_areas=[area]` set their skills."""

    class Meta:
        model = Expert
        skip_postgeneration_save = True

    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.Sequence(lambda n: f"expert{n}@example.org")
    gender = "F"
    nationality = "FR"
    employer_type = factory.LazyFunction(employer_type)
    employer = "Ministry of the Interior"

    class Params:
        non_eu = factory.Trait(nationality="MA", employer_type=factory.LazyFunction(lambda: employer_type("non_eu_admin")))
        inactive = factory.Trait(status=Expert.Status.INACTIVE)
        consented = factory.Trait(consent_at=factory.LazyFunction(timezone.now), consent_version="2024-1")

    @factory.post_generation
    def languages(obj, create, extracted, **kwargs):
        if create and extracted:
            for code, level in extracted:
                ExpertLanguage.objects.create(expert=obj, language=code, level=level)

    @factory.post_generation
    def thematic_areas(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.thematic_areas.set(extracted)


class ExpertLanguageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExpertLanguage

    expert = factory.SubFactory(ExpertFactory)
    language = "en"
    level = "C1"


class UnavailabilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unavailability

    expert = factory.SubFactory(ExpertFactory)
    start_date = factory.LazyFunction(lambda: timezone.localdate())
    end_date = factory.LazyAttribute(lambda o: o.start_date + timezone.timedelta(days=7))
    reason = "Annual leave"


class DeploymentFactory(factory.django.DjangoModelFactory):
    """A deployment put in a state directly (fixtures), bypassing the services."""

    class Meta:
        model = Deployment

    activity = factory.SubFactory(ActivityFactory)
    expert = factory.SubFactory(ExpertFactory)
    status = DeploymentStatus.INVITED
    invitation_nonce = factory.LazyFunction(new_invitation_nonce)

    class Params:
        proposed = factory.Trait(status=DeploymentStatus.PROPOSED)
        accepted = factory.Trait(status=DeploymentStatus.ACCEPTED)
        confirmed = factory.Trait(status=DeploymentStatus.CONFIRMED)
        completed = factory.Trait(status=DeploymentStatus.COMPLETED, completed_at=factory.LazyFunction(timezone.now))
