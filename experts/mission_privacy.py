"""Mission logistics in the expert's data export, and their erasure with the profile.

Erasure removes the travel, allowance and release letter (file included), the documents' data and
the report's text. The money already spent stays in the Action's budget, as manual cost lines that no
longer name the expert nor follow the (deleted) mission.
"""

from django.utils.translation import gettext as _

from actions.budget_models import ActivityCost
from experts.logistics import allowance_compute, fee_compute
from experts.logistics_models import Mission, MissionReport


def _iso(value):
    return value.isoformat() if value else None


def _money(value):
    return str(value) if value is not None else None


def mission_personal_data(expert) -> list[dict]:
    """Travel, allowance, fee, tickets, release letter and report of each of the expert's missions."""
    out = []
    missions = {m.deployment_id: m for m in Mission.objects.filter(deployment__expert=expert)}
    reports = {r.deployment_id: r for r in MissionReport.objects.filter(deployment__expert=expert)}
    for deployment in expert.deployments.select_related("activity__action").order_by("activity__start_date"):
        mission, report = missions.get(deployment.pk), reports.get(deployment.pk)
        if mission is None and report is None:
            continue
        entry = {"action": deployment.activity.action.code, "activity": deployment.activity.title}
        if mission is not None:
            allowance = allowance_compute(deployment, mission)
            entry.update({
                "outbound_date": _iso(mission.outbound_date), "return_date": _iso(mission.return_date),
                "travel_from": mission.travel_from, "travel_to": mission.travel_to, "travel_mode": mission.travel_mode,
                "booking_status": mission.booking_status, "ticket_cost_eur": _money(mission.ticket_cost),
                "allowance_eur": _money(allowance.amount), "allowance_override_reason": mission.allowance_override_reason,
                "fee_eur": _money(fee_compute(deployment).amount),
                "release_letter_file": mission.release_letter.name.rsplit("/", 1)[-1] if mission.release_letter else None,
            })
        if report is not None:
            entry["report"] = {
                "work_done": report.work_done, "findings": report.findings,
                "recommendations": report.recommendations, "follow_up": report.follow_up,
                "submitted_at": _iso(report.submitted_at),
            }
        out.append(entry)
    return out


def mission_data_erase(expert) -> None:
    """Remove the expert's mission logistics, release letters and report texts; keep the spending, unnamed."""
    deployment_ids = list(expert.deployments.values_list("pk", flat=True))
    for deployment_id in deployment_ids:
        ActivityCost.objects.filter(computed_key__startswith=f"deployment:{deployment_id}:").update(
            computed_key="", description=_("Mission costs (erased expert)"))
    for mission in Mission.objects.filter(deployment_id__in=deployment_ids):
        if mission.release_letter:
            mission.release_letter.delete(save=False)
    Mission.objects.filter(deployment_id__in=deployment_ids).delete()
    # After the delete, which itself writes a history row.
    Mission.history.filter(deployment_id__in=deployment_ids).delete()
    MissionReport.objects.filter(deployment_id__in=deployment_ids).update(
        work_done="", findings="", recommendations="", follow_up="")
