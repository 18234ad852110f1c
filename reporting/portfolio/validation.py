"""Validation of every row of every file before anything is written.

`validate(files)` parses the five files, checks each cell, each row's own rules, keys, and the
references between files and to the database; it returns the clean records and every issue found.
Lookups are loaded once per import (a handful of queries), never per row.
"""

import datetime
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from django_countries import countries as COUNTRIES

from actions.codes import action_code_error
from actions.models import Action, Activity
from experts.models import Deployment, Expert
from mieux.models import (
    ActivityType,
    EmployerType,
    InstitutionType,
    Phase,
    Region,
    RegionCountry,
    ThematicArea,
)
from reporting.portfolio.budgets import check_budgets
from reporting.portfolio.indicators import (
    check_indicator_references,
    check_indicator_row,
    indicator_action_codes,
)
from reporting.portfolio.reader import ROW, Row, parse_csv
from reporting.portfolio.report import Issue
from reporting.portfolio.spec import (
    ACTIONS,
    ACTIVITIES,
    DEPLOYMENTS,
    EXPERTS,
    FILE_ORDER,
    INDICATORS,
    ISO_639_1,
    LANGUAGE_LEVELS,
    REQUESTS,
    SPECS,
)
from requests_app.models import Request

DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
WHOLE = re.compile(r"^\d+$")
MAX_INT = 2_147_483_647
QUERY_CHUNK = 900  # stays under every database's limit of query parameters


def chunks(values, size=QUERY_CHUNK):
    values = list(values)
    for start in range(0, len(values), size):
        yield values[start : start + size]


def in_chunks(queryset, lookup, values):
    """Rows of `queryset` whose `lookup` is in `values`, a few hundred parameters per query."""
    found = []
    for part in chunks(values):
        found.extend(queryset.filter(**{f"{lookup}__in": part}))
    return found


@dataclass
class Record:
    """One valid-enough row: its clean values (None for an empty cell) and where it came from."""

    file: str
    row: Row
    values: dict
    bad: set = field(default_factory=set)  # columns whose cell is invalid

    @property
    def line(self):
        return self.row.line

    def line_of(self, column):
        return self.row.line_of(column)

    def ok(self, *columns):
        return not self.bad.intersection(columns)

    def __getitem__(self, column):
        return self.values.get(column)


class Reference:
    """The editable reference tables (codes -> ids) and the partner countries' regions."""

    def __init__(self):
        tables = {
            "thematic_area": ThematicArea,
            "region": Region,
            "phase": Phase,
            "institution_type": InstitutionType,
            "employer_type": EmployerType,
            "activity_type": ActivityType,
        }
        self.codes = {name: dict(model.objects.values_list("code", "id")) for name, model in tables.items()}
        self.region_of_country = dict(RegionCountry.objects.values_list("country", "region_id"))

    def choices(self, choices):
        return self.codes[choices] if isinstance(choices, str) else choices


@dataclass
class Validated:
    """Everything the writer needs: clean records per file and what the database already holds."""

    records: dict  # file name -> list[Record]
    reference: Reference
    requests: dict = field(default_factory=dict)  # reference -> Request (existing)
    actions: dict = field(default_factory=dict)  # code -> Action (existing)
    activities: dict = field(default_factory=dict)  # ref -> Activity (existing)
    experts: dict = field(default_factory=dict)  # ref -> Expert (existing)
    deployments: dict = field(default_factory=dict)  # (activity_ref, expert_ref) -> Deployment (existing)


def _code_list(choices):
    return ", ".join(sorted(choices))


def _clean_text(column, text, reference):
    if column.max_length and len(text) > column.max_length:
        return None, _("longer than %(max)d characters") % {"max": column.max_length}
    return text, None


def _clean_action_code(column, text, reference):
    message = action_code_error(text)
    return (None, message) if message else (text, None)


def _clean_date(column, text, reference):
    try:
        if not DATE.match(text):
            raise ValueError
        return datetime.date.fromisoformat(text), None
    except ValueError:
        return None, _("“%(value)s” is not a date (YYYY-MM-DD)") % {"value": text}


def _clean_bool(column, text, reference):
    if text in ("true", "false"):
        return text == "true", None
    return None, _("“%(value)s” is not a boolean (true or false)") % {"value": text}


def _clean_int(column, text, reference):
    if WHOLE.match(text) and int(text) <= MAX_INT:
        return int(text), None
    return None, _("“%(value)s” is not a whole number (0 or more)") % {"value": text}


def _clean_country(column, text, reference):
    if text in COUNTRIES:
        return text, None
    return None, _("unknown country code “%(value)s” (ISO 3166-1 alpha-2, e.g. KE)") % {"value": text}


def _clean_email(column, text, reference):
    address = text.lower()
    if len(address) > (column.max_length or 254):
        return None, _("longer than %(max)d characters") % {"max": column.max_length}
    try:
        validate_email(address)
    except ValidationError:
        return None, _("“%(value)s” is not an e-mail address") % {"value": text}
    return address, None


def _clean_code(column, text, reference):
    choices = reference.choices(column.choices)
    if text in choices:
        return text, None
    return None, _("unknown code “%(value)s” (expected one of: %(codes)s)") % {
        "value": text, "codes": _code_list(choices)}


def _clean_countries(column, items, reference):
    unknown = [item for item in items if item not in COUNTRIES]
    if unknown:
        return None, _("unknown country code “%(value)s” (ISO 3166-1 alpha-2, e.g. KE)") % {
            "value": "; ".join(unknown)}
    return tuple(sorted(items)), None


def _clean_codes(column, items, reference):
    choices = reference.choices(column.choices)
    unknown = [item for item in items if item not in choices]
    if unknown:
        return None, _("unknown code “%(value)s” (expected one of: %(codes)s)") % {
            "value": "; ".join(unknown), "codes": _code_list(choices)}
    return tuple(sorted(items)), None


def _clean_languages(column, items, reference):
    pairs = {}
    for item in items:
        code, sep, level = (part.strip() for part in item.partition(":"))
        if not sep or not code or not level:
            return None, _("“%(value)s” is not a language:level pair (e.g. en:C2;fr:native)") % {"value": item}
        if code not in ISO_639_1:
            return None, _("unknown language code “%(value)s” (ISO 639-1, e.g. fr)") % {"value": code}
        if level not in LANGUAGE_LEVELS:
            return None, _("unknown language level “%(value)s” (expected one of: %(codes)s)") % {
                "value": level, "codes": ", ".join(LANGUAGE_LEVELS)}
        if code in pairs and pairs[code] != level:
            return None, _("language “%(value)s” is given twice") % {"value": code}
        pairs[code] = level
    return tuple(sorted(pairs.items())), None


# One cleaner per column kind: single values get the stripped text, lists (";"-separated) their items.
SINGLE_CLEANERS = {
    "text": _clean_text, "action_code": _clean_action_code, "date": _clean_date, "bool": _clean_bool, "int": _clean_int,
    "country": _clean_country, "email": _clean_email, "code": _clean_code,
}
LIST_CLEANERS = {"countries": _clean_countries, "codes": _clean_codes, "languages": _clean_languages}


def clean_cell(column, raw, reference):
    """(value, message): the cell's clean value, or an error message."""
    text = raw.strip()
    if not text:
        if column.required:
            return None, _("a value is required")
        return column.default, None
    if column.kind in SINGLE_CLEANERS:
        return SINGLE_CLEANERS[column.kind](column, text, reference)
    if column.kind not in LIST_CLEANERS:
        raise ValueError(f"unknown column kind {column.kind}")  # pragma: no cover - a programming error
    items = list(dict.fromkeys(item.strip() for item in text.split(";") if item.strip()))
    if not items:
        return (None, _("a value is required")) if column.required else (column.default, None)
    return LIST_CLEANERS[column.kind](column, items, reference)


class Validator:
    def __init__(self, files):
        self.files = files
        self.issues = []
        self.reference = Reference()
        self.records = {name: [] for name in FILE_ORDER}
        self.keys = {name: {} for name in FILE_ORDER}  # key -> first Record

    def error(self, record, column, message):
        """An error in one cell of a row; the row's other cells are still checked."""
        self.issues.append(Issue(record.file, record.line_of(column), column, message))
        record.bad.add(column)

    def header_error(self, name, column, message):
        self.issues.append(Issue(name, 1, column, message))

    # --- one file ---------------------------------------------------------------------------------

    def read_file(self, name):
        spec = SPECS[name]
        header, rows, issues = parse_csv(name, self.files[name])
        self.issues.extend(issues)
        if header is None:
            return
        seen = set()
        for column in header:
            if column in seen:
                self.header_error(name, column or ROW, _("the column appears twice"))
            elif column not in spec.column_names:
                self.header_error(name, column or ROW, _("unknown column (expected: %(columns)s)") % {
                    "columns": ", ".join(spec.column_names)})
            seen.add(column)
        present = []
        for column in spec.columns:
            if column.name in header:
                present.append(column)
            elif column.required:
                self.header_error(name, column.name, _("required column is missing"))
        absent = [column for column in spec.columns if column.name not in header]
        for row in rows:
            record = Record(name, row, {column.name: column.default for column in absent})
            for column in present:
                value, message = clean_cell(column, row.cells[column.name].value, self.reference)
                if message:
                    self.error(record, column.name, message)
                record.values[column.name] = value
            self.check_row(name, record)
            if all(record[k] is not None and record.ok(k) for k in spec.key) and all(k in header for k in spec.key):
                key = tuple(record[k] for k in spec.key) if len(spec.key) > 1 else record[spec.key[0]]
                first = self.keys[name].get(key)
                if first is not None:
                    self.error(record, spec.key[0], _("duplicate key “%(key)s” (first on line %(line)d)") % {
                        "key": " / ".join(key) if isinstance(key, tuple) else key, "line": first.line})
                    continue
                self.keys[name][key] = record
                self.records[name].append(record)

    def check_row(self, name, r):
        if name == REQUESTS:
            if r["decision"] and r.ok("decision") and r["decided_on"] is None and r.ok("decided_on"):
                self.error(r, "decided_on", _("required when decision is set"))
            elif r["decided_on"] and not r["decision"] and r.ok("decision"):
                self.error(r, "decided_on", _("a decision date needs a decision"))
            elif r["decided_on"] and r["submitted_on"] and r["decided_on"] < r["submitted_on"]:
                self.error(r, "decided_on", _("before submitted_on (%(date)s)") % {"date": r["submitted_on"]})
        elif name in (ACTIONS, ACTIVITIES):
            if r["start_date"] and r["end_date"] and r["end_date"] < r["start_date"]:
                self.error(r, "end_date", _("before start_date (%(date)s)") % {"date": r["start_date"]})
        if name == INDICATORS:
            check_indicator_row(self, r)
        if name == ACTIVITIES:
            total, women = r["participants"], r["participants_women"]
            if total is not None and r["status"] and r["status"] != "delivered":
                self.error(r, "participants", _("participants are only given for status delivered"))
            if women is not None and r.ok("participants"):
                if total is None:
                    self.error(r, "participants_women", _("needs participants"))
                elif women > total:
                    self.error(r, "participants_women", _("more than participants (%(total)d)") % {"total": total})
            answers, yes = r["feedback_answers"], r["feedback_yes"]
            if yes is not None and r.ok("feedback_answers") and yes > (answers or 0):
                self.error(r, "feedback_yes", _("more than feedback_answers (%(total)d)") % {"total": answers or 0})

    # --- across files and the database ------------------------------------------------------------

    def load_existing(self, validated):
        rec = self.records
        request_refs = set(self.keys[REQUESTS]) | {r["request_reference"] for r in rec[ACTIONS] if r["request_reference"]}
        action_codes = set(self.keys[ACTIONS]) | {r["action_code"] for r in rec[ACTIVITIES] if r["action_code"]}
        action_codes |= indicator_action_codes(self)
        activity_refs = set(self.keys[ACTIVITIES]) | {r["activity_ref"] for r in rec[DEPLOYMENTS]}
        expert_refs = set(self.keys[EXPERTS]) | {r["expert_ref"] for r in rec[DEPLOYMENTS]}
        validated.requests = {o.reference: o for o in in_chunks(Request.objects.all(), "reference", request_refs)}
        validated.actions = {o.code: o for o in in_chunks(Action.objects.all(), "code", action_codes)}
        validated.activities = {o.ref: o for o in in_chunks(Activity.objects.all(), "ref", activity_refs)}
        validated.experts = {o.ref: o for o in in_chunks(Expert.objects.all(), "ref", expert_refs)}
        activity_ref_of = {o.pk: ref for ref, o in validated.activities.items()}
        expert_ref_of = {o.pk: ref for ref, o in validated.experts.items()}
        wanted = set(self.keys[DEPLOYMENTS])
        for deployment in in_chunks(Deployment.objects.all(), "activity_id", activity_ref_of):
            key = (activity_ref_of[deployment.activity_id], expert_ref_of.get(deployment.expert_id))
            if key in wanted:
                validated.deployments[key] = deployment

    def check_references(self, validated):
        keys = self.keys
        # Actions: their request, at most one Action per request.
        linked = {}
        for holder_code, reference in in_chunks(
            Action.objects.values_list("code", "request__reference"), "request__reference",
            {r["request_reference"] for r in self.records[ACTIONS] if r["request_reference"]},
        ):
            linked[reference] = holder_code
        claimed = {}
        for r in self.records[ACTIONS]:
            reference = r["request_reference"]
            if not reference or not r.ok("request_reference"):
                continue
            if reference not in keys[REQUESTS] and reference not in validated.requests:
                self.error(r, "request_reference", _("unknown request “%(key)s”") % {"key": reference})
            elif reference in claimed:
                self.error(r, "request_reference", _("request “%(key)s” already has Action %(code)s (line %(line)d)") % {
                    "key": reference, "code": claimed[reference]["code"], "line": claimed[reference].line})
            elif linked.get(reference, r["code"]) != r["code"]:
                self.error(r, "request_reference", _("request “%(key)s” already has Action %(code)s") % {
                    "key": reference, "code": linked[reference]})
            claimed.setdefault(reference, r)
        for r in self.records[ACTIVITIES]:
            code = r["action_code"]
            if code and r.ok("action_code") and code not in keys[ACTIONS] and code not in validated.actions:
                self.error(r, "action_code", _("unknown Action “%(key)s”") % {"key": code})
        for r in self.records[DEPLOYMENTS]:
            if r["activity_ref"] not in keys[ACTIVITIES] and r["activity_ref"] not in validated.activities:
                self.error(r, "activity_ref", _("unknown activity “%(key)s”") % {"key": r["activity_ref"]})
            if r["expert_ref"] not in keys[EXPERTS] and r["expert_ref"] not in validated.experts:
                self.error(r, "expert_ref", _("unknown expert “%(key)s”") % {"key": r["expert_ref"]})
        check_indicator_references(self, validated)
        # Experts: an e-mail address belongs to one expert.
        first_with = {}
        for r in self.records[EXPERTS]:
            if r["email"] and r.ok("email"):
                if r["email"] in first_with:
                    self.error(r, "email", _("“%(value)s” is already the e-mail of expert %(key)s (line %(line)d)") % {
                        "value": r["email"], "key": first_with[r["email"]]["ref"], "line": first_with[r["email"]].line})
                else:
                    first_with[r["email"]] = r
        taken = in_chunks(
            Expert.objects.annotate(email_lower=Lower("email")).values_list("email_lower", "ref"), "email_lower",
            first_with,
        )
        for email, holder_ref in taken:
            r = first_with[email]
            if holder_ref != r["ref"]:
                self.error(r, "email", _("“%(value)s” is already the e-mail of another expert (%(key)s)") % {
                    "value": email, "key": holder_ref or _("registered in the portal")})

    def run(self):
        for name in FILE_ORDER:
            if name in self.files:
                self.read_file(name)
        validated = Validated(records=self.records, reference=self.reference)
        self.load_existing(validated)
        self.check_references(validated)
        check_budgets(self, validated)
        return validated, self.issues


def validate(files):
    """(Validated, issues) for {file name: bytes}; issues is empty when the import may be written."""
    return Validator(files).run()
