"""Demo Actions: the approved demo requests turned into Actions, and a historical portfolio.

Idempotent: Actions are keyed by their code, activities by their reference (`<code>-Axx`), so a second
run changes nothing. The historical portfolio is loaded like an import (statuses and dates as they
were), since replaying years of transitions through the services would stamp them with today's date.
"""

import datetime
import random

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from actions import services
from actions.models import (
    Action,
    ActionEvent,
    Activity,
    ActivityEvent,
    ActivityFormat,
    ActivityStatus,
)
from mieux.demo import DEMO_DOMAIN, demo_clock
from mieux.models import ActivityType, InstitutionType, Phase, Region, ThematicArea, User
from requests_app.models import Institution, Request, RequestStatus

# code, countries, region, thematic areas, title, institution (name, type, city), start, months, status, public
PORTFOLIO = [
    ("MIEUX-2019-005-ET", ["ET"], "AFR", ["IRR"], "Countering trafficking in human beings along the Horn of Africa route",
     ("Ministry of Labour and Skills", "ministry", "Addis Ababa"), datetime.date(2019, 3, 1), 20, "completed", True),
    # The demo partner's ministry had an earlier Action: its new request follows it up.
    ("MIEUX-2021-008-KE", ["KE"], "AFR", ["LMM"], "Bilateral labour agreements and labour migration data for Kenya",
     ("Ministry of Labour and Social Protection", "ministry", "Nairobi"), datetime.date(2021, 4, 1), 20, "completed", True),
    ("MIEUX-2021-004-MA", ["MA"], "SOU", ["IPA"], "Strengthening the national asylum system of Morocco",
     ("Ministry of Foreign Affairs, Moroccans Living Abroad and Migration Affairs", "ministry", "Rabat"),
     datetime.date(2021, 2, 1), 22, "completed", True),
    ("MIEUX-2021-011-GE", ["GE"], "EAS", ["IRR"], "Identification and referral of victims of trafficking in Georgia",
     ("Public Service Development Agency", "ministry", "Tbilisi"), datetime.date(2021, 9, 1), 18, "completed", True),
    ("MIEUX-2022-002-SN", ["SN"], "AFR", ["MD"], "A national diaspora engagement strategy for Senegal",
     ("General Directorate for Senegalese Abroad", "ministry", "Dakar"), datetime.date(2022, 1, 15), 20, "completed", True),
    ("MIEUX-2022-007-PH", ["PH"], "ASI", ["LMM"], "Ethical recruitment of Filipino workers overseas",
     ("Department of Migrant Workers", "ministry", "Manila"), datetime.date(2022, 6, 1), 24, "completed", True),
    ("MIEUX-2022-015-CR", ["CR"], "LAC", ["IPA"], "Reception standards for asylum seekers in Costa Rica",
     ("Dirección General de Migración y Extranjería", "ministry", "San José"), datetime.date(2022, 11, 1), 18, "completed", True),
    ("MIEUX-2023-003-GH", ["GH", "CI", "TG"], "AFR", ["HOR"], "Harmonising migration data across coastal West Africa",
     ("Ghana Immigration Service", "ministry", "Accra"), datetime.date(2023, 5, 1), 48, "ongoing", True),
    ("MIEUX-2023-009-JO", ["JO"], "SOU", ["LMM"], "Labour mobility partnerships for Jordanian workers",
     ("Ministry of Labour of Jordan", "ministry", "Amman"), datetime.date(2023, 10, 1), 30, "ongoing", True),
    ("MIEUX-2024-001-AM", ["AM"], "EAS", ["MD"], "Sustainable return and reintegration in Armenia",
     ("Migration and Citizenship Service", "ministry", "Yerevan"), datetime.date(2024, 2, 1), 30, "ongoing", True),
    ("MIEUX-2024-006-BD", ["BD"], "ASI", ["LMM"], "Pre-departure orientation for Bangladeshi migrant workers",
     ("Bureau of Manpower, Employment and Training", "ministry", "Dhaka"), datetime.date(2024, 7, 1), 28, "ongoing", False),
    ("MIEUX-2024-012-EC", ["EC"], "LAC", ["IRR"], "Investigating migrant smuggling networks in Ecuador",
     ("Fiscalía General del Estado", "judiciary", "Quito"), datetime.date(2024, 11, 1), 26, "ongoing", True),
    ("MIEUX-2025-004-TN", ["TN"], "SOU", ["HOR"], "Migration governance at municipal level in Tunisia",
     ("Fédération Nationale des Villes Tunisiennes", "local_authority", "Tunis"), datetime.date(2026, 1, 15), 24, "planned", False),
]

ACTIVITY_PLAN = [
    ("workshop", "Inception workshop with the {partner}", ActivityFormat.IN_PERSON),
    ("knowledge_exchange", "Peer-to-peer knowledge exchange on {topic}", ActivityFormat.HYBRID),
    ("study_visit", "Study visit to {eu_city}", ActivityFormat.IN_PERSON),
    ("training", "Training of trainers on {topic}", ActivityFormat.IN_PERSON),
    ("roundtable", "National round-table on {topic}", ActivityFormat.IN_PERSON),
    ("deliverable", "Handbook on {topic}", ActivityFormat.ONLINE),
    ("conference", "Closing conference and validation of results", ActivityFormat.HYBRID),
]

TOPICS = {
    "IRR": "victim identification and referral",
    "IPA": "refugee status determination",
    "MD": "diaspora investment and skills transfer",
    "LMM": "ethical recruitment and labour migration statistics",
    "HOR": "migration data and policy coherence",
}
EU_CITIES = [("Lisbon", "PT"), ("The Hague", "NL"), ("Vienna", "AT"), ("Madrid", "ES"), ("Stockholm", "SE"), ("Brussels", "BE")]
LANGUAGES = {"LAC": ["es"], "SOU": ["ar", "fr"], "AFR": ["en", "fr"], "EAS": ["en", "ru"], "ASI": ["en"]}


def _user(email):
    return User.objects.filter(email=email).first()


def _institution(name, type_code, country, city):
    kind = InstitutionType.objects.filter(code=type_code).first() or InstitutionType.objects.first()
    institution, _created = Institution.objects.get_or_create(
        name=name, country=country, defaults={"type": kind, "city": city, "verified_at": timezone.now()}
    )
    return institution



def _extra_portfolio(scale):
    """Deterministic extra Actions for benchmarks: the base portfolio repeated with new codes."""
    extra = []
    for copy in range(1, scale):
        for i, row in enumerate(PORTFOLIO):
            code, countries, *rest = row
            year = int(code.split("-")[1])
            extra.append((f"MIEUX-{year}-{100 * copy + i:03d}-{countries[0]}", countries, *rest))
    return extra


def _activity_status(action_status, start, end, today, rng, index, total):
    if action_status == "completed":
        return ActivityStatus.CANCELLED if (index == total - 2 and rng.random() < 0.3) else ActivityStatus.DELIVERED
    if action_status == "planned":
        return ActivityStatus.CONFIRMED if index == 0 else ActivityStatus.PLANNED
    if end < today:
        return ActivityStatus.DELIVERED
    if start - today < datetime.timedelta(days=45):
        return ActivityStatus.CONFIRMED
    # The last activity of a longer Action sometimes waits for new dates.
    return ActivityStatus.POSTPONED if (index == total - 1 and total >= 5 and rng.random() < 0.7) else ActivityStatus.PLANNED


def _seed_portfolio_action(row, *, leads, types, today):
    code, countries, region_code, area_codes, title, (inst_name, inst_type, city), start, months, status, public = row
    rng = random.Random(code)
    end = start + datetime.timedelta(days=30 * months)
    # Ongoing and planned Actions always reach into the coming months, whenever the demo is loaded.
    if status == "ongoing":
        end = max(end, today + datetime.timedelta(days=200 + rng.randrange(120)))
    elif status == "planned":
        start = max(start, today + datetime.timedelta(days=20))
        end = max(end, start + datetime.timedelta(days=30 * months))
    institution = _institution(inst_name, inst_type, countries[0], city)
    topic = TOPICS[area_codes[0]]
    action, created = Action.objects.get_or_create(
        code=code,
        defaults={
            "title": title,
            "institution": institution,
            "countries": countries,
            "region": Region.objects.get(code=region_code),
            "phase": Phase.current(on=start),
            "lead": leads[rng.randrange(len(leads))] if leads else None,
            "objectives": f"Strengthen the capacity of the {inst_name} on {topic}, through peer-to-peer exchange with "
                          "officials of EU member states and of the region.",
            "expected_results": f"Officials trained on {topic}; a validated policy document; a network of peers across the region.",
            "achieved_results": (f"Officials of the {inst_name} trained; handbook on {topic} adopted." if status == "completed" else ""),
            "summary": f"MIEUX+ supports the {inst_name} on {topic}: workshops, a study visit and a practical handbook.",
            "staff_notes": "Focal point changed twice; confirm venues with the deputy director.",
            "planned_start": start,
            "planned_end": end,
            "actual_start": start if status in ("ongoing", "completed") else None,
            "actual_end": end if status == "completed" else None,
            "status": status,
            "is_public": public,
            "published_at": timezone.make_aware(datetime.datetime.combine(start, datetime.time(9))) if public else None,
            "created_at": timezone.make_aware(datetime.datetime.combine(start - datetime.timedelta(days=40), datetime.time(10))),
        },
    )
    if created:
        action.thematic_areas.set(ThematicArea.objects.filter(code__in=area_codes))
        ActionEvent.objects.create(action=action, actor=action.lead, transition="created", to_status="planned",
                                   created_at=action.created_at)
    n = 4 + rng.randrange(4)  # 4 to 7 activities
    built = []
    plan = [ACTIVITY_PLAN[0], *rng.sample(ACTIVITY_PLAN[1:-1], n - 2), ACTIVITY_PLAN[-1]]
    span = (end - start).days
    for index, (type_code, pattern, fmt) in enumerate(plan):
        ref = f"{code}-A{index + 1:02d}"
        if status == "ongoing":
            # Half delivered already, the rest ahead, the next one within a few weeks.
            past_n = max(1, n // 2)
            if index == past_n - 1:
                # The latest delivery is recent: its participant survey is still open.
                a_start = today - datetime.timedelta(days=6 + rng.randrange(5))
            elif index < past_n:
                a_start = start + datetime.timedelta(days=int((today - start).days * index / past_n) + rng.randrange(10))
            else:
                ahead = (end - today).days - 20
                a_start = today + datetime.timedelta(days=3 + rng.randrange(20) + int(ahead * (index - past_n) / (n - past_n)))
        else:
            a_start = start + datetime.timedelta(days=int(span * index / n) + rng.randrange(10))
        a_end = a_start + datetime.timedelta(days=0 if fmt == ActivityFormat.ONLINE else 1 + rng.randrange(3))
        eu_city, eu_country = EU_CITIES[rng.randrange(len(EU_CITIES))]
        a_status = _activity_status(status, a_start, a_end, today, rng, index, n)
        delivered = a_status == ActivityStatus.DELIVERED
        total = 15 + rng.randrange(45) if delivered else None
        women = int(total * (0.35 + rng.random() * 0.3)) if total else None
        in_eu = type_code == "study_visit"
        activity = Activity(**{
            "ref": ref,
            "action": action,
            "type": types[type_code],
            "title": pattern.format(partner=inst_name, topic=topic, eu_city=eu_city),
            "description": f"Part of the Action {code}: {topic}.",
            "start_date": a_start,
            "end_date": a_end,
            "format": fmt,
            "country": "" if fmt == ActivityFormat.ONLINE else (eu_country if in_eu else countries[index % len(countries)]),
            "city": "" if fmt == ActivityFormat.ONLINE else (eu_city if in_eu else city),
            "languages": LANGUAGES[region_code],
            "required_languages": LANGUAGES[region_code][:1],
            "planned_participants": 25 + rng.randrange(20),
            "experts_needed": 1 + rng.randrange(3),
            "status": a_status,
            "delivered_at": timezone.make_aware(datetime.datetime.combine(a_end, datetime.time(17))) if delivered else None,
            "participants_total": total,
            "participants_women": women,
            "participants_men": (total - women) if total else None,
            "agenda": "Day 1: opening, presentations of the EU and regional practice.\nDay 2: working groups, "
                      "recommendations and next steps.",
        })
        built.append((activity, a_status, total))
    _bulk_activities(action, built, area_codes, today)
    if created:
        _derive_actual_dates(action)
    return created


def _bulk_activities(action, built, area_codes, today):
    """Create the activities not there yet, their thematic areas, events and survey answers, in bulk."""
    existing = set(Activity.objects.filter(ref__in=[a.ref for a, *_ in built]).values_list("ref", flat=True))
    new = [(a, status, total) for a, status, total in built if a.ref not in existing]
    if not new:
        return
    bulk_create_with_history([a for a, *_ in new], Activity, default_change_reason="demo")
    saved = {ref: pk for ref, pk in Activity.objects.filter(ref__in=[a.ref for a, *_ in new]).values_list("ref", "pk")}
    area_ids = list(ThematicArea.objects.filter(code__in=area_codes).values_list("pk", flat=True))
    Areas = Activity.required_thematic_areas.through
    links, events = [], []
    for activity, a_status, total in new:
        activity.pk = saved[activity.ref]
        links += [Areas(activity_id=activity.pk, thematicarea_id=area_id) for area_id in area_ids]
        # The steps the activity services record: created with the Action, confirmed a month ahead,
        # delivered at the end.
        confirmed_at = timezone.make_aware(datetime.datetime.combine(
            min(activity.start_date - datetime.timedelta(days=30), today), datetime.time(11)))
        ended_at = timezone.make_aware(datetime.datetime.combine(min(activity.end_date, today), datetime.time(18)))
        steps = [("created", "", "planned", action.created_at)] + {
            ActivityStatus.CONFIRMED: [("confirm", "planned", "confirmed", confirmed_at)],
            ActivityStatus.DELIVERED: [("confirm", "planned", "confirmed", confirmed_at),
                                       ("deliver", "confirmed", "delivered", activity.delivered_at or ended_at)],
            ActivityStatus.POSTPONED: [("postpone", "planned", "postponed", confirmed_at)],
            ActivityStatus.CANCELLED: [("cancel", "planned", "cancelled", ended_at)],
        }.get(a_status, [])
        events += [ActivityEvent(activity_id=activity.pk, actor=action.lead, transition=name, from_status=frm,
                                 to_status=to, created_at=at) for name, frm, to, at in steps]
        if a_status == ActivityStatus.DELIVERED:
            _seed_survey_answers(activity, total)
    Areas.objects.bulk_create(links)
    ActivityEvent.objects.bulk_create(events)


def _derive_actual_dates(action):
    """Actual start = start of the first delivered activity; actual end = end of the last one, once the
    Action is completed; never in the future."""
    delivered = action.activities.filter(status=ActivityStatus.DELIVERED).order_by("start_date")
    first, last = delivered.first(), delivered.order_by("-end_date").first()
    Action.objects.filter(pk=action.pk).update(
        actual_start=first.start_date if first else None,
        actual_end=last.end_date if last and action.status == "completed" else None,
    )


def _seed_survey_answers(activity, participants):
    """About half of the participants answer the survey; most say it made a real difference."""
    from actions.models import SurveyResponse

    rng = random.Random(activity.ref)  # its own generator: the portfolio's draws stay as they were
    answers = []
    for _ in range(max(1, participants // 2)):
        answered_difference = rng.random() < 0.95
        answers.append(SurveyResponse(
            activity=activity,
            satisfaction=rng.choice([3, 4, 4, 5, 5, 5]),
            relevance=rng.choice([3, 4, 5, 5]),
            made_difference=(rng.random() < 0.92) if answered_difference else None,
            would_recommend=rng.random() < 0.95,
            language=rng.choice(["en", "fr", "es"]),
            created_at=activity.delivered_at,
        ))
    SurveyResponse.objects.bulk_create(answers)


def _seed_request_actions(staff, types, today):
    """Approved demo requests become Actions through the real service, with a first activity or two."""
    created = 0
    for req in Request.objects.filter(status=RequestStatus.APPROVED, action__isnull=True).order_by("pk"):
        # Created a fortnight after the decision (or now, for a recent one), through the real service.
        moment = min(req.decided_at + datetime.timedelta(days=14), timezone.now()) if req.decided_at else timezone.now()
        with demo_clock(moment):
            try:
                action = services.action_create_from_request(actor=staff, request=req)
            except services.ActionError:
                continue
        created += 1
        # Its activities lie ahead: a planned Action has no activity in the past.
        start = max(action.planned_start or today, today + datetime.timedelta(days=30))
        country = str(action.countries[0]) if action.countries else ""
        for offset, (type_code, title) in enumerate(
            [("workshop", "Inception workshop"), ("training", "Training of trainers")]
        ):
            begin = start + datetime.timedelta(days=60 * offset)
            services.activity_create(actor=staff, action=action, data={
                "type": types[type_code], "title": title, "start_date": begin,
                "end_date": begin + datetime.timedelta(days=2), "format": ActivityFormat.IN_PERSON,
                "country": country, "city": req.institution.city or "Capital", "languages": ["en"],
                "required_languages": ["en"], "planned_participants": req.estimated_participants or 30,
                "experts_needed": 2,
            })
    return created


def seed(scale=1, stdout=None):
    """Create the demo Actions (idempotent); `scale` multiplies the historical portfolio."""
    today = timezone.localdate()
    staff = _user(f"staff@{DEMO_DOMAIN}")
    leads = [u for u in (staff, _user(f"staff2@{DEMO_DOMAIN}")) if u]
    types = {t.code: t for t in ActivityType.objects.all()}
    new = 0
    for row in PORTFOLIO + _extra_portfolio(scale):
        new += _seed_portfolio_action(row, leads=leads, types=types, today=today)
    from_requests = _seed_request_actions(staff, types, today) if staff else 0
    if stdout is not None:
        stdout.write(f"actions: {new} historical Actions and {from_requests} Actions from approved requests created "
                     f"({Action.objects.count()} Actions, {Activity.objects.count()} activities in all).")
    return {"actions": new, "from_requests": from_requests}
