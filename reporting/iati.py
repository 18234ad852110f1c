"""Published Actions as IATI 2.03 activities (`/iati/activities.xml`).

Identifier: the reporting organisation's ref (a setting) plus the Action code. Funding organisation:
the European Union; implementing: ICMPD (refs and names are settings). Sector: DAC 5-digit purpose
code 15190 (facilitation of orderly, safe, regular and responsible migration and mobility) at 100%.
Recipient countries share 100% equally (the last digits of rounding go to the first countries).
Activity dates: 1 planned start, 2 actual start, 3 planned end, 4 actual end. Narratives are in the
default language (English), declared once with xml:lang on each activity.

The file is streamed with `lxml.etree.xmlfile`: `write_activities` writes the root element and then one
activity at a time (`activity_element(action)` builds that activity's element, then it is written and
dropped), so memory stays constant whatever the number of Actions. To report more about an activity,
add a sub-element call in `activity_element` (in the order the schema wants).
"""

from decimal import ROUND_DOWN, Decimal

from django.conf import settings
from django.utils import timezone
from lxml import etree

from actions.models import IATI_ACTIVITY_STATUS, ActionStatus
from reporting import iati_finance, iati_results
from reporting.iati_finance import DEFAULT_CURRENCY

IATI_VERSION = "2.03"
SECTOR_VOCABULARY_DAC5 = "1"
SECTOR_MIGRATION = "15190"
ROLE_FUNDING, ROLE_IMPLEMENTING = "1", "4"
SCOPE_MULTINATIONAL, SCOPE_NATIONAL = "3", "4"
DESCRIPTION_GENERAL = "1"
DATE_PLANNED_START, DATE_ACTUAL_START, DATE_PLANNED_END, DATE_ACTUAL_END = "1", "2", "3", "4"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
DEFAULT_LANGUAGE = "en"


def country_percentages(codes):
    """Equal shares with two decimals that sum to exactly 100."""
    if not codes:
        return []
    share = (Decimal(100) / len(codes)).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    cents_left = int((Decimal(100) - share * len(codes)) * 100)
    return [(code, share + (Decimal("0.01") if i < cents_left else 0)) for i, code in enumerate(codes)]


def _narrative(parent, tag, text, **attrs):
    element = etree.SubElement(parent, tag, **attrs)
    etree.SubElement(element, "narrative").text = text
    return element


def _org(parent, tag, ref, name, org_type, **attrs):
    return _narrative(parent, tag, name, ref=ref, type=org_type, **attrs)


def _dates(action, today=None):
    # IATI: an actual date is a fact, never in the future; one typed ahead of time is left out.
    today = today or timezone.localdate()
    dates = []
    if action.planned_start:
        dates.append((DATE_PLANNED_START, action.planned_start))
    started = action.status in (ActionStatus.ONGOING, ActionStatus.COMPLETED)
    if action.actual_start and started and action.actual_start <= today:
        dates.append((DATE_ACTUAL_START, action.actual_start))
    if action.planned_end:
        dates.append((DATE_PLANNED_END, action.planned_end))
    if action.actual_end and action.status == ActionStatus.COMPLETED and action.actual_end <= today:
        dates.append((DATE_ACTUAL_END, action.actual_end))
    if not dates:
        # The schema wants at least one date: the planned start is then the day the Action was created.
        dates.append((DATE_PLANNED_START, action.created_at.date()))
    return dates


def activity_element(action):
    activity = etree.Element("iati-activity", **{
        "last-updated-datetime": action.updated_at.replace(microsecond=0).isoformat(),
        XML_LANG: DEFAULT_LANGUAGE,
        "hierarchy": "1",
        "default-currency": DEFAULT_CURRENCY,
    })
    etree.SubElement(activity, "iati-identifier").text = action.iati_identifier
    _org(activity, "reporting-org", settings.IATI_REPORTING_ORG_REF, settings.IATI_REPORTING_ORG_NAME,
         settings.IATI_REPORTING_ORG_TYPE)
    _narrative(activity, "title", action.title)
    _narrative(activity, "description", action.summary or action.objectives or action.title, type=DESCRIPTION_GENERAL)
    _org(activity, "participating-org", settings.IATI_FUNDING_ORG_REF, settings.IATI_FUNDING_ORG_NAME,
         getattr(settings, "IATI_FUNDING_ORG_TYPE", "40"), role=ROLE_FUNDING)
    _org(activity, "participating-org", settings.IATI_IMPLEMENTING_ORG_REF, settings.IATI_IMPLEMENTING_ORG_NAME,
         settings.IATI_REPORTING_ORG_TYPE, role=ROLE_IMPLEMENTING)
    etree.SubElement(activity, "activity-status", code=IATI_ACTIVITY_STATUS[action.status])
    for date_type, value in _dates(action):
        etree.SubElement(activity, "activity-date", type=date_type, **{"iso-date": value.isoformat()})
    codes = [c.code for c in action.countries]
    etree.SubElement(activity, "activity-scope", code=SCOPE_MULTINATIONAL if len(codes) > 1 else SCOPE_NATIONAL)
    for code, percentage in country_percentages(codes):
        etree.SubElement(activity, "recipient-country", code=code, percentage=str(percentage))
    etree.SubElement(activity, "sector", vocabulary=SECTOR_VOCABULARY_DAC5, code=SECTOR_MIGRATION, percentage="100")
    for element in iati_finance.finance_elements(action):  # budget, then transaction
        iati_results.insert_in_order(activity, element)
    iati_results.complete_activity(activity, action, default_language=DEFAULT_LANGUAGE)
    return activity


CHUNK_SIZE = 500


def activity_rows(actions):
    """The published Actions in file order, read in chunks (constant memory)."""
    return iati_finance.prefetch(iati_results.prefetch(actions)).order_by("code").iterator(chunk_size=CHUNK_SIZE)


def write_activities(output, actions, *, generated):
    """Write the whole file to `output` (a binary file object, or anything with `write(bytes)`);
    `actions` should already be the published ones."""
    with etree.xmlfile(output, encoding="UTF-8") as xf:
        xf.write_declaration()
        attributes = {"version": IATI_VERSION, "generated-datetime": generated.replace(microsecond=0).isoformat()}
        with xf.element("iati-activities", attributes):
            xf.write("\n")
            for action in activity_rows(actions):
                xf.write(activity_element(action), pretty_print=True)


class _Chunks:
    """A write target that collects bytes until read by a generator."""

    def __init__(self):
        self.parts = []

    def write(self, data):
        self.parts.append(data)

    def take(self):
        data, self.parts = b"".join(self.parts), []
        return data


def stream_activities(actions, *, generated, flush_every=200):
    """The file as a generator of byte chunks (for a streaming response)."""
    from itertools import islice

    target = _Chunks()
    with etree.xmlfile(target, encoding="UTF-8") as xf:
        xf.write_declaration()
        attributes = {"version": IATI_VERSION, "generated-datetime": generated.replace(microsecond=0).isoformat()}
        with xf.element("iati-activities", attributes):
            xf.write("\n")
            rows = activity_rows(actions)
            while batch := list(islice(rows, flush_every)):
                for action in batch:
                    xf.write(activity_element(action), pretty_print=True)
                xf.flush()
                yield target.take()
    yield target.take()


def activities_xml(actions, *, generated):
    """The whole file as bytes (small sets and tests; the web serves it streamed or from a file)."""
    from io import BytesIO

    output = BytesIO()
    write_activities(output, actions, generated=generated)
    return output.getvalue()
