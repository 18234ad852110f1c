"""Writing a validated portfolio: created, updated or unchanged per row, in bulk, with events and history.

The writer runs one stage per file (`stages`), each built on `stage.Stage`: every stage compares what
the row says with what the database holds; unchanged rows are not written at all (no event, no
history row), so a second import of the same folder writes nothing.
"""

from django.utils import timezone

from reporting.portfolio.spec import ACTIONS, ACTIVITIES, DEPLOYMENTS, EXPERTS, REQUESTS
from reporting.portfolio.stage import BATCH
from reporting.portfolio.stages import ActionStage, ActivityStage, DeploymentStage, ExpertStage, RequestStage
from requests_app.models import Institution


class Writer:
    def __init__(self, validated, report, actor=None):
        self.validated, self.report, self.actor = validated, report, actor
        self.now = timezone.now()

    def warn(self, issue):
        self.report.warnings.append(issue)

    def institutions(self):
        """Get or create the requesting institutions by (name, country), in bulk."""
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
