"""Data for the experts includes on the actions app's pages, fetched with a constant number of queries."""

from django import template

from experts.models import BOOKED_STATUSES, Deployment, DeploymentStatus
from experts.workflow import STAFF_BUTTONS, TRANSITIONS

register = template.Library()

DEPLOYMENT_STATUS_CLASSES = {
    "proposed": "text-bg-light border",
    "invited": "text-bg-info",
    "accepted": "text-bg-primary",
    "confirmed": "text-bg-success",
    "completed": "text-bg-success",
    "declined": "text-bg-secondary",
    "cancelled": "text-bg-dark",
}


@register.filter
def deployment_status_class(status):
    return DEPLOYMENT_STATUS_CLASSES.get(str(status), "text-bg-light")


@register.simple_tag
def activity_deployments(activity, user):
    """The activity's deployments with the buttons `user` may use; one query whatever their number."""
    is_staff = bool(user and user.is_authenticated and user.is_mieux_staff)
    rows = []
    if user and user.is_authenticated:
        queryset = Deployment.objects.filter(activity_id=activity.pk).select_related("expert", "mission_report").order_by(
            "role", "expert__last_name", "expert__first_name"
        )
        if not is_staff:
            if user.is_expert:
                queryset = queryset.filter(expert__user=user)
            else:
                queryset = queryset.filter(status__in=(DeploymentStatus.CONFIRMED, DeploymentStatus.COMPLETED))
        for deployment in queryset:
            buttons = []
            if is_staff:
                # "Complete" is offered once the activity took place (the service refuses it before).
                offered = [n for n in STAFF_BUTTONS if n != "complete" or activity.status == "delivered"]
                buttons = [TRANSITIONS[name] for name in offered if deployment.status in TRANSITIONS[name].sources]
            rows.append({"deployment": deployment, "buttons": buttons})
    booked = sum(1 for r in rows if r["deployment"].status in BOOKED_STATUSES)
    return {
        "rows": rows,
        "is_staff": is_staff,
        "can_match": is_staff and activity.status not in ("cancelled", "delivered"),
        "booked": booked,
        "can_rate": is_staff,
    }


@register.simple_tag
def action_experts(action, user):
    """Experts on an Action: staff see every deployment; others only confirmed and completed ones."""
    if not (user and user.is_authenticated):
        return {"rows": [], "is_staff": False}
    is_staff = user.is_mieux_staff
    queryset = Deployment.objects.filter(activity__action_id=action.pk).select_related("expert", "activity").order_by(
        "activity__start_date", "expert__last_name"
    )
    if not is_staff:
        queryset = queryset.filter(status__in=(DeploymentStatus.CONFIRMED, DeploymentStatus.COMPLETED))
    return {"rows": list(queryset), "is_staff": is_staff}
