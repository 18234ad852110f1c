"""/iati/activities.xml: IATI 2.03, valid against the schema, every code in the codelists beside it."""

import datetime
import os
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from lxml import etree

from actions.models import ActionStatus
from reporting.iati import country_percentages
from tests.conftest import require_service
from tests.factories import ActionFactory

pytestmark = pytest.mark.django_db


def schema_dir():
    return Path(os.environ.get("IATI_SCHEMA_DIR") or Path(settings.BASE_DIR).parent / "shared" / "iati")


@pytest.fixture
def schema():
    path = schema_dir() / "iati-activities-schema.xsd"
    require_service(path.exists(), f"the IATI schema at {path}")
    return etree.XMLSchema(etree.parse(str(path)))


def codelist(name):
    tree = etree.parse(str(schema_dir() / f"codelist-{name}.xml"))
    return {code.text.strip() for code in tree.iter("code")}


@pytest.fixture
def portfolio():
    ActionFactory(published=True, code="MIEUX-2026-001-KE", summary="Asylum procedures & <reception>.")
    ActionFactory(published=True, code="MIEUX-2025-007-EAC", countries=["KE", "TZ", "UG"], summary="",
                  objectives="Fight trafficking.", actual_start=datetime.date(2025, 3, 1))
    ActionFactory(is_public=True, status=ActionStatus.COMPLETED, code="MIEUX-2019-003-MA", countries=["MA"],
                  actual_start=datetime.date(2019, 2, 1), actual_end=datetime.date(2019, 12, 1))
    ActionFactory(is_public=True, status=ActionStatus.PLANNED, code="MIEUX-2026-010-GT", countries=["GT"],
                  planned_start=None, planned_end=None)
    ActionFactory(code="MIEUX-2026-099-GH", countries=["GH"], title="Not published")


def body(response):
    return response.content if not response.streaming else b"".join(response.streaming_content)


def fetch(client):
    response = client.get("/iati/activities.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return etree.fromstring(body(response))


def test_activities_file_is_valid_against_the_iati_schema(client, schema, portfolio):
    root = fetch(client)
    schema.assertValid(root)
    assert root.get("version") == "2.03"
    assert len(root.findall("iati-activity")) == 4


def test_every_code_is_in_the_codelists(client, schema, portfolio):
    root = fetch(client)
    checks = [
        ("activity-status", "code", "ActivityStatus"),
        ("activity-date", "type", "ActivityDateType"),
        ("activity-scope", "code", "ActivityScope"),
        ("recipient-country", "code", "Country"),
        ("participating-org", "role", "OrganisationRole"),
        ("participating-org", "type", "OrganisationType"),
        ("reporting-org", "type", "OrganisationType"),
        ("sector", "code", "Sector"),
        ("sector", "vocabulary", "SectorVocabulary"),
    ]
    for tag, attribute, name in checks:
        allowed = codelist(name)
        used = {element.get(attribute) for element in root.iter(tag)}
        assert used, tag
        assert used <= allowed, f"{tag}/@{attribute} {used - allowed} not in {name}"
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    assert {a.get(lang) for a in root.iter("iati-activity")} <= codelist("Language")


def test_activity_content_follows_the_action(client, portfolio):
    root = fetch(client)
    by_id = {a.findtext("iati-identifier"): a for a in root.iter("iati-activity")}
    assert f"{settings.IATI_REPORTING_ORG_REF}-MIEUX-2026-099-GH" not in by_id
    regional = by_id[f"{settings.IATI_REPORTING_ORG_REF}-MIEUX-2025-007-EAC"]
    percentages = [Decimal(c.get("percentage")) for c in regional.findall("recipient-country")]
    assert sum(percentages) == 100
    assert [c.get("code") for c in regional.findall("recipient-country")] == ["KE", "TZ", "UG"]
    assert regional.find("activity-scope").get("code") == "3"
    assert regional.find("activity-status").get("code") == "2"
    sector = regional.find("sector")
    assert (sector.get("vocabulary"), sector.get("code"), sector.get("percentage")) == ("1", "15190", "100")
    assert regional.findtext("description/narrative") == "Fight trafficking."
    assert regional.get("last-updated-datetime")
    assert regional.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    roles = {o.get("role"): o.findtext("narrative") for o in regional.findall("participating-org")}
    assert roles == {"1": settings.IATI_FUNDING_ORG_NAME, "4": settings.IATI_IMPLEMENTING_ORG_NAME}
    assert {d.get("type") for d in regional.findall("activity-date")} == {"1", "2", "3"}

    completed = by_id[f"{settings.IATI_REPORTING_ORG_REF}-MIEUX-2019-003-MA"]
    assert completed.find("activity-status").get("code") == "4"
    assert {d.get("type"): d.get("iso-date") for d in completed.findall("activity-date")}["4"] == "2019-12-01"
    assert completed.find("recipient-country").get("percentage") == "100.00"

    undated = by_id[f"{settings.IATI_REPORTING_ORG_REF}-MIEUX-2026-010-GT"]
    assert [d.get("type") for d in undated.findall("activity-date")] == ["1"]
    assert undated.find("activity-status").get("code") == "1"


def test_text_is_escaped(client, portfolio):
    assert b"Asylum procedures &amp; &lt;reception&gt;." in body(client.get("/iati/activities.xml"))


@pytest.mark.parametrize("n", [1, 2, 3, 6, 7, 9])
def test_country_percentages_sum_to_exactly_100(n):
    shares = country_percentages([f"C{i}" for i in range(n)])
    assert sum(p for _, p in shares) == 100
    assert max(p for _, p in shares) - min(p for _, p in shares) <= Decimal("0.01")


def test_an_actual_date_in_the_future_is_never_published(client, settings):
    from django.utils import timezone

    from actions.models import Action

    today = timezone.localdate()
    action = ActionFactory(is_public=True, status=ActionStatus.COMPLETED, code="MIEUX-2026-077-KE",
                           actual_start=datetime.date(2026, 1, 5), actual_end=datetime.date(2026, 2, 1))
    # Written straight to the database, as an old row or a bulk update could hold it; the services refuse it.
    Action.objects.filter(pk=action.pk).update(actual_end=today + datetime.timedelta(days=30))
    activity = fetch(client).find("iati-activity")
    dates = {d.get("type"): d.get("iso-date") for d in activity.findall("activity-date")}
    assert dates.get("2") == "2026-01-05"
    assert "4" not in dates
