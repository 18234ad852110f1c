"""Writing a validated portfolio: created, updated or unchanged per row, in bulk, with events and history.

Every stage compares what the row says with what the database holds; unchanged rows are not written
at all (no event, no history row), so a second import of the same folder writes nothing.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries.fields import Country

from reporting.portfolio.budgets import write_budgets
from reporting.portfolio.report import FileCounts, Issue
from reporting.portfolio.spec import ACTIONS, ACTIVITIES, DEPLOYMENTS, EXPERTS, REQUESTS

BATCH = 500
CREATED_REASON = "imported"
UPDATED_REASON = "updated by import"
CREATED_TRANSITION = "imported"
UPDATED_TRANSITION = "import_updated"
BOOKKEEPING = {"updated_at", "sequence"}  # bumped on every change; not worth naming in the event


def noon(day):
    """A historical date as an aware datetime: noon in the facility's time zone."""
    if day is None:
        return None
    tz = timezone.get_default_timezone() if settings.USE_TZ else None
    moment = datetime.datetime.combine(day, datetime.time(12, 0))
    return timezone.make_aware(moment, tz) if tz else moment


def current(obj, name):
    """A field's value in a comparable form (country codes instead of Country objects)."""
    value = getattr(obj, name)
    if isinstance(value, Country):
        return value.code or ""
    if isinstance(value, list | tuple) or type(value).__name__ == "MultipleCountriesDescriptor":
        return tuple(sorted(v.code if isinstance(v, Country) else v for v in value))
    return value


@dataclass
class Change:
    obj: models.Model
    record: object
    fields: list = field(default_factory=list)
    m2m: dict = field(default_factory=dict)  # m2m field name -> set of ids, when it changed
    old_status: str = ""


class Stage:
    """Create or update one model from one file's records."""

    model = None
    event_model = None
    event_fk = None
    m2m_fields = ()  # names of the ManyToMany fields the file sets

    def __init__(self, writer, name, records, existing):
        self.writer, self.name, self.records, self.existing = writer, name, records, existing
        self.counts = FileCounts()

    # To override -------------------------------------------------------------------------------
    def key(self, record):
        raise NotImplementedError

    def desired(self, record, obj):
        """{attname: value} the row asks for; `obj` is the existing row or None."""
        raise NotImplementedError

    def desired_m2m(self, record):
        return {}

    def on_create(self, obj, record):
        """Extra values for a new row only."""

    def on_update(self, obj):
        """Bookkeeping fields to bump on a changed row; returns their names."""
        return []

    def skip(self, record, obj):
        return False

    def event_kwargs(self, obj):
        return {}

    # The work ----------------------------------------------------------------------------------
    def current_m2m(self, objs):
        found = {(name, obj.pk): set() for obj in objs for name in self.m2m_fields}
        for name in self.m2m_fields:
            through = self.model._meta.get_field(name).remote_field.through
            source, target = self.through_columns(name)
            ids = [obj.pk for obj in objs]
            for part_start in range(0, len(ids), 900):
                part = ids[part_start : part_start + 900]
                for owner, other in through.objects.filter(**{f"{source}__in": part}).values_list(source, target):
                    found[(name, owner)].add(other)
        return found

    def through_columns(self, name):
        field_ = self.model._meta.get_field(name)
        return field_.m2m_column_name(), field_.m2m_reverse_name()

    def plan(self):
        existing_objs = [self.existing[self.key(r)] for r in self.records if self.key(r) in self.existing]
        current_m2m = self.current_m2m(existing_objs)
        created, updated, objects = [], [], {}
        for record in self.records:
            obj = self.existing.get(self.key(record))
            if obj is not None and self.skip(record, obj):
                self.counts.unchanged += 1
                objects[self.key(record)] = obj
                continue
            values = self.desired(record, obj)
            m2m = self.desired_m2m(record)
            if obj is None:
                obj = self.model(**values)
                self.on_create(obj, record)
                created.append(Change(obj, record, m2m=m2m))
                self.counts.created += 1
            else:
                changed = [name for name, value in values.items() if current(obj, name) != value]
                m2m_changed = {n: ids for n, ids in m2m.items() if current_m2m[(n, obj.pk)] != ids}
                if changed or m2m_changed:
                    change = Change(obj, record, changed, m2m_changed, old_status=getattr(obj, "status", ""))
                    for name in changed:
                        setattr(obj, name, values[name])
                    change.fields += self.on_update(obj)
                    updated.append(change)
                    self.counts.updated += 1
                else:
                    self.counts.unchanged += 1
            objects[self.key(record)] = obj
        return created, updated, objects

    def write(self):
        created, updated, objects = self.plan()
        w = self.writer
        if created:
            objs = self.model.objects.bulk_create([c.obj for c in created], batch_size=BATCH)
            if any(obj.pk is None for obj in objs):  # pragma: no cover - every supported database returns ids
                raise RuntimeError("the database did not return the new rows' ids")
            self.write_m2m(created, replace=False)
            self.write_history(created, update=False)
            self.write_events(created, CREATED_TRANSITION)
        if updated:
            fields = sorted({name for change in updated for name in change.fields})
            if fields:
                self.model.objects.bulk_update([c.obj for c in updated if c.fields], fields, batch_size=BATCH)
            self.write_m2m([c for c in updated if c.m2m], replace=True)
            self.write_history(updated, update=True)
            self.write_events(updated, UPDATED_TRANSITION)
        if self.name in w.report.files:
            w.report.counts[self.name] = self.counts
        return objects

    def write_m2m(self, changes, replace):
        for name in self.m2m_fields:
            through = self.model._meta.get_field(name).remote_field.through
            source, target = self.through_columns(name)
            todo = [c for c in changes if name in c.m2m]
            if replace and todo:
                ids = [c.obj.pk for c in todo]
                for start in range(0, len(ids), 900):
                    through.objects.filter(**{f"{source}__in": ids[start : start + 900]}).delete()
            rows = [through(**{source: c.obj.pk, target: other}) for c in todo for other in sorted(c.m2m[name])]
            through.objects.bulk_create(rows, batch_size=BATCH)

    def write_history(self, changes, update):
        manager = getattr(self.model, "history", None)
        if manager is None:
            return
        objs = [c.obj for c in changes]
        rows = manager.bulk_history_create(
            objs, batch_size=BATCH, update=update, default_user=self.writer.actor,
            default_change_reason=UPDATED_REASON if update else CREATED_REASON, default_date=self.writer.now,
        )
        self.write_m2m_history(rows)

    def write_m2m_history(self, history_rows):
        """Snapshot the ManyToMany fields simple-history tracks, as its own save() would."""
        history_model = self.model.history.model
        tracked = getattr(history_model, "_history_m2m_fields", [])
        if not tracked or not history_rows or any(row.pk is None for row in history_rows):
            return
        by_object = {getattr(row, self.model._meta.pk.attname): row for row in history_rows}
        for field_ in tracked:
            m2m_history_model = getattr(history_model, field_.name).model
            through = field_.remote_field.through
            source, target = field_.m2m_column_name(), field_.m2m_reverse_name()
            ids = list(by_object)
            rows = []
            for start in range(0, len(ids), 900):
                for row_id, owner, other in through.objects.filter(
                    **{f"{source}__in": ids[start : start + 900]}
                ).values_list("id", source, target):
                    rows.append(m2m_history_model(history=by_object[owner], id=row_id, **{source: owner, target: other}))
            m2m_history_model.objects.bulk_create(rows, batch_size=BATCH)

    def write_events(self, changes, transition):
        if self.event_model is None:
            return
        events = []
        for change in changes:
            data = {"file": self.name, "line": change.record.line}
            if transition == UPDATED_TRANSITION:
                data["changed"] = sorted((set(change.fields) | set(change.m2m)) - BOOKKEEPING)
            status = getattr(change.obj, "status", "")
            events.append(self.event_model(
                **{self.event_fk: change.obj},
                actor=self.writer.actor,
                transition=transition,
                from_status=change.old_status if transition == UPDATED_TRANSITION else "",
                to_status=status,
                note=f"{self.name}, line {change.record.line}",
                data=data,
                created_at=self.writer.now,
                **self.event_kwargs(change.obj),
            ))
        self.event_model.objects.bulk_create(events, batch_size=BATCH)


class RequestStage(Stage):
    m2m_fields = ("thematic_areas",)

    def __init__(self, *args, institutions, **kwargs):
        super().__init__(*args, **kwargs)
        from requests_app.models import Request, RequestEvent

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
        from actions.models import Action, ActionEvent

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
        from actions.models import Activity, ActivityEvent

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
        from experts.models import Expert

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
        from experts.models import ExpertLanguage

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
        from experts.models import ExpertLanguage

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
        from experts.models import Deployment, DeploymentEvent

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


class Writer:
    def __init__(self, validated, report, actor=None):
        self.validated, self.report, self.actor = validated, report, actor
        self.now = timezone.now()

    def warn(self, issue):
        self.report.warnings.append(issue)

    def institutions(self):
        """Get or create the requesting institutions by (name, country), in bulk."""
        from requests_app.models import Institution

        records = self.validated.records[REQUESTS]
        if not records:
            return {}
        countries = {r["country"] for r in records}
        found = {}
        for inst in Institution.objects.filter(country__in=sorted(countries)).order_by("pk"):
            found.setdefault((inst.name.casefold(), inst.country.code), inst)
        new = {}
        types = self.validated.reference.codes["institution_type"]
        for r in records:
            key = (r["institution"].casefold(), r["country"])
            if key not in found and key not in new:
                new[key] = Institution(
                    name=r["institution"], country=r["country"], type_id=types[r["institution_type"]], imported=True
                )
        if new:
            Institution.objects.bulk_create(list(new.values()), batch_size=BATCH)
            self.report.institutions_created = len(new)
        return {**found, **new}

    def run(self):
        v, recs = self.validated, self.validated.records
        institutions = self.institutions()
        requests = RequestStage(self, REQUESTS, recs[REQUESTS], v.requests, institutions=institutions).write()
        requests = {**v.requests, **requests}
        actions = {**v.actions, **ActionStage(self, ACTIONS, recs[ACTIONS], v.actions, requests=requests).write()}
        activities = {
            **v.activities,
            **ActivityStage(self, ACTIVITIES, recs[ACTIVITIES], v.activities, actions=actions).write(),
        }
        experts = {**v.experts, **ExpertStage(self, EXPERTS, recs[EXPERTS], v.experts).write()}
        DeploymentStage(
            self, DEPLOYMENTS, recs[DEPLOYMENTS], v.deployments, activities=activities, experts=experts
        ).write()
        write_budgets(self, actions)
