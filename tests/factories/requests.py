import factory
from django.utils import timezone

from requests_app.models import Institution, Membership, Message, Request, RequestStatus
from tests.factories.core import UserFactory, institution_type

__all__ = ["InstitutionFactory", "MembershipFactory", "RequestFactory", "MessageFactory", "pdf_upload", "png_upload"]

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def pdf_upload(name="endorsement.pdf", size=None):
    """An uploaded PDF (real PDF header), padded to `size` bytes if given."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    content = PDF_BYTES if size is None else PDF_BYTES + b"0" * max(0, size - len(PDF_BYTES))
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def png_upload(name="map.png"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, PNG_BYTES, content_type="image/png")


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution

    name = factory.Sequence(lambda n: f"Ministry of Interior {n}")
    type = factory.LazyFunction(institution_type)
    country = "KE"
    city = "Nairobi"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    institution = factory.SubFactory(InstitutionFactory)
    status = Membership.Status.ACTIVE


class RequestFactory(factory.django.DjangoModelFactory):
    """A complete request; traits give it a state without going through the workflow."""

    class Meta:
        model = Request
        skip_postgeneration_save = True

    institution = factory.SubFactory(InstitutionFactory)
    title = factory.Sequence(lambda n: f"Strengthening labour migration governance {n}")
    countries = ["KE"]
    background = "The ministry is drafting a national labour migration policy."
    problem = "No data on outgoing workers; weak coordination between agencies."
    objectives = "Draft a policy and train officials."
    expected_results = "A validated policy draft; 40 officials trained."
    target_groups = "Officials of the labour and interior ministries."
    estimated_participants = 40
    earliest_start = factory.LazyFunction(lambda: timezone.localdate() + timezone.timedelta(days=60))
    latest_end = factory.LazyFunction(lambda: timezone.localdate() + timezone.timedelta(days=400))
    working_languages = ["en"]
    other_projects = "An ILO project on recruitment (2022-2024)."
    commitment = "Venue and two staff members."
    contact_name = "Amina Wanjiru"
    contact_email = "amina@example.org"
    status = RequestStatus.DRAFT

    class Params:
        submitted = factory.Trait(
            status=RequestStatus.SUBMITTED,
            reference=factory.Sequence(lambda n: f"REQ-2026-{n + 1:04d}"),
            submitted_at=factory.LazyFunction(timezone.now),
            last_submitted_at=factory.LazyFunction(timezone.now),
        )
        info_requested = factory.Trait(
            status=RequestStatus.INFO_REQUESTED,
            reference=factory.Sequence(lambda n: f"REQ-2026-{n + 5001:04d}"),
            submitted_at=factory.LazyFunction(timezone.now),
            last_submitted_at=factory.LazyFunction(timezone.now),
            info_requested_at=factory.LazyFunction(timezone.now),
        )

    @factory.post_generation
    def thematic_areas(obj, create, extracted, **kwargs):
        from tests.factories.core import area

        if create:
            obj.thematic_areas.set(extracted or [area("LMM")])

    @factory.post_generation
    def activity_types(obj, create, extracted, **kwargs):
        from tests.factories.core import activity_type

        if create:
            obj.activity_types.set(extracted or [activity_type("workshop")])


class MessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Message

    request = factory.SubFactory(RequestFactory, submitted=True)
    author = factory.SubFactory(UserFactory)
    body = "Could you send the endorsement letter?"

