import factory

from experts.models import Deployment, DeploymentStatus, Expert, ExpertLanguage
from tests.factories.actions import ActivityFactory
from tests.factories.core import employer_type

__all__ = ["ExpertFactory", "ExpertLanguageFactory", "DeploymentFactory"]


class ExpertFactory(factory.django.DjangoModelFactory):
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


class ExpertLanguageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExpertLanguage

    expert = factory.SubFactory(ExpertFactory)
    language = "en"
    level = "C1"


class DeploymentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Deployment

    activity = factory.SubFactory(ActivityFactory)
    expert = factory.SubFactory(ExpertFactory)
    status = DeploymentStatus.INVITED
