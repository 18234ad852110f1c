"""The files of the historical portfolio format (shared/DATA-EXCHANGE.md): columns and codes."""

from dataclasses import dataclass

REQUESTS = "requests.csv"
ACTIONS = "actions.csv"
ACTIVITIES = "activities.csv"
EXPERTS = "experts.csv"
DEPLOYMENTS = "deployments.csv"
BUDGETS = "budgets.csv"
INDICATORS = "indicators.csv"

# Files are validated and written in this order: later files refer to earlier ones.
FILE_ORDER = (REQUESTS, ACTIONS, ACTIVITIES, EXPERTS, DEPLOYMENTS, BUDGETS, INDICATORS)

DECISIONS = ("approved", "rejected", "withdrawn", "ineligible")
ACTION_STATUSES = ("planned", "ongoing", "completed", "cancelled")
ACTIVITY_STATUSES = ("planned", "confirmed", "delivered", "postponed", "cancelled")
DEPLOYMENT_STATUSES = ("invited", "accepted", "declined", "confirmed", "completed", "cancelled")
DEPLOYMENT_ROLES = ("lead", "expert")
RESULT_TYPES = ("output", "outcome", "impact")
MEASURES = ("unit", "percentage", "qualitative")
GENDERS = ("F", "M", "X")
LANGUAGE_LEVELS = ("A1", "A2", "B1", "B2", "C1", "C2", "native")
COST_CATEGORIES = ("expert_fees", "travel", "subsistence", "venue", "interpretation", "translation", "materials", "other")

# ISO 639-1 two-letter language codes.
ISO_639_1 = frozenset(
    """aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz
    ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io
    is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr
    ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si
    sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh
    yi yo za zh zu""".split()
)


@dataclass(frozen=True)
class Column:
    name: str
    required: bool
    kind: str  # text, action_code, date, bool, int, country, countries, code, codes, email, languages
    choices: str | tuple | None = None  # a tuple of codes, or the name of a reference table
    max_length: int | None = None
    default: object = None


@dataclass(frozen=True)
class FileSpec:
    name: str
    key: tuple
    columns: tuple

    @property
    def column_names(self):
        return [c.name for c in self.columns]

    def column(self, name):
        return next(c for c in self.columns if c.name == name)


SPECS = {
    REQUESTS: FileSpec(REQUESTS, ("reference",), (
        Column("reference", True, "text", max_length=40),
        Column("title", True, "text", max_length=250),
        Column("institution", True, "text", max_length=250),
        Column("institution_type", True, "code", "institution_type"),
        Column("country", True, "country"),
        Column("thematic_areas", True, "codes", "thematic_area"),
        Column("submitted_on", True, "date"),
        Column("decided_on", False, "date"),
        Column("decision", False, "code", DECISIONS),
        Column("phase", True, "code", "phase"),
    )),
    ACTIONS: FileSpec(ACTIONS, ("code",), (
        Column("code", True, "action_code", max_length=40),
        Column("title", True, "text", max_length=250),
        Column("request_reference", False, "text", max_length=40),
        Column("countries", True, "countries"),
        Column("region", True, "code", "region"),
        Column("thematic_areas", True, "codes", "thematic_area"),
        Column("phase", True, "code", "phase"),
        Column("status", True, "code", ACTION_STATUSES),
        Column("start_date", False, "date"),
        Column("end_date", False, "date"),
        Column("summary", False, "text", default=""),
    )),
    ACTIVITIES: FileSpec(ACTIVITIES, ("ref",), (
        Column("ref", True, "text", max_length=60),
        Column("action_code", True, "text", max_length=40),
        Column("type", True, "code", "activity_type"),
        Column("title", True, "text", max_length=250),
        Column("start_date", True, "date"),
        Column("end_date", True, "date"),
        Column("country", False, "country", default=""),
        Column("city", False, "text", max_length=120, default=""),
        Column("online", False, "bool", default=False),
        Column("status", True, "code", ACTIVITY_STATUSES),
        Column("participants", False, "int"),
        Column("participants_women", False, "int"),
        Column("feedback_answers", False, "int"),
        Column("feedback_yes", False, "int"),
    )),
    EXPERTS: FileSpec(EXPERTS, ("ref",), (
        Column("ref", True, "text", max_length=60),
        Column("first_name", True, "text", max_length=120),
        Column("last_name", True, "text", max_length=120),
        Column("email", False, "email", max_length=254),
        Column("gender", False, "code", GENDERS, default=""),
        Column("nationality", True, "country"),
        Column("employer_type", True, "code", "employer_type"),
        Column("employer", False, "text", max_length=250, default=""),
        Column("languages", False, "languages", default=()),
        Column("thematic_areas", False, "codes", "thematic_area", default=()),
        Column("active", False, "bool", default=True),
    )),
    DEPLOYMENTS: FileSpec(DEPLOYMENTS, ("activity_ref", "expert_ref"), (
        Column("activity_ref", True, "text", max_length=60),
        Column("expert_ref", True, "text", max_length=60),
        Column("role", False, "code", DEPLOYMENT_ROLES, default="expert"),
        Column("status", True, "code", DEPLOYMENT_STATUSES),
        Column("beneficial", False, "bool"),
    )),
    BUDGETS: FileSpec(BUDGETS, ("action_code", "year", "category"), (
        Column("action_code", True, "text", max_length=40),
        Column("year", True, "int"),
        Column("category", True, "code", COST_CATEGORIES),
        # Amounts are checked (decimal with ".", not negative, cents at most) by reporting.portfolio.budgets.
        Column("planned", True, "text", max_length=20),
        Column("actual", False, "text", max_length=20),
    )),
    INDICATORS: FileSpec(INDICATORS, ("ref",), (
        Column("action_code", True, "text", max_length=40),
        Column("ref", True, "text", max_length=60),
        Column("title", True, "text", max_length=250),
        Column("result_type", True, "code", RESULT_TYPES),
        Column("measure", True, "code", MEASURES),
        Column("baseline", False, "text", max_length=250, default=""),
        Column("baseline_year", False, "int"),
        Column("target", False, "text", max_length=250, default=""),
        Column("actual", False, "text", max_length=250, default=""),
    )),
}
