"""Roster import and export (CSV, XLSX) with exactly the columns of `experts.csv` in DATA-EXCHANGE."""

from import_export import fields, resources
from import_export.widgets import ForeignKeyWidget, ManyToManyWidget

from experts.models import Expert, ExpertLanguage, LanguageLevel
from mieux.models import EmployerType, ThematicArea

COLUMNS = (
    "ref", "first_name", "last_name", "email", "gender", "nationality", "employer_type", "employer", "languages",
    "thematic_areas", "active",
)
TRUE = {"true", "1", "yes", "y", "oui", "sí", "si"}
FALSE = {"false", "0", "no", "n", "non"}


def parse_languages(text):
    """`en:C2;fr:native` → [("en", "C2"), ("fr", "native")]; raises ValueError on a bad pair."""
    pairs = []
    for chunk in (text or "").replace(",", ";").split(";"):
        chunk = chunk.strip()
        if not chunk:
            continue
        code, _sep, level = chunk.partition(":")
        code, level = code.strip().lower(), level.strip()
        level = "native" if level.lower() == "native" else level.upper()
        if len(code) != 2 or not code.isalpha() or level not in LanguageLevel.values:
            raise ValueError(f"Invalid language “{chunk}”: expected code:level, e.g. en:C2 or fr:native")
        pairs.append((code, level))
    return pairs


def parse_bool(value, default=True):
    text = str(value if value is not None else "").strip().lower()
    if not text:
        return default
    if text in TRUE:
        return True
    if text in FALSE:
        return False
    raise ValueError(f"Invalid boolean “{value}”")


class ExpertResource(resources.ModelResource):
    nationality = fields.Field(attribute="nationality", column_name="nationality")
    employer_type = fields.Field(
        attribute="employer_type", column_name="employer_type", widget=ForeignKeyWidget(EmployerType, field="code")
    )
    languages = fields.Field(column_name="languages")
    thematic_areas = fields.Field(
        attribute="thematic_areas", column_name="thematic_areas",
        widget=ManyToManyWidget(ThematicArea, field="code", separator=";"),
    )
    active = fields.Field(column_name="active")

    class Meta:
        model = Expert
        import_id_fields = ("ref",)
        fields = COLUMNS
        export_order = COLUMNS
        skip_unchanged = False
        clean_model_instances = False

    def get_queryset(self):
        return (
            Expert.objects.filter(erased_at__isnull=True)
            .select_related("employer_type")
            .prefetch_related("thematic_areas", "languages")
        )

    def dehydrate_nationality(self, expert):
        return str(expert.nationality or "")

    def dehydrate_email(self, expert):
        return expert.email or ""

    def dehydrate_languages(self, expert):
        return ";".join(f"{lang.language}:{lang.level}" for lang in expert.languages.all())

    def dehydrate_active(self, expert):
        return "true" if expert.status == Expert.Status.ACTIVE else "false"

    def before_import_row(self, row, **kwargs):
        # Validate early so a bad row is reported with its line, and the whole import is refused.
        row["nationality"] = str(row.get("nationality") or "").strip().upper()
        if len(row["nationality"]) != 2:
            raise ValueError("nationality must be an ISO alpha-2 code")
        parse_languages(row.get("languages"))
        parse_bool(row.get("active"))
        gender = str(row.get("gender") or "").strip().upper()
        if gender not in ("", "F", "M", "X"):
            raise ValueError("gender must be F, M or X")
        row["gender"] = gender

    def before_save_instance(self, instance, row, **kwargs):
        instance.email = (instance.email or "").strip().lower() or None
        instance.gender = instance.gender or ""
        instance.status = Expert.Status.ACTIVE if parse_bool(row.get("active")) else Expert.Status.INACTIVE
        instance.imported = True

    def after_save_instance(self, instance, row, **kwargs):
        wanted = dict(parse_languages(row.get("languages")))
        ExpertLanguage.objects.filter(expert=instance).exclude(language__in=wanted).delete()
        for code, level in wanted.items():
            ExpertLanguage.objects.update_or_create(expert=instance, language=code, defaults={"level": level})
