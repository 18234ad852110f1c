"""Demo roster: about forty experts (a third from outside the EU), their languages and leave, and their
deployments on the demo activities of `actions.demo`. Idempotent: stable references, get_or_create."""

import datetime
import random

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from actions.models import Activity, ActivityStatus
from experts.models import (
    Deployment,
    DeploymentEvent,
    DeploymentStatus,
    Expert,
    ExpertLanguage,
    Unavailability,
)
from mieux.demo import DEMO_DOMAIN
from mieux.legal import privacy_notice_version
from mieux.models import EmployerType, Region, ThematicArea, User

# first name, last name, gender, nationality, employer type, employer, position, languages, areas, countries
EXPERTS = [
    ("Eva", "Expert", "F", "BE", "eu_admin", "Federal Public Service Home Affairs", "Senior policy adviser",
     "en:C2;fr:native;nl:C1", "LMM;MD", "MA,SN,JO"),
    ("Sophie", "Laurent", "F", "FR", "eu_admin", "Ministère de l'Intérieur (DGEF)", "Head of unit, labour migration",
     "fr:native;en:C1;es:B2", "LMM;MD", "SN,CI,MA"),
    ("Jan", "Kowalski", "M", "PL", "eu_admin", "Office for Foreigners", "Deputy director", "pl:native;en:C1;ru:B2",
     "IPA;IRR", "UA,GE,MD"),
    ("Maria", "García López", "F", "ES", "eu_admin", "Ministerio de Inclusión, Seguridad Social y Migraciones",
     "Senior expert", "es:native;en:C1;fr:B2", "LMM;MD", "MX,GT,CO,EC"),
    ("Lars", "Andersson", "M", "SE", "eu_admin", "Swedish Migration Agency", "Asylum procedures expert",
     "sv:native;en:C2", "IPA", "JO,LB,TR"),
    ("Giulia", "Romano", "F", "IT", "eu_admin", "Ministero dell'Interno", "Anti-trafficking coordinator",
     "it:native;en:C1;fr:B2", "IRR", "NG,GH,LY,TN"),
    ("Pieter", "de Vries", "M", "NL", "eu_admin", "Immigration and Naturalisation Service (IND)", "Data and statistics lead",
     "nl:native;en:C2;de:B2", "HOR;MD", "GH,KE"),
    ("Katarzyna", "Nowak", "F", "PL", "academia", "University of Warsaw, Centre of Migration Research", "Researcher",
     "pl:native;en:C2;uk:B2", "MD;HOR", "UA,MD,BY"),
    ("Thomas", "Müller", "M", "DE", "eu_admin", "Federal Office for Migration and Refugees (BAMF)", "Head of section",
     "de:native;en:C1;fr:B1", "IPA;LMM", "TR,IQ,AF"),
    ("Ana", "Ferreira", "F", "PT", "eu_admin", "Agency for Integration, Migration and Asylum (AIMA)", "Legal adviser",
     "pt:native;en:C1;es:C1;fr:B2", "LMM;IPA", "CV,AO,MZ,BR"),
    ("Ioana", "Popescu", "F", "RO", "eu_admin", "General Inspectorate for Immigration", "Border management expert",
     "ro:native;en:C1;fr:B2", "IRR", "MD,UA"),
    ("Niamh", "O'Connor", "F", "IE", "eu_admin", "Department of Justice", "Policy officer", "en:native;fr:B2",
     "LMM;HOR", "ZA,KE"),
    ("Mikko", "Virtanen", "M", "FI", "eu_admin", "Finnish Immigration Service", "Reception expert", "fi:native;en:C2;sv:C1",
     "IPA", "IQ,SO"),
    ("Elena", "Papadopoulou", "F", "GR", "eu_admin", "Ministry of Migration and Asylum", "Head of asylum unit",
     "el:native;en:C2;fr:B1", "IPA;IRR", "TR,EG"),
    ("Tomáš", "Novák", "M", "CZ", "eu_admin", "Ministry of the Interior", "Labour mobility adviser", "cs:native;en:C1;de:B2",
     "LMM", "VN,MN,UA"),
    ("Claire", "Dubois", "F", "FR", "international_org", "OECD, International Migration Division", "Policy analyst",
     "fr:native;en:C2;es:B2", "MD;LMM", "SN,ML,MA"),
    ("Jean-Marc", "Lefèvre", "M", "BE", "academia", "Université libre de Bruxelles", "Professor of migration law",
     "fr:native;en:C1;nl:B2", "IPA;HOR", "CD,RW,BI"),
    ("Helena", "Schmidt", "F", "AT", "eu_admin", "Federal Ministry of the Interior", "Return and reintegration expert",
     "de:native;en:C1", "IRR;MD", "NG,PK"),
    ("Marek", "Horváth", "M", "SK", "eu_admin", "Migration Office", "Statistician", "sk:native;en:B2;hu:C1", "HOR", "UA"),
    ("Laura", "Bianchi", "F", "IT", "civil_society", "Caritas Italiana", "Integration programme manager",
     "it:native;en:C1;es:B2", "MD;LMM", "EC,PE"),
    ("Sean", "Murphy", "M", "GB", "private", "Migration policy consultancy", "Independent consultant",
     "en:native;fr:B2", "HOR;LMM", "KE,UG,TZ,GH"),
    ("Ingrid", "Berg", "F", "DK", "eu_admin", "Danish Immigration Service", "Family reunification expert",
     "da:native;en:C2;de:B1", "LMM", "PK,BD"),
    ("Rui", "Santos", "M", "PT", "eu_admin", "Immigration and Borders Service", "Document fraud expert",
     "pt:native;en:C1;fr:B2", "IRR", "CV,GW,BR"),
    ("Agnieszka", "Wiśniewska", "F", "PL", "international_org", "ICMPD", "Project manager", "pl:native;en:C2;ru:B2",
     "IRR;HOR", "GE,AM,AZ"),
    ("Darius", "Kazlauskas", "M", "LT", "eu_admin", "Migration Department", "Head of visas", "lt:native;en:C1;ru:C1",
     "LMM", "BY,KZ"),
    ("Amina", "Diallo", "F", "SN", "non_eu_admin", "Ministère de l'Intégration africaine et des Affaires étrangères",
     "Director of Senegalese abroad", "fr:native;wo:native;en:B2", "MD;LMM", "SN,ML,CI"),
    ("Youssef", "El Amrani", "M", "MA", "non_eu_admin", "Ministère délégué chargé des Marocains résidant à l'étranger",
     "Head of division", "ar:native;fr:C2;en:B2;es:B2", "MD;LMM", "MA,TN,SN"),
    ("Grace", "Wanjiru", "F", "KE", "non_eu_admin", "State Department for Diaspora Affairs", "Senior policy officer",
     "en:C2;sw:native", "MD;LMM", "KE,UG,TZ"),
    ("Carlos", "Mendoza", "M", "MX", "non_eu_admin", "Instituto Nacional de Migración", "Deputy director",
     "es:native;en:C1", "IRR;IPA", "MX,GT,HN,SV"),
    ("Nino", "Beridze", "F", "GE", "non_eu_admin", "Public Service Development Agency", "Migration analyst",
     "ka:native;en:C1;ru:C1", "HOR;LMM", "GE,AM,MD"),
    ("Oluwaseun", "Adeyemi", "M", "NG", "non_eu_admin", "National Agency for the Prohibition of Trafficking in Persons",
     "Investigations lead", "en:C2;yo:native", "IRR", "NG,GH,BJ"),
    ("Rania", "Haddad", "F", "JO", "non_eu_admin", "Ministry of Labour", "Labour migration adviser", "ar:native;en:C1",
     "LMM;IPA", "JO,LB,EG"),
    ("Tran", "Thi Mai", "F", "VN", "non_eu_admin", "Department of Overseas Labour", "Deputy head",
     "vi:native;en:B2", "LMM", "VN,KH,LA"),
    ("Kwame", "Mensah", "M", "GH", "non_eu_admin", "Ghana Immigration Service", "Assistant director",
     "en:C2;tw:native;fr:B1", "IRR;HOR", "GH,TG,NG"),
    ("Lucía", "Fernández", "F", "AR", "academia", "Universidad de Buenos Aires", "Researcher on regional mobility",
     "es:native;en:C1;pt:B2", "MD;LMM", "AR,PY,BO,UY"),
    ("Oksana", "Kovalenko", "F", "UA", "non_eu_admin", "State Migration Service of Ukraine", "Head of analysis",
     "uk:native;en:C1;ru:C2;pl:B2", "HOR;IPA", "UA,MD"),
    ("Ahmed", "Ben Salah", "M", "TN", "non_eu_admin", "Office des Tunisiens à l'étranger", "Director",
     "ar:native;fr:C2;en:B2", "MD", "TN,MA,DZ"),
    ("Farhana", "Rahman", "F", "BD", "civil_society", "BRAC Migration Programme", "Programme coordinator",
     "bn:native;en:C1", "LMM;IRR", "BD,NP,LK"),
    ("Juan Pablo", "Rojas", "M", "CO", "non_eu_admin", "Migración Colombia", "Regional coordinator",
     "es:native;en:B2", "IPA;IRR", "CO,VE,EC,PE"),
    ("Aigerim", "Nurlanovna", "F", "KZ", "international_org", "IOM Central Asia", "Labour migration specialist",
     "kk:native;ru:C2;en:C1", "LMM", "KZ,KG,UZ,TJ"),
]
EXPERT_USER_EMAIL = f"expert@{DEMO_DOMAIN}"
# The MIEUX+ region of the partner countries the demo experts know best.
COUNTRY_REGION = {
    "SN": "AFR", "KE": "AFR", "GH": "AFR", "NG": "AFR", "CI": "AFR", "UG": "AFR", "MA": "SOU", "TN": "SOU", "JO": "SOU",
    "LB": "SOU", "EG": "SOU", "UA": "EAS", "GE": "EAS", "MD": "EAS", "AM": "EAS", "MX": "LAC", "CO": "LAC", "AR": "LAC",
    "EC": "LAC", "VN": "ASI", "BD": "ASI", "KZ": "ASI", "PK": "ASI",
}
LEAVE_REASONS = ["Annual leave", "Other mission", "Training course", "Parental leave"]
COMMENTS = [
    "Very well organised; the partner's officials were engaged throughout.",
    "A rich exchange. I learnt as much as I shared.",
    "Useful for my own work on bilateral labour agreements.",
    "Good peer exchange, although the agenda was tight.",
]
STAFF_COMMENTS = ["Well prepared, clear presentations.", "Excellent rapport with the participants.",
                  "Solid contribution; report delivered on time.", "Good, but the report came late."]


def _expert_rows(scale):
    """The 40 named experts, then generated variations for larger scales."""
    rows = [(f"EXP-DEMO-{i:03d}", *row) for i, row in enumerate(EXPERTS)]
    rng = random.Random(4)
    for extra in range(len(EXPERTS), len(EXPERTS) * max(1, scale)):
        base = EXPERTS[rng.randrange(len(EXPERTS))]
        other = EXPERTS[rng.randrange(len(EXPERTS))]
        rows.append((f"EXP-DEMO-{extra:03d}", other[0], base[1], other[2], *base[3:]))
    return rows


def _expert_email(ref, first, last):
    """A stable address per reference; the reference's whole number keeps it unique at any scale."""
    slug = f"{first}.{last}".lower().replace(" ", "").replace("'", "")
    slug = "".join(ch for ch in slug if ch.isascii())
    return f"{slug}.{ref.rsplit('-', 1)[-1]}@experts.example.org"


@transaction.atomic
def seed(scale=1, stdout=None):
    """Create the demo roster and deployments (idempotent); `scale` multiplies the number of experts."""
    today = timezone.localdate()
    employer_types = {e.code: e for e in EmployerType.objects.all()}
    areas = {a.code: a for a in ThematicArea.objects.all()}
    regions = {r.code: r for r in Region.objects.all()}
    rng = random.Random(2026)
    created = 0
    experts = []
    for ref, first, last, gender, nationality, etype, employer, position, langs, area_codes, countries in _expert_rows(scale):
        email = _expert_email(ref, first, last)
        expert, was_created = Expert.objects.get_or_create(
            ref=ref,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": email,
                "gender": gender,
                "nationality": nationality,
                "residence": nationality,
                "employer_type": employer_types.get(etype) or next(iter(employer_types.values())),
                "employer": employer,
                "position": position,
                "biography": (
                    f"{position} at {employer}. Has worked on "
                    + ", ".join(areas[c].name.lower() for c in area_codes.split(";") if c in areas)
                    + " and contributed to peer-to-peer exchanges with partner administrations."
                ),
                "countries_experience": countries.split(","),
                "consent_at": timezone.now() - datetime.timedelta(days=100 + rng.randrange(300)),
                "consent_version": privacy_notice_version(),
                "imported": False,
            },
        )
        if was_created:
            created += 1
            expert.thematic_areas.set([areas[c] for c in area_codes.split(";") if c in areas])
            codes = {COUNTRY_REGION.get(c) for c in countries.split(",")}
            expert.regions_experience.set([regions[code] for code in codes if code in regions])
            for pair in langs.split(";"):
                code, level = pair.split(":")
                ExpertLanguage.objects.get_or_create(expert=expert, language=code, defaults={"level": level})
            if rng.random() < 0.4:
                start = today + datetime.timedelta(days=rng.randrange(10, 200))
                Unavailability.objects.create(
                    expert=expert, start_date=start, end_date=start + datetime.timedelta(days=rng.randrange(3, 20)),
                    reason=LEAVE_REASONS[rng.randrange(len(LEAVE_REASONS))],
                )
        experts.append(expert)

    # The demo expert account owns the first profile.
    user = User.objects.filter(email=EXPERT_USER_EMAIL).first()
    demo_expert = experts[0]
    if user is not None and demo_expert.user_id is None and not Expert.objects.filter(user=user).exists():
        demo_expert.user = user
        demo_expert.email = user.email
        demo_expert.save(update_fields=["user", "email", "updated_at"])

    new_deployments = _seed_deployments(experts, demo_expert, today, rng)
    if stdout is not None:
        stdout.write(
            f"experts: {created} experts and {new_deployments} deployments created "
            f"({Expert.objects.count()} experts, {Deployment.objects.count()} deployments in all)."
        )
    return {"experts": created, "deployments": new_deployments}


def _seed_deployments(experts, demo_expert, today, rng):
    """Completed deployments with feedback on delivered activities; confirmed, accepted and invited ones
    on the coming activities; the demo expert gets one of each. No expert is booked twice on a date."""
    staff = User.objects.filter(email=f"staff@{DEMO_DOMAIN}").first()
    booked = {}
    for expert_id, start, end in Deployment.objects.filter(
        status__in=(DeploymentStatus.ACCEPTED, DeploymentStatus.CONFIRMED, DeploymentStatus.COMPLETED)
    ).values_list("expert_id", "activity__start_date", "activity__end_date"):
        booked.setdefault(expert_id, []).append((start, end))
    away = {}
    for expert_id, start, end in Unavailability.objects.values_list("expert_id", "start_date", "end_date"):
        away.setdefault(expert_id, []).append((start, end))

    def free(expert, activity):
        periods = booked.get(expert.pk, []) + away.get(expert.pk, [])
        return all(activity.end_date < s or activity.start_date > e for s, e in periods)

    created = 0
    # Written in bulk at the end (with their history and events): one query per kind of row, at any scale.
    pairs = set(Deployment.objects.values_list("activity_id", "expert_id"))
    staffed = {activity_id for activity_id, _expert_id in pairs}
    pending = []

    def deploy(activity, expert, status, role=Deployment.Role.EXPERT, feedback=True):
        nonlocal created
        if (activity.pk, expert.pk) in pairs:
            return None
        if status in (DeploymentStatus.ACCEPTED, DeploymentStatus.CONFIRMED, DeploymentStatus.COMPLETED) and not free(expert, activity):
            return None
        moment = timezone.make_aware(datetime.datetime.combine(activity.start_date - datetime.timedelta(days=30), datetime.time(10)))
        fields = {"role": role, "status": status, "proposed_by": staff, "invited_at": moment, "created_at": moment}
        if status != DeploymentStatus.INVITED:
            fields["answered_at"] = moment + datetime.timedelta(days=2)
        if status in (DeploymentStatus.CONFIRMED, DeploymentStatus.COMPLETED):
            fields["confirmed_at"] = moment + datetime.timedelta(days=4)
        if status == DeploymentStatus.COMPLETED:
            fields["completed_at"] = timezone.make_aware(datetime.datetime.combine(activity.end_date, datetime.time(18)))
            if feedback:
                fields.update(
                    beneficial=rng.random() < 0.85, satisfaction=rng.choice([3, 4, 4, 5, 5]),
                    feedback_comment=COMMENTS[rng.randrange(len(COMMENTS))],
                    feedback_at=fields["completed_at"] + datetime.timedelta(days=5),
                    staff_rating=rng.choice([3, 4, 4, 5, 5]), staff_comment=STAFF_COMMENTS[rng.randrange(len(STAFF_COMMENTS))],
                )
        deployment = Deployment(activity=activity, expert=expert, **fields)
        pairs.add((activity.pk, expert.pk))
        # The same steps, with the same names, as the deployment services record.
        steps = [("propose", "", DeploymentStatus.PROPOSED, moment)]
        chain = [("invite", DeploymentStatus.INVITED, moment), ("accept", DeploymentStatus.ACCEPTED, fields.get("answered_at")),
                 ("confirm", DeploymentStatus.CONFIRMED, fields.get("confirmed_at")),
                 ("complete", DeploymentStatus.COMPLETED, fields.get("completed_at"))]
        order = [DeploymentStatus.PROPOSED] + [to for _name, to, _at in chain]
        for name, to, at in chain[: order.index(status)]:
            steps.append((name, steps[-1][2], to, at or moment))
        pending.append((deployment, steps))
        if status in (DeploymentStatus.ACCEPTED, DeploymentStatus.CONFIRMED, DeploymentStatus.COMPLETED):
            booked.setdefault(expert.pk, []).append((activity.start_date, activity.end_date))
        created += 1
        return deployment

    activities = list(
        Activity.objects.exclude(status=ActivityStatus.CANCELLED).select_related("action").order_by("start_date", "pk")
    )
    pool = [e for e in experts if e.status == Expert.Status.ACTIVE]
    for activity in activities:
        if activity.pk in staffed:
            continue
        needed = max(1, min(activity.experts_needed, 3))
        # Each activity draws from its own generator, so a second run makes the same picks (idempotent).
        picks = random.Random(f"deploy-{activity.ref or activity.pk}").sample(pool, min(len(pool), needed + 2))
        if activity.status == ActivityStatus.DELIVERED:
            statuses = [DeploymentStatus.COMPLETED] * needed
        elif activity.end_date < today:
            continue  # an activity that did not take place has no one to deploy
        elif activity.status == ActivityStatus.CONFIRMED:
            statuses = [DeploymentStatus.CONFIRMED] * (needed - 1) + [DeploymentStatus.ACCEPTED, DeploymentStatus.INVITED]
        else:
            statuses = [DeploymentStatus.INVITED, DeploymentStatus.PROPOSED][: needed + 1]
        for index, (expert, status) in enumerate(zip(picks, statuses, strict=False)):
            if expert.pk == demo_expert.pk:
                continue
            deploy(activity, expert, status, role=Deployment.Role.LEAD if index == 0 else Deployment.Role.EXPERT)

    # The demo expert: two completed (one still waiting for feedback), one confirmed ahead, one invitation.
    past = [a for a in activities if a.status == ActivityStatus.DELIVERED]
    future = [a for a in activities if a.start_date > today and a.status in (ActivityStatus.PLANNED, ActivityStatus.CONFIRMED)]
    if not any(expert_id == demo_expert.pk for _activity_id, expert_id in pairs):
        for activity, feedback in zip(past[-2:], (True, False), strict=False):
            deploy(activity, demo_expert, DeploymentStatus.COMPLETED, feedback=feedback)
        if future:
            deploy(future[0], demo_expert, DeploymentStatus.CONFIRMED)
        for activity in future[1:4]:
            if deploy(activity, demo_expert, DeploymentStatus.INVITED):
                break
    if pending:
        last = Deployment.objects.aggregate(last=Max("pk"))["last"] or 0
        bulk_create_with_history([d for d, _steps in pending], Deployment, default_change_reason="demo", batch_size=1000)
        ids = {(a, e): pk for pk, a, e in Deployment.objects.filter(pk__gt=last).values_list("pk", "activity_id", "expert_id")}
        DeploymentEvent.objects.bulk_create([
            DeploymentEvent(deployment_id=ids[(d.activity_id, d.expert_id)], actor=staff, transition=name,
                            from_status=frm, to_status=to, created_at=at)
            for d, steps in pending for name, frm, to, at in steps
        ], batch_size=2000)
    return created
