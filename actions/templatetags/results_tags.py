"""The results section of an Action's workspace page, and the partner's pending evaluation banner."""

from django import template
from django.db.models import Avg, Count, Q

from actions.evaluation import open_survey_for
from actions.results import indicator_summary
from actions.results_models import FollowUpSchedule, PartnerEvaluation, PartnerFollowUp, PartnerSurveyStatus

register = template.Library()

ANSWERED = Q(status=PartnerSurveyStatus.ANSWERED)


@register.inclusion_tag("actions/_results.html", takes_context=True)
def action_results(context, action):
    user = context["request"].user
    can_manage = context.get("can_manage", False)
    indicators = list(action.indicators.all())
    reached, known = indicator_summary(indicators)
    data = {
        "action": action, "indicators": indicators, "reached": reached, "known": known, "can_manage": can_manage,
        "my_evaluation": open_survey_for(PartnerEvaluation, action=action, user=user),
        "my_follow_up": open_survey_for(PartnerFollowUp, action=action, user=user),
    }
    if can_manage:
        active = ~Q(status=PartnerSurveyStatus.WITHDRAWN)
        data["evaluations"] = action.partner_evaluations.aggregate(
            invited=Count("id", filter=active), answered=Count("id", filter=ANSWERED),
            satisfaction=Avg("satisfaction", filter=ANSWERED),
        )
        data["follow_ups"] = action.partner_follow_ups.aggregate(
            invited=Count("id", filter=active), answered=Count("id", filter=ANSWERED),
            used=Count("id", filter=ANSWERED & Q(results_used__in=("yes", "partly"))),
        )
        data["follow_up_schedule"] = FollowUpSchedule.objects.filter(action=action).first()
    return data
