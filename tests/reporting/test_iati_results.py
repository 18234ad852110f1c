"""IATI results, document links, tags, contact, defaults and translated narratives: valid against the
schema, every code in its codelist."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from lxml import etree

from actions import documents, library, results
from actions.models import ActionStatus
from actions.results_models import ActionTranslation
from reporting.iati import activity_element
from reporting.iati_results import ACTIVITY_ORDER
from tests.factories import ActionFactory
from tests.reporting.test_iati import codelist, fetch, schema  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.fixture
def evidence(staff_user):
    action = ActionFactory(published=True, code="MIEUX-2025-004-KE", status=ActionStatus.COMPLETED,
                           actual_start=datetime.date(2025, 2, 1), actual_end=datetime.date(2025, 11, 30))
    for data in (
        {"title": "Officials trained", "result_type": "output", "measure": "unit", "baseline": "0", "baseline_year": 2024,
         "target": "40", "actual": "46", "means_of_verification": "Attendance lists"},
        {"title": "Agencies licensed", "result_type": "outcome", "measure": "percentage", "baseline": "35.5",
         "baseline_year": 2024, "target": "60", "actual": "58"},
        {"title": "Days to decide a claim", "result_type": "outcome", "measure": "unit", "baseline": "180", "target": "90"},
        {"title": "Policy adopted", "result_type": "impact", "measure": "qualitative", "baseline": "No policy",
         "target": "Policy adopted", "actual": "Adopted by the cabinet"},
    ):
        results.indicator_create(actor=staff_user, action=action, data=data)
    handbook = documents.document_upload(actor=staff_user, action=action, title="Handbook",
                                        file=SimpleUploadedFile("handbook.pdf", PDF))
    library.document_set_publication(actor=staff_user, document=handbook, is_public=True, title="Recruitment handbook",
                                     language="fr", document_type="handbook")
    report = documents.document_upload(actor=staff_user, action=action, title="Report", file=SimpleUploadedFile("r.pdf", PDF))
    library.document_set_publication(actor=staff_user, document=report, is_public=True, title="Final report",
                                     language="en", document_type="report")
    documents.document_upload(actor=staff_user, action=action, title="Private minutes", file=SimpleUploadedFile("m.pdf", PDF))
    ActionTranslation.objects.create(action=action, language="fr", title="Gestion des migrations de travail",
                                     summary="Appui à la politique nationale.")
    ActionTranslation.objects.create(action=action, language="es", title="Gestión de la migración laboral")
    ActionFactory(published=True, code="MIEUX-2026-009-GH", countries=["GH"])  # nothing but the basics
    return action


def activity(root, code):
    return next(a for a in root.iter("iati-activity") if a.findtext("iati-identifier").endswith(code))


def test_complete_activities_are_valid_against_the_schema(client, schema, evidence):  # noqa: F811
    root = fetch(client)
    schema.assertValid(root)


def test_every_new_code_is_in_its_codelist(client, schema, evidence):  # noqa: F811
    root = fetch(client)
    checks = [
        ("result", "type", "ResultType"),
        ("indicator", "measure", "IndicatorMeasure"),
        ("tag", "vocabulary", "TagVocabulary"),
        ("tag", "code", "UNSDG-Targets"),
        ("category", "code", "DocumentCategory"),
        ("language", "code", "Language"),
        ("document-link", "format", "FileFormat"),
        ("contact-info", "type", "ContactType"),
        ("collaboration-type", "code", "CollaborationType"),
        ("default-flow-type", "code", "FlowType"),
        ("default-finance-type", "code", "FinanceType"),
        ("default-aid-type", "code", "AidType"),
        ("default-aid-type", "vocabulary", "AidTypeVocabulary"),
        ("default-tied-status", "code", "TiedStatus"),
    ]
    for tag, attribute, name in checks:
        used = {element.get(attribute) for element in root.iter(tag)}
        assert used, tag
        assert used <= codelist(name), f"{tag}/@{attribute} {used - codelist(name)} not in {name}"
    narrative_languages = {n.get(LANG) for n in root.iter("narrative") if n.get(LANG)}
    assert narrative_languages and narrative_languages <= codelist("Language")


def test_results_carry_indicators_with_baseline_target_and_actual(client, evidence):
    a = activity(fetch(client), "MIEUX-2025-004-KE")
    by_type = {r.get("type"): r for r in a.findall("result")}
    assert sorted(by_type) == ["1", "2", "3"]
    trained = by_type["1"].find("indicator")
    assert trained.get("measure") == "1" and trained.get("ascending") == "1"
    assert trained.findtext("title/narrative") == "Officials trained"
    assert trained.findtext("description/narrative") == "Attendance lists"
    assert (trained.find("baseline").get("year"), trained.find("baseline").get("value")) == ("2024", "0")
    period = trained.find("period")
    assert period.find("period-start").get("iso-date") == "2025-02-01"
    assert period.find("period-end").get("iso-date") == "2025-11-30"
    assert (period.find("target").get("value"), period.find("actual").get("value")) == ("40", "46")
    outcomes = by_type["2"].findall("indicator")
    assert [i.get("measure") for i in outcomes] == ["2", "1"]
    assert outcomes[1].get("ascending") == "0" and outcomes[1].find("period/actual") is None
    policy = by_type["3"].find("indicator")
    assert policy.get("measure") == "5" and policy.find("period/actual").get("value") is None
    assert policy.findtext("period/actual/comment/narrative") == "Adopted by the cabinet"


def test_document_links_tags_contact_and_defaults(client, evidence, settings):
    a = activity(fetch(client), "MIEUX-2025-004-KE")
    links = {link.findtext("title/narrative"): link for link in a.findall("document-link")}
    assert set(links) == {"Recruitment handbook", "Final report"}  # never the private minutes
    handbook = links["Recruitment handbook"]
    assert handbook.get("url").startswith(settings.SITE_URL) and "/library/" in handbook.get("url")
    assert handbook.get("format") == "application/pdf"
    assert handbook.find("category").get("code") == "A08" and handbook.find("language").get("code") == "fr"
    assert links["Final report"].find("category").get("code") == "A07"
    tag = a.find("tag")
    assert (tag.get("vocabulary"), tag.get("code")) == ("3", "10.7")
    assert a.find("default-aid-type").get("code") == "D02"
    assert a.find("contact-info/email").text == settings.IATI_CONTACT_EMAIL
    plain = activity(fetch(client), "MIEUX-2026-009-GH")
    assert plain.find("result") is None and plain.find("document-link") is None and plain.find("tag") is not None


def test_title_and_description_in_every_language_of_the_action(client, evidence):
    a = activity(fetch(client), "MIEUX-2025-004-KE")
    titles = {n.get(LANG): n.text for n in a.findall("title/narrative")}
    assert titles == {None: evidence.title, "fr": "Gestion des migrations de travail", "es": "Gestión de la migración laboral"}
    descriptions = {n.get(LANG): n.text for n in a.findall("description/narrative")}
    assert descriptions == {None: evidence.summary, "fr": "Appui à la politique nationale."}


@override_settings(IATI_DEFAULT_AID_TYPE="C01", IATI_COLLABORATION_TYPE="2", IATI_DEFAULT_TIED_STATUS="4")
def test_defaults_come_from_settings(client, schema, evidence):  # noqa: F811
    root = fetch(client)
    schema.assertValid(root)
    a = activity(root, "MIEUX-2025-004-KE")
    assert (a.find("default-aid-type").get("code"), a.find("collaboration-type").get("code"),
            a.find("default-tied-status").get("code")) == ("C01", "2", "4")


def test_order_of_elements_follows_the_schema_even_with_budget_elements(evidence):
    element = activity_element(evidence)
    order = [ACTIVITY_ORDER.index(child.tag) for child in element]
    assert order == sorted(order)
    assert etree.tostring(element)


def test_iati_query_count_does_not_grow_with_results(client, evidence, staff_user, django_assert_max_num_queries):
    # 15 for the activities and their results, 2 for their budget lines and activity costs (reporting.iati_finance).
    with django_assert_max_num_queries(17) as one:
        assert client.get("/iati/activities.xml").status_code == 200
    for n in range(3):
        action = ActionFactory(published=True)
        results.indicator_create(actor=staff_user, action=action, data={
            "title": f"Indicator {n}", "result_type": "output", "measure": "unit", "target": "3", "actual": "4"})
        ActionTranslation.objects.create(action=action, language="fr", title=f"Titre {n}")
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get("/iati/activities.xml").status_code == 200
