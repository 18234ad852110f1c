import factory
from allauth.account.models import EmailAddress

from mieux.models import (
    ActivityType,
    CommitteeBody,
    EmployerType,
    InstitutionType,
    Phase,
    Region,
    Role,
    ThematicArea,
    User,
)

__all__ = ["UserFactory", "ref", "area", "region", "phase", "activity_type", "employer_type", "institution_type", "body"]

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Faker("name")
    role = Role.PARTNER
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    class Params:
        staff = factory.Trait(role=Role.STAFF)
        admin = factory.Trait(role=Role.ADMIN, is_staff=True, is_superuser=True)
        expert = factory.Trait(role=Role.EXPERT)
        committee = factory.Trait(role=Role.COMMITTEE, committee_body=factory.LazyFunction(lambda: body("INTPA")))

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.get_or_create(user=obj, email=obj.email, defaults={"verified": True, "primary": True})
        if create:
            obj.save()


def ref(model, code):
    return model.objects.get(code=code)


def area(code="MD"):
    return ThematicArea.objects.get(code=code)


def region(code="AFR"):
    return Region.objects.get(code=code)


def phase(code="IV"):
    return Phase.objects.get(code=code)


def activity_type(code="workshop"):
    return ActivityType.objects.get(code=code)


def employer_type(code="eu_admin"):
    return EmployerType.objects.get(code=code)


def institution_type(code="ministry"):
    return InstitutionType.objects.get(code=code)


def body(code="INTPA"):
    return CommitteeBody.objects.get(code=code)
