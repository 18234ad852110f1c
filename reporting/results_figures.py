"""Results and evidence figures, each with its basis: indicator achievement, the partner's evaluation
and the six-month follow-up (staff dashboard, `/staff/api/results/`, and the public home).

Definitions:
- indicator achievement: of the indicators whose target and actual value are both known (qualitative
  ones: judged by staff), the share at or above target (at or below for a falling target). Indicators of
  cancelled Actions do not count.
- evaluation: answered evaluations only (never open invitations, never withdrawn ones); mean scores
  1–5 over the answers that gave them; objectives met = share answering "yes".
- results used: of the answered follow-ups, the share answering "yes" or "partly".
An Action's results count in the year it ended (actual end, else planned end). These figures never
change the key facts of `/api/key-facts/`.
"""

from django.conf import settings
from django.db.models import Avg, Count, Q
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from actions.models import Action, ActionStatus
from actions.results import indicator_summary
from actions.results_models import Indicator, PartnerEvaluation, PartnerFollowUp, PartnerSurveyStatus

ANSWERED = PartnerSurveyStatus.ANSWERED


def _rate(part, whole):
    return round(part / whole, 4) if whole else None


def scoped_actions(scope=None):
    """Actions within the dashboard filters (phase, region, thematic area, year the Action ended)."""
    actions = Action.objects.all()
    if scope is not None:
        actions = actions.filter(scope.action_q())
        if scope.year:
            actions = actions.annotate(end_year=ExtractYear(Coalesce("actual_end", "planned_end"))).filter(end_year=scope.year)
    return actions


def indicator_figures(actions):
    indicators = Indicator.objects.filter(action__in=actions.values("pk")).exclude(action__status=ActionStatus.CANCELLED)
    indicators = list(indicators.only("measure", "baseline", "target", "actual", "achieved"))
    reached, known = indicator_summary(indicators)
    return {"rate": _rate(reached, known), "at_or_above_target": reached, "basis": known, "indicators": len(indicators)}


def evaluation_figures(actions):
    answered = PartnerEvaluation.objects.filter(action__in=actions.values("pk"), status=ANSWERED)
    row = answered.aggregate(
        answers=Count("pk"), actions=Count("action", distinct=True),
        satisfaction_avg=Avg("satisfaction"), satisfaction_n=Count("pk", filter=Q(satisfaction__isnull=False)),
        relevance_avg=Avg("relevance"), relevance_n=Count("pk", filter=Q(relevance__isnull=False)),
        experts_quality_avg=Avg("experts_quality"), experts_quality_n=Count("pk", filter=Q(experts_quality__isnull=False)),
        objectives_yes=Count("pk", filter=Q(objectives_met="yes")),
        objectives_partly=Count("pk", filter=Q(objectives_met="partly")),
        objectives_n=Count("pk", filter=~Q(objectives_met="")),
    )
    invited = PartnerEvaluation.objects.filter(action__in=actions.values("pk")).exclude(status=PartnerSurveyStatus.WITHDRAWN).count()
    mean = {k: (round(row[f"{k}_avg"], 2) if row[f"{k}_avg"] is not None else None)
            for k in ("satisfaction", "relevance", "experts_quality")}
    return {
        "answers": row["answers"], "invited": invited, "actions": row["actions"],
        "satisfaction_mean": mean["satisfaction"], "satisfaction_basis": row["satisfaction_n"],
        "relevance_mean": mean["relevance"], "relevance_basis": row["relevance_n"],
        "experts_quality_mean": mean["experts_quality"], "experts_quality_basis": row["experts_quality_n"],
        "objectives_met_rate": _rate(row["objectives_yes"], row["objectives_n"]),
        "objectives_partly_met_rate": _rate(row["objectives_partly"], row["objectives_n"]),
        "objectives_basis": row["objectives_n"],
    }


def follow_up_figures(actions):
    answered = PartnerFollowUp.objects.filter(action__in=actions.values("pk"), status=ANSWERED)
    row = answered.aggregate(
        answers=Count("pk"), yes=Count("pk", filter=Q(results_used="yes")),
        partly=Count("pk", filter=Q(results_used="partly")), no=Count("pk", filter=Q(results_used="no")),
    )
    invited = PartnerFollowUp.objects.filter(action__in=actions.values("pk")).exclude(status=PartnerSurveyStatus.WITHDRAWN).count()
    return {
        "results_used_rate": _rate(row["yes"] + row["partly"], row["answers"]),
        "basis": row["answers"], "invited": invited, "yes": row["yes"], "partly": row["partly"], "no": row["no"],
    }


def results_figures(scope=None):
    """Every results figure with its basis, for the Actions within `scope` (a dashboard Scope, or all)."""
    actions = scoped_actions(scope)
    return {
        "indicator_achievement": indicator_figures(actions),
        "partner_evaluation": evaluation_figures(actions),
        "follow_up": follow_up_figures(actions),
        "computed_at": timezone.now().replace(microsecond=0).isoformat(),
    }


def public_follow_up_figure():
    """The follow-up "results used" rate for the public home, or None while it rests on too few answers."""
    figure = follow_up_figures(Action.objects.all())
    if figure["basis"] < settings.FOLLOW_UP_PUBLIC_MIN_ANSWERS:
        return None
    return figure


def _pct(value):
    return "–" if value is None else f"{round(value * 100)}%"


def _mean(value):
    return "–" if value is None else round(value, 1)


def results_table_parts(figures):
    """(title, columns, rows, note) of the dashboard's results table."""
    ind, ev, fu = figures["indicator_achievement"], figures["partner_evaluation"], figures["follow_up"]
    rows = [
        [_("Indicators at or above target"), _pct(ind["rate"]), ind["basis"]],
        [_("Partner evaluation: overall satisfaction (1–5, mean)"), _mean(ev["satisfaction_mean"]), ev["satisfaction_basis"]],
        [_("Partner evaluation: relevance (1–5, mean)"), _mean(ev["relevance_mean"]), ev["relevance_basis"]],
        [_("Partner evaluation: quality of the experts (1–5, mean)"), _mean(ev["experts_quality_mean"]), ev["experts_quality_basis"]],
        [_("Partner evaluation: objectives met"), _pct(ev["objectives_met_rate"]), ev["objectives_basis"]],
        [_("Six-month follow-up: results used (yes or partly)"), _pct(fu["results_used_rate"]), fu["basis"]],
    ]
    note = _(
        "Indicators: those with both a target and an actual value. Evaluations and follow-ups: answers only "
        "(%(ev_answers)s of %(ev_invited)s evaluations, %(fu_answers)s of %(fu_invited)s follow-ups); withdrawn "
        "invitations never count."
    ) % {"ev_answers": ev["answers"], "ev_invited": ev["invited"], "fu_answers": fu["basis"], "fu_invited": fu["invited"]}
    return _("Results and evidence"), [_("Figure"), _("Result"), _("Basis (n)")], rows, note


def public_results_context(action):
    """What the public Action page shows of results: indicators, public deliverables, the translation."""
    language = (translation.get_language() or settings.LANGUAGE_CODE)[:2]
    return {
        "indicators": list(action.indicators.all()),
        "public_documents": list(action.documents.filter(is_public=True).order_by("-published_at", "-pk")),
        "translation": action.translations.filter(language=language).first(),
    }
