"""Demo partner institutions and requests in every state (idempotent: a request is keyed by its
institution and title).

Every request goes through the same services as real use (draft, submit, screening, forwarding,
conflict declarations, opinions, decision, withdrawal) under `demo_clock`, so its timeline carries past
dates and obeys every rule: opinions stay sealed, the cover note stays with the committee. Only the
extra volume of `--scale` (old submitted or withdrawn requests, no committee involved) is bulk-created,
with the same rows those services write.
"""

import datetime

from django.utils import timezone

from mieux.demo import DEMO_DOMAIN, demo_clock
from mieux.models import (
    ActivityType,
    InstitutionType,
    Phase,
    Role,
    ThematicArea,
    User,
    region_for_country,
)
from requests_app.models import (
    Institution,
    Membership,
    Opinion,
    Request,
    RequestEvent,
    RequestStatus,
)
from requests_app.services import committee, intake, review

S = RequestStatus

# name, type code, country, city, website, verified, members (email, status)
INSTITUTIONS = [
    ("Ministry of Labour and Social Protection", "ministry", "KE", "Nairobi", "https://labour.go.ke", True,
     [(f"partner@{DEMO_DOMAIN}", "active"), (f"kwame.otieno@{DEMO_DOMAIN}", "pending")]),
    ("Ministère de l'Intérieur et de la Sécurité publique", "ministry", "SN", "Dakar", "https://interieur.sec.gouv.sn",
     True, [(f"partner2@{DEMO_DOMAIN}", "active")]),
    ("Dirección Nacional de Migraciones", "ministry", "AR", "Buenos Aires", "https://www.argentina.gob.ar/interior/migraciones",
     True, []),
    ("Public Service Development Agency", "ministry", "GE", "Tbilisi", "https://sda.gov.ge", True, []),
    ("Bureau of Manpower, Employment and Training", "ministry", "BD", "Dhaka", "http://www.bmet.gov.bd", True, []),
    ("ECOWAS Commission – Free Movement Directorate", "regional_org", "NG", "Abuja", "https://ecowas.int", True, []),
    ("Parliament of Ghana – Committee on Defence and Interior", "parliament", "GH", "Accra", "https://www.parliament.gh",
     True, []),
    ("Asociación Civil Migrantes Unidos", "cso", "GT", "Ciudad de Guatemala", "", False, []),
]

CONTENT = {
    "background": "The government adopted a national migration strategy last year; the institution leads its "
                  "implementation but its staff have little experience of the subject.",
    "problem": "Fragmented data between agencies, no common procedures, and officials who were never trained.",
    "objectives": "Strengthen the institution's capacity to implement the strategy in line with international standards.",
    "expected_results": "A validated action plan; 40 officials trained; a handbook of procedures.",
    "target_groups": "Officials of the lead ministry, the border police and the statistics office.",
    "other_projects": "An ILO project on fair recruitment (2021-2023); an IOM data project (ongoing). "
                      "Neither covers training of officials.",
    "commitment": "Venues for all workshops, two focal points (30% of their time), translation into the local language.",
}

# reference, institution index, title, status, countries, thematic codes, activity codes, days since submission
REQUESTS = [
    ("REQ-2025-0001", 0, "Labour migration policy and the protection of Kenyan workers abroad", S.APPROVED, ["KE"],
     ["LMM", "MD"], ["workshop", "training"], 120),
    ("REQ-2025-0002", 2, "Regularisation procedures for migrants from MERCOSUR countries", S.REJECTED, ["AR"],
     ["LMM"], ["study_visit"], 250),
    ("REQ-2025-0003", 6, "Parliamentary oversight of border management", S.INELIGIBLE, ["GH"], ["HOR"],
     ["roundtable"], 220),
    ("REQ-2025-0004", 4, "Pre-departure orientation for workers going to the Gulf", S.WITHDRAWN, ["BD"], ["LMM", "MD"],
     ["training"], 200),
    ("REQ-2026-0001", 7, "Assistance to victims of trafficking along the northern route", S.SUBMITTED, ["GT", "MX"],
     ["IRR"], ["training", "deliverable"], 5),
    ("REQ-2026-0002", 0, "Diaspora engagement strategy and remittances data", S.INFO_REQUESTED, ["KE"], ["MD"],
     ["knowledge_exchange", "deliverable"], 25),
    ("REQ-2026-0003", 5, "Free movement protocol: harmonised residence procedures in West Africa", S.IN_REVIEW,
     ["NG", "GH", "SN", "CI"], ["LMM", "HOR"], ["workshop", "conference"], 40),
    ("REQ-2026-0004", 1, "Lutte contre le trafic de migrants : formation des enquêteurs", S.IN_REVIEW, ["SN"], ["IRR"],
     ["training", "study_visit"], 14),
    ("REQ-2026-0005", 3, "Asylum case management and country-of-origin information", S.SUBMITTED, ["GE"], ["IPA"],
     ["training", "knowledge_exchange"], 12),
]

DRAFTS = [
    (0, "Reintegration of returning migrant workers", 2),
    (0, "", 1),
    (1, "Gestion des données migratoires au niveau régional", 4),
]

# Opinions of the requests decided: enough support to recommend approval, or an objection.
DECIDED_OPINIONS = {
    S.APPROVED: [("INTPA", Opinion.Value.SUPPORT, "Strong ownership; builds on the earlier Action."),
                 ("HOME", Opinion.Value.SUPPORT, ""), ("NEAR", Opinion.Value.ABSTAIN, "Outside our region."),
                 ("EEAS", Opinion.Value.SUPPORT, ""), ("ICMPD", Opinion.Value.CONDITIONS, "Involve the statistics office.")],
    S.REJECTED: [("INTPA", Opinion.Value.OBJECT, "Duplicates an ongoing EU-funded project."),
                 ("HOME", Opinion.Value.ABSTAIN, ""), ("ICMPD", Opinion.Value.SUPPORT, "")],
}
BODY_MEMBERS = {"INTPA": f"committee@{DEMO_DOMAIN}", "HOME": f"home@{DEMO_DOMAIN}", "NEAR": f"near@{DEMO_DOMAIN}",
                "EEAS": f"eeas@{DEMO_DOMAIN}", "ICMPD": f"icmpd@{DEMO_DOMAIN}"}

OPINIONS = {
    "REQ-2026-0003": [
        ("INTPA", f"committee@{DEMO_DOMAIN}", Opinion.Value.SUPPORT, "Strong regional ownership."),
        ("HOME", f"home@{DEMO_DOMAIN}", Opinion.Value.CONDITIONS, "Coordinate with the ECOWAS-EU migration dialogue."),
        ("ICMPD", f"icmpd@{DEMO_DOMAIN}", Opinion.Value.SUPPORT, ""),
    ],
    "REQ-2026-0004": [
        ("NEAR", f"near@{DEMO_DOMAIN}", Opinion.Value.ABSTAIN, "Outside our region."),
    ],
}


def _at(days_ago, hour=10):
    moment = timezone.now() - datetime.timedelta(days=days_ago)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


def _user(email, name=""):
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email=email, full_name=name or email.split("@")[0].replace(".", " ").title(),
                                        role=Role.PARTNER)
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _institutions():
    staff = User.objects.filter(email=f"staff@{DEMO_DOMAIN}").first()
    result = []
    for index, (name, type_code, country, city, website, verified, members) in enumerate(INSTITUTIONS):
        kind = InstitutionType.objects.filter(code=type_code).first() or InstitutionType.objects.first()
        institution, created = Institution.objects.get_or_create(
            name=name, country=country,
            defaults={"type": kind, "city": city, "website": website, "created_at": _at(400)},
        )
        if created and verified:
            institution.verified_at = _at(330)
            institution.verified_by = staff
            institution.save(update_fields=["verified_at", "verified_by"])
        # Every institution has an active focal point: requests are drafted and submitted by a member.
        members = members or [(f"focal.point{index + 1}@{DEMO_DOMAIN}", "active")]
        for email, status in members:
            user = _user(email, "Kwame Otieno" if email.startswith("kwame") else "")
            Membership.objects.get_or_create(
                user=user, institution=institution,
                defaults={"status": status, "approved_by": staff if status == "active" else None},
            )
        result.append(institution)
    return result


def _author(institution):
    member = institution.memberships.filter(status="active").select_related("user").order_by("pk").first()
    return member.user


def _draft(institution, title, countries, areas, activities, *, step=5, complete=True):
    """A draft saved step by step, as the partner's form does."""
    author = _author(institution)
    obj = intake.request_create(actor=author, institution=institution)
    data = {"title": title, "countries": countries, "thematic_areas": list(ThematicArea.objects.filter(code__in=areas))}
    if complete:
        today = timezone.localdate()
        data.update(CONTENT, estimated_participants=40, earliest_start=today + datetime.timedelta(days=200),
                    latest_end=today + datetime.timedelta(days=560),
                    working_languages=["en"] if countries[0] not in ("SN", "AR", "GT")
                    else (["fr"] if countries[0] == "SN" else ["es"]),
                    activity_types=list(ActivityType.objects.filter(code__in=activities)),
                    contact_name=author.full_name, contact_email=author.email)
    elif step > 1:
        data["background"] = CONTENT["background"]
    for number in sorted(intake.STEPS):
        if number > step:
            break
        obj = intake.request_save_step(actor=author, request_obj=obj, step=number, data=data)
    return obj, author


def _member(code):
    return User.objects.filter(email=BODY_MEMBERS[code], committee_body__code=code).first()


def _opinions(obj, rows, moment):
    for index, (code, value, comment) in enumerate(rows):
        member = _member(code)
        if member is None:
            continue
        with demo_clock(moment + datetime.timedelta(hours=2 * index)):
            committee.conflict_declare(actor=member, request_id=obj.pk, has_conflict=False)
        with demo_clock(moment + datetime.timedelta(hours=2 * index + 1)):
            committee.opinion_give(actor=member, request_id=obj.pk, value=value, comment=comment)


def _request(institution, title, status, countries, areas, activities, days, staff, opinion_rows):
    submitted = _at(days)
    with demo_clock(submitted - datetime.timedelta(days=3)):
        obj, author = _draft(institution, title, countries, areas, activities)
    with demo_clock(submitted):
        obj = intake.request_submit(actor=author, request_obj=obj)
    if status == S.SUBMITTED:
        return obj
    if status == S.INFO_REQUESTED:
        with demo_clock(submitted + datetime.timedelta(days=4)):
            review.request_ask_info(actor=staff, request_id=obj.pk, message=(
                "Could you tell us how many officials per agency would take part, and send the strategy?"))
        with demo_clock(submitted + datetime.timedelta(days=6)):
            intake.message_post(actor=author, request_obj=obj, body="We are collecting the figures from each agency.")
        return obj
    if status == S.INELIGIBLE:
        with demo_clock(submitted + datetime.timedelta(days=6)):
            review.request_close_ineligible(actor=staff, request_id=obj.pk, reason=(
                "Parliamentary committees are eligible, but the request concerns military matters only."))
        return obj
    if status == S.WITHDRAWN:
        with demo_clock(submitted + datetime.timedelta(days=10)):
            intake.request_withdraw(actor=author, request_obj=obj,
                                    reason="The programme will be funded by the national budget.")
        return obj
    forwarded = submitted + datetime.timedelta(days=8)
    with demo_clock(forwarded):
        review.request_forward(actor=staff, request_id=obj.pk,
                               cover_note="Eligible; complementary to ongoing projects; strong ownership.")
    rows = DECIDED_OPINIONS.get(status) or [(code, value, comment) for code, _email, value, comment in opinion_rows]
    _opinions(obj, rows, forwarded + datetime.timedelta(days=2))
    if status in (S.APPROVED, S.REJECTED):
        with demo_clock(submitted + datetime.timedelta(days=26)):
            review.request_decide(
                actor=staff, request_id=obj.pk, outcome=review.APPROVE if status == S.APPROVED else review.REJECT,
                explanation=(
                    "The Steering Committee supports the request; the MIEUX+ team will contact you to plan the Action."
                    if status == S.APPROVED else
                    "The Steering Committee found that the request duplicates an ongoing EU-funded project in the country."
                ),
            )
    return obj


def _bulk_requests(rows, institutions, staff):
    """The extra volume of `--scale`: old requests, submitted (waiting) or withdrawn by the partner,
    with the rows the intake services write for them (reference, dates, region, phase, events)."""
    existing = set(Request.objects.filter(reference__in=[r[0] for r in rows]).values_list("reference", flat=True))
    todo = [r for r in rows if r[0] not in existing]
    if not todo:
        return 0
    authors = {i.pk: _author(i) for i in institutions}
    objs, plans = [], []
    for reference, inst, title, status, countries, areas, activities, days in todo:
        institution = institutions[inst]
        author = authors[institution.pk]
        submitted = _at(days)
        obj = Request(
            reference=reference, institution=institution, created_by=author, title=title, countries=countries,
            estimated_participants=40, earliest_start=(submitted + datetime.timedelta(days=90)).date(),
            latest_end=(submitted + datetime.timedelta(days=450)).date(), working_languages=["en"],
            contact_name=author.full_name, contact_email=author.email, created_at=submitted - datetime.timedelta(days=3),
            submitted_at=submitted, last_submitted_at=submitted, region=region_for_country(countries[0]),
            phase=Phase.current(submitted.date()), status=status, wizard_step=5,
            closing_reason="The programme will be funded by the national budget." if status == S.WITHDRAWN else "",
            **CONTENT,
        )
        objs.append(obj)
        plans.append((obj, author, submitted, areas, activities))
    Request.objects.bulk_create(objs, batch_size=1000)
    by_ref = dict(Request.objects.filter(reference__in=[o.reference for o in objs]).values_list("reference", "pk"))
    events, area_links, type_links = [], [], []
    areas_by_code = {a.code: a.pk for a in ThematicArea.objects.all()}
    types_by_code = {t.code: t.pk for t in ActivityType.objects.all()}
    Areas, Types = Request.thematic_areas.through, Request.activity_types.through
    for obj, author, submitted, areas, activities in plans:
        pk = by_ref[obj.reference]
        created = submitted - datetime.timedelta(days=3)
        events.append(RequestEvent(request_id=pk, transition="created", from_status=S.DRAFT, to_status=S.DRAFT,
                                   actor=author, created_at=created))
        events.append(RequestEvent(request_id=pk, transition="submit", from_status=S.DRAFT, to_status=S.SUBMITTED,
                                   actor=author, created_at=submitted))
        if obj.status == S.WITHDRAWN:
            events.append(RequestEvent(request_id=pk, transition="withdraw", from_status=S.SUBMITTED,
                                       to_status=S.WITHDRAWN, actor=author, note=obj.closing_reason,
                                       created_at=submitted + datetime.timedelta(days=10)))
        area_links += [Areas(request_id=pk, thematicarea_id=areas_by_code[c]) for c in areas if c in areas_by_code]
        type_links += [Types(request_id=pk, activitytype_id=types_by_code[c]) for c in activities if c in types_by_code]
    RequestEvent.objects.bulk_create(events, batch_size=2000)
    Areas.objects.bulk_create(area_links, batch_size=2000)
    Types.objects.bulk_create(type_links, batch_size=2000)
    return len(objs)


def seed(scale=1, stdout=None):
    """Institutions, members and requests in every state; `scale` adds older submitted requests."""
    institutions = _institutions()
    staff = User.objects.filter(email=f"staff@{DEMO_DOMAIN}").first()
    created = 0
    for key, inst, title, status, countries, areas, activities, days in REQUESTS:
        institution = institutions[inst]
        if Request.objects.filter(institution=institution, title=title).exists():
            continue
        _request(institution, title, status, countries, areas, activities, days, staff, OPINIONS.get(key, []))
        created += 1
    extra = []
    for copy in range(1, scale):
        for i, (_ref, inst, title, _status, countries, areas, activities, days) in enumerate(REQUESTS):
            status = S.SUBMITTED if i % 2 else S.WITHDRAWN
            extra.append((f"REQ-2024-{copy * 100 + i:04d}", inst, f"{title} ({copy + 1})", status, countries, areas,
                          activities, 500 + days))
    created += _bulk_requests(extra, institutions, staff)
    for inst, title, step in DRAFTS:
        institution = institutions[inst]
        if Request.objects.filter(institution=institution, status=S.DRAFT, title=title).exists():
            continue
        with demo_clock(_at(3)):
            _draft(institution, title, [institution.country.code], ["MD"] if title else [], [], step=step,
                   complete=False)
        created += 1
    if stdout is not None:
        stdout.write(f"requests_app: {created} requests created, {len(institutions)} institutions.")
    return created
