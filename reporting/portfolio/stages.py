"""The stages of the import, one per file: requests, Actions, activities, experts, deployments."""

from django.utils.translation import gettext as _

from actions.models import Action, ActionEvent, Activity, ActivityEvent
from experts.models import Deployment, DeploymentEvent, Expert, ExpertLanguage
from reporting.portfolio.report import Issue
from reporting.portfolio.stage import BATCH, Stage, noon
from requests_app.models import Request, RequestEvent


class RequestStage(Stage):
    m2m_fields = ("thematic_areas",)

    def __init__(self, *args, institutions, **kwargs):
        super().__init__(*args, **kwargs)
        self.model, self.event_model, self.event_fk = Request, RequestEvent, "request"
        self.institutions = institutions

    def key(self, r):
        return r["reference"]

    def desired(self, r, obj):
        ref = self.writer.validated.reference
        submitted = noon(r["submitted_on"])
        return {
            "reference": r["reference"],
            "title": r["title"],
            "institution_id": self.institutions[(r["institution"].casefold(), r["country"])].pk,
            "countries": (r["country"],),
            "region_id": ref.region_of_country.get(r["country"]),
            "phase_id": ref.codes["phase"][r["phase"]],
            "submitted_at": submitted,
            "last_submitted_at": submitted,
            "decided_at": noon(r["decided_on"]),
            "status": r["decision"] or "submitted",
            "imported": True,
        }

    def desired_m2m(self, r):
        codes = self.writer.validated.reference.codes["thematic_area"]
        return {"thematic_areas": {codes[c] for c in r["thematic_areas"]}}

    def on_create(self, obj, r):
        obj.created_at = obj.submitted_at

    def on_update(self, obj):
        obj.updated_at = self.writer.now
        return ["updated_at"]

    def event_kwargs(self, obj):
        return {"visible_to_partner": True}


class ActionStage(Stage):
    m2m_fields = ("thematic_areas",)

    def __init__(self, *args, requests, **kwargs):
        super().__init__(*args, **kwargs)
        self.model, self.event_model, self.event_fk = Action, ActionEvent, "action"
        self.requests = requests

    def key(self, r):
        return r["code"]

    def desired(self, r, obj):
        ref = self.writer.validated.reference
        request = self.requests.get(r["request_reference"]) if r["request_reference"] else None
        started = r["status"] in ("ongoing", "completed")
        public = started
        values = {
            "code": r["code"],
            "title": r["title"],
            "request_id": request.pk if request else None,
            "institution_id": request.institution_id if request else None,
            "countries": r["countries"],
            "region_id": ref.codes["region"][r["region"]],
            "phase_id": ref.codes["phase"][r["phase"]],
            "status": r["status"],
            "planned_start": r["start_date"],
            "planned_end": r["end_date"],
            "actual_start": r["start_date"] if started else None,
            "actual_end": r["end_date"] if r["status"] == "completed" else None,
            "summary": r["summary"] or "",
            "is_public": public,
            "imported": True,
        }
        if public and (obj is None or obj.published_at is None):
            values["published_at"] = self.writer.now
        return values

    def desired_m2m(self, r):
        codes = self.writer.validated.reference.codes["thematic_area"]
        return {"thematic_areas": {codes[c] for c in r["thematic_areas"]}}

    def on_update(self, obj):
        obj.updated_at = self.writer.now
        return ["updated_at"]


class ActivityStage(Stage):
    def __init__(self, *args, actions, **kwargs):
        super().__init__(*args, **kwargs)
        self.model, self.event_model, self.event_fk = Activity, ActivityEvent, "activity"
        self.actions = actions

    def key(self, r):
        return r["ref"]

    def desired(self, r, obj):
        delivered = r["status"] == "delivered"
        delivered_at = None
        if delivered:
            keep = obj is not None and obj.status == "delivered" and obj.delivered_at is not None
            delivered_at = obj.delivered_at if keep else noon(r["end_date"])
        return {
            "ref": r["ref"],
            "action_id": self.actions[r["action_code"]].pk,
            "type_id": self.writer.validated.reference.codes["activity_type"][r["type"]],
            "title": r["title"],
            "start_date": r["start_date"],
            "end_date": r["end_date"],
            "format": "online" if r["online"] else "in_person",
            "country": r["country"] or "",
            "city": r["city"] or "",
            "status": r["status"],
            "delivered_at": delivered_at,
            "participants_total": r["participants"],
            "participants_women": r["participants_women"],
            "historical_feedback_answers": r["feedback_answers"] or 0,
            "historical_feedback_yes": r["feedback_yes"] or 0,
            "imported": True,
        }

    def on_update(self, obj):
        obj.updated_at = self.writer.now
        obj.sequence += 1
        return ["updated_at", "sequence"]


class ExpertStage(Stage):
    m2m_fields = ("thematic_areas",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.model = Expert

    def key(self, r):
        return r["ref"]

    def skip(self, r, obj):
        if obj.erased_at is not None:
            self.writer.warn(Issue(self.name, r.line, "ref", _(
                "this expert's personal data was erased; the row is left unchanged")))
            return True
        return False

    def desired(self, r, obj):
        return {
            "ref": r["ref"],
            "first_name": r["first_name"],
            "last_name": r["last_name"],
            "email": r["email"] or None,
            "gender": r["gender"] or "",
            "nationality": r["nationality"],
            "employer_type_id": self.writer.validated.reference.codes["employer_type"][r["employer_type"]],
            "employer": r["employer"] or "",
            "status": "active" if r["active"] else "inactive",
            "imported": True,
        }

    def on_update(self, obj):
        obj.updated_at = self.writer.now
        return ["updated_at"]

    def current_m2m(self, objs):
        found = super().current_m2m(objs)
        for obj in objs:
            found[("languages", obj.pk)] = set()
        ids = [obj.pk for obj in objs]
        for start in range(0, len(ids), 900):
            for expert_id, language, level in ExpertLanguage.objects.filter(
                expert_id__in=ids[start : start + 900]
            ).values_list("expert_id", "language", "level"):
                found[("languages", expert_id)].add((language, level))
        return found

    def desired_m2m(self, r):
        codes = self.writer.validated.reference.codes["thematic_area"]
        return {
            "thematic_areas": {codes[c] for c in r["thematic_areas"] or ()},
            "languages": set(r["languages"] or ()),
        }

    def write_m2m(self, changes, replace):
        """Thematic areas as ManyToMany rows; languages as ExpertLanguage rows."""
        super().write_m2m(changes, replace)
        todo = [c for c in changes if "languages" in c.m2m]
        if replace and todo:
            ids = [c.obj.pk for c in todo]
            for start in range(0, len(ids), 900):
                ExpertLanguage.objects.filter(expert_id__in=ids[start : start + 900]).delete()
        ExpertLanguage.objects.bulk_create(
            [ExpertLanguage(expert_id=c.obj.pk, language=language, level=level)
             for c in todo for language, level in sorted(c.m2m["languages"])],
            batch_size=BATCH,
        )


class DeploymentStage(Stage):
    def __init__(self, *args, activities, experts, **kwargs):
        super().__init__(*args, **kwargs)
        self.model, self.event_model, self.event_fk = Deployment, DeploymentEvent, "deployment"
        self.activities, self.experts = activities, experts

    def key(self, r):
        return (r["activity_ref"], r["expert_ref"])

    def desired(self, r, obj):
        activity = self.activities[r["activity_ref"]]
        completed_at = None
        if r["status"] == "completed":
            keep = obj is not None and obj.completed_at is not None
            completed_at = obj.completed_at if keep else noon(activity.end_date)
        feedback_at = None
        if r["beneficial"] is not None:
            keep = obj is not None and obj.feedback_at is not None
            feedback_at = obj.feedback_at if keep else (completed_at or noon(activity.end_date))
        return {
            "activity_id": activity.pk,
            "expert_id": self.experts[r["expert_ref"]].pk,
            "role": r["role"] or "expert",
            "status": r["status"],
            "completed_at": completed_at,
            "beneficial": r["beneficial"],
            "feedback_at": feedback_at,
            "imported": True,
        }
