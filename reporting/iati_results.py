"""The results-and-evidence part of an IATI activity: what `iati.py` adds to each published Action.

- `contact-info` from settings; `tag` SDG target 10.7 (vocabulary 3, UN Sustainable Development Goals
  targets); collaboration type, default flow, finance and aid type (D02, other technical assistance) and
  tied status from settings, each a code of its codelist;
- `document-link` to each public deliverable in the library (DocumentCategory A08 results, outcomes and
  outputs; A07 review and evaluation for reports), with its language and file format;
- `result`s: one per level (1 output, 2 outcome, 3 impact) holding its indicators with measure
  (1 unit, 2 percentage, 5 qualitative), baseline and one period with target and actual;
- title and description narratives in every language the Action has a translation in.

IATI fixes the order of an activity's children, so each element is inserted at its place in
`ACTIVITY_ORDER`, whatever the rest of the writer already added.
"""

from django.conf import settings
from django.db.models import Prefetch
from django.urls import reverse
from lxml import etree

from actions.models import ActionDocument, ActionStatus, DocumentType
from actions.results_models import Measure, ResultType

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

ACTIVITY_ORDER = (
    "iati-identifier", "reporting-org", "title", "description", "participating-org", "other-identifier",
    "activity-status", "activity-date", "contact-info", "activity-scope", "recipient-country", "recipient-region",
    "location", "sector", "tag", "country-budget-items", "humanitarian-scope", "policy-marker",
    "collaboration-type", "default-flow-type", "default-finance-type", "default-aid-type", "default-tied-status",
    "budget", "planned-disbursement", "capital-spend", "transaction", "document-link", "related-activity",
    "legacy-data", "conditions", "result", "crs-add", "fss",
)
TAG_VOCABULARY_SDG_TARGETS = "3"
SDG_TARGET_MIGRATION = "10.7"
SDG_TARGET_NAME = (
    "Facilitate orderly, safe, regular and responsible migration and mobility of people, including through "
    "the implementation of planned and well-managed migration policies"
)
AID_TYPE_VOCABULARY_OECD = "1"
RESULT_TYPE_CODES = {ResultType.OUTPUT: "1", ResultType.OUTCOME: "2", ResultType.IMPACT: "3"}
RESULT_TITLES = {ResultType.OUTPUT: "Outputs", ResultType.OUTCOME: "Outcomes", ResultType.IMPACT: "Impact"}
MEASURE_CODES = {Measure.UNIT: "1", Measure.PERCENTAGE: "2", Measure.QUALITATIVE: "5"}
DOCUMENT_CATEGORY_RESULTS, DOCUMENT_CATEGORY_EVALUATION = "A08", "A07"
FILE_FORMATS = {  # IANA media types, as the FileFormat codelist lists them
    "application/pdf": "application/pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document":
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.oasis.opendocument.text": "application/vnd.oasis.opendocument.text",
    "image/png": "image/png",
    "image/jpeg": "image/jpeg",
}
DEFAULT_FILE_FORMAT = "application/pdf"


def prefetch(actions):
    """The queryset with everything `complete_activity` reads, so the file costs a constant number of queries."""
    return actions.prefetch_related(
        "indicators", "translations",
        Prefetch("documents", queryset=ActionDocument.objects.filter(is_public=True).order_by("published_at", "pk"),
                 to_attr="public_documents"),
    )


def _public_documents(action):
    documents = getattr(action, "public_documents", None)
    if documents is None:
        documents = action.documents.filter(is_public=True).order_by("published_at", "pk")
    return documents


def insert_in_order(activity, element):
    """Put `element` after every sibling that comes before it in IATI's sequence."""
    rank = ACTIVITY_ORDER.index(element.tag)
    position = 0
    for index, child in enumerate(activity):
        if child.tag in ACTIVITY_ORDER and ACTIVITY_ORDER.index(child.tag) <= rank:
            position = index + 1
    activity.insert(position, element)
    return element


def _narrative(parent, tag, text, lang=None):
    element = etree.SubElement(parent, tag)
    narrative = etree.SubElement(element, "narrative")
    narrative.text = text
    if lang:
        narrative.set(XML_LANG, lang)
    return element


def _add_narrative(element, text, lang):
    narrative = etree.SubElement(element, "narrative")
    narrative.text = text
    narrative.set(XML_LANG, lang)


def translated_narratives(activity, action, default_language):
    """Title and description narratives in each language the Action has a translation in."""
    title, description = activity.find("title"), activity.find("description")
    for translation in action.translations.all():
        if translation.language == default_language:
            continue
        if title is not None and translation.title.strip():
            _add_narrative(title, translation.title, translation.language)
        if description is not None and translation.summary.strip():
            _add_narrative(description, translation.summary, translation.language)


def contact_info(action):
    element = etree.Element("contact-info", type=settings.IATI_CONTACT_TYPE)
    _narrative(element, "organisation", settings.IATI_CONTACT_ORGANISATION)
    if settings.IATI_CONTACT_EMAIL:
        etree.SubElement(element, "email").text = settings.IATI_CONTACT_EMAIL
    if settings.IATI_CONTACT_WEBSITE:
        etree.SubElement(element, "website").text = settings.IATI_CONTACT_WEBSITE
    if settings.IATI_CONTACT_ADDRESS:
        _narrative(element, "mailing-address", settings.IATI_CONTACT_ADDRESS)
    return element


def sdg_tag():
    tag = etree.Element("tag", vocabulary=TAG_VOCABULARY_SDG_TARGETS, code=SDG_TARGET_MIGRATION)
    etree.SubElement(tag, "narrative").text = SDG_TARGET_NAME
    return tag


def defaults():
    return [
        etree.Element("collaboration-type", code=settings.IATI_COLLABORATION_TYPE),
        etree.Element("default-flow-type", code=settings.IATI_DEFAULT_FLOW_TYPE),
        etree.Element("default-finance-type", code=settings.IATI_DEFAULT_FINANCE_TYPE),
        etree.Element("default-aid-type", code=settings.IATI_DEFAULT_AID_TYPE, vocabulary=AID_TYPE_VOCABULARY_OECD),
        etree.Element("default-tied-status", code=settings.IATI_DEFAULT_TIED_STATUS),
    ]


def document_link(document):
    url = settings.SITE_URL.rstrip("/") + reverse("public_library_document", args=[document.pk])
    link = etree.Element("document-link", url=url, format=FILE_FORMATS.get(document.content_type, DEFAULT_FILE_FORMAT))
    _narrative(link, "title", document.title)
    category = DOCUMENT_CATEGORY_EVALUATION if document.document_type == DocumentType.REPORT else DOCUMENT_CATEGORY_RESULTS
    etree.SubElement(link, "category", code=category)
    etree.SubElement(link, "language", code=document.language)
    date = document.published_at or document.uploaded_at
    etree.SubElement(link, "document-date", **{"iso-date": date.date().isoformat()})
    return link


def _period(action):
    start = action.actual_start or action.planned_start or action.created_at.date()
    end = (action.actual_end if action.status == ActionStatus.COMPLETED else None) or action.planned_end or start
    return start, max(start, end)


def indicator_element(indicator, period):
    numeric = indicator.measure != Measure.QUALITATIVE
    attrs = {"measure": MEASURE_CODES[indicator.measure]}
    if numeric:
        attrs["ascending"] = "1" if indicator.ascending else "0"
    element = etree.Element("indicator", **attrs)
    _narrative(element, "title", indicator.title)
    if indicator.means_of_verification.strip():
        _narrative(element, "description", indicator.means_of_verification)
    if indicator.baseline.strip():
        year = indicator.baseline_year or period[0].year
        baseline = etree.SubElement(element, "baseline", year=str(year))
        _value(baseline, indicator.baseline, numeric)
    if indicator.target.strip() or indicator.actual.strip():
        period_el = etree.SubElement(element, "period")
        etree.SubElement(period_el, "period-start", **{"iso-date": period[0].isoformat()})
        etree.SubElement(period_el, "period-end", **{"iso-date": period[1].isoformat()})
        for tag in ("target", "actual"):
            text = getattr(indicator, tag).strip()
            if text:
                _value(etree.SubElement(period_el, tag), text, numeric)
    return element


def _value(element, text, numeric):
    """A number goes in @value; a qualitative value is a comment, as IATI asks."""
    if numeric:
        element.set("value", text.replace(",", "."))
    else:
        _narrative(element, "comment", text)


def result_elements(action):
    indicators = list(action.indicators.all())
    period = _period(action)
    for result_type in ResultType:
        mine = [i for i in indicators if i.result_type == result_type]
        if not mine:
            continue
        result = etree.Element("result", type=RESULT_TYPE_CODES[result_type], **{"aggregation-status": "0"})
        _narrative(result, "title", RESULT_TITLES[result_type])
        for indicator in mine:
            result.append(indicator_element(indicator, period))
        yield result


def complete_activity(activity, action, *, default_language="en"):
    """Add contact, SDG tag, defaults, deliverables, results and translations to an activity element."""
    translated_narratives(activity, action, default_language)
    insert_in_order(activity, contact_info(action))
    insert_in_order(activity, sdg_tag())
    for element in defaults():
        insert_in_order(activity, element)
    for document in _public_documents(action):
        insert_in_order(activity, document_link(document))
    for result in result_elements(action):
        insert_in_order(activity, result)
    return activity
