"""Demo partner institutions and requests in every state (idempotent: stable names and references).

Past states are written directly with their events (as an import would), so the demo shows realistic
timelines without replaying each service; opinions and declarations of the committee are included
for requests in review.
"""

import datetime

from django.utils import timezone

from mieux.demo import DEMO_DOMAIN
from mieux.models import (
    ActivityType,
    CommitteeBody,
    InstitutionType,
    Phase,
    Role,
    ThematicArea,
    User,
    region_for_country,
)
from requests_app.models import (
    ConflictDeclaration,
    Institution,
    Membership,
    Message,
    Opinion,
    Request,
    RequestEvent,
    RequestStatus,
)

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
     ["LMM", "MD"], ["workshop", "training"], 300),
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
     ["training", "study_visit"], 30),
    ("REQ-2026-0005", 3, "Asylum case management and country-of-origin information", S.SUBMITTED, ["GE"], ["IPA"],
     ["training", "knowledge_exchange"], 12),
]

DRAFTS = [
    (0, "Reintegration of returning migrant workers", 2),
    (0, "", 1),
    (1, "Gestion des données migratoires au niveau régional", 4),
]

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
    for name, type_code, country, city, website, verified, members in INSTITUTIONS:
        kind = InstitutionType.objects.filter(code=type_code).first() or InstitutionType.objects.first()
        institution, created = Institution.objects.get_or_create(
            name=name, country=country,
            defaults={"type": kind, "city": city, "website": website, "created_at": _at(400)},
        )
        if created and verified:
            institution.verified_at = _at(330)
            institution.verified_by = staff
            institution.save(update_fields=["verified_at", "verified_by"])
        for email, status in members:
            user = _user(email, "Kwame Otieno" if email.startswith("kwame") else "")
            Membership.objects.get_or_create(
                user=user, institution=institution,
                defaults={"status": status, "approved_by": staff if status == "active" else None},
            )
        result.append(institution)
    return result


def _contact(institution):
    member = institution.memberships.filter(status="active").select_related("user").first()
    if member:
        return member.user, member.user.full_name, member.user.email
    slug = institution.name.split()[0].lower().strip("–-")
    return None, "Focal point", f"focal.point@{slug}.example.org"


def _event(obj, name, frm, to, actor, when, note="", visible=True):
    RequestEvent.objects.create(
        request=obj, transition=name, from_status=frm, to_status=to, actor=actor, note=note, created_at=when,
        visible_to_partner=visible,
    )


def _request(reference, institution, title, status, countries, areas, activities, days, staff, bodies):
    author, contact_name, contact_email = _contact(institution)
    submitted = _at(days)
    obj = Request(
        reference=reference, institution=institution, created_by=author, title=title, countries=countries,
        estimated_participants=40, earliest_start=(submitted + datetime.timedelta(days=90)).date(),
        latest_end=(submitted + datetime.timedelta(days=450)).date(), working_languages=["en"] if
        countries[0] not in ("SN", "AR", "GT") else (["fr"] if countries[0] == "SN" else ["es"]),
        contact_name=contact_name, contact_email=contact_email, created_at=submitted - datetime.timedelta(days=3),
        submitted_at=submitted, last_submitted_at=submitted, region=region_for_country(countries[0]),
        phase=Phase.current(submitted.date()), status=status, wizard_step=5, **CONTENT,
    )
    if status in (S.IN_REVIEW, S.APPROVED, S.REJECTED):
        obj.forwarded_at = submitted + datetime.timedelta(days=8)
        obj.review_round = 1
        obj.review_deadline = (obj.forwarded_at + datetime.timedelta(days=14)).date()
        obj.cover_note = "Eligible; complementary to ongoing projects; strong ownership."
    if status in (S.APPROVED, S.REJECTED):
        obj.decided_at = submitted + datetime.timedelta(days=26)
        obj.decision_explanation = (
            "The Steering Committee supports the request; the MIEUX+ team will contact you to plan the Action."
            if status == S.APPROVED else
            "The Steering Committee found that the request duplicates an ongoing EU-funded project in the country."
        )
    if status == S.INELIGIBLE:
        obj.decided_at = submitted + datetime.timedelta(days=6)
        obj.closing_reason = "Parliamentary committees are eligible, but the request concerns military matters only."
    if status == S.WITHDRAWN:
        obj.closing_reason = "The programme will be funded by the national budget."
    if status == S.INFO_REQUESTED:
        obj.info_requested_at = submitted + datetime.timedelta(days=4)
    obj._change_reason = "demo"
    obj.save()
    obj.thematic_areas.set(ThematicArea.objects.filter(code__in=areas))
    obj.activity_types.set(ActivityType.objects.filter(code__in=activities))

    _event(obj, "created", "", S.DRAFT, author, obj.created_at)
    _event(obj, "submit", S.DRAFT, S.SUBMITTED, author, submitted)
    if status == S.INFO_REQUESTED:
        _event(obj, "request_info", S.SUBMITTED, S.INFO_REQUESTED, staff, obj.info_requested_at,
               note="Could you tell us how many officials per agency would take part, and send the strategy?")
    if obj.forwarded_at:
        _event(obj, "forward", S.SUBMITTED, S.IN_REVIEW, staff, obj.forwarded_at, note=obj.cover_note, visible=True)
    if status in (S.APPROVED, S.REJECTED):
        _event(obj, "approve" if status == S.APPROVED else "reject", S.IN_REVIEW, status, staff, obj.decided_at,
               note=obj.decision_explanation)
    if status == S.INELIGIBLE:
        _event(obj, "close_ineligible", S.SUBMITTED, S.INELIGIBLE, staff, obj.decided_at, note=obj.closing_reason)
    if status == S.WITHDRAWN:
        _event(obj, "withdraw", S.SUBMITTED, S.WITHDRAWN, author, submitted + datetime.timedelta(days=10),
               note=obj.closing_reason)
    if status == S.INFO_REQUESTED and author:
        Message.objects.create(request=obj, author=author, body="We are collecting the figures from each agency.",
                               created_at=obj.info_requested_at + datetime.timedelta(days=2))
    for code, email, value, comment in OPINIONS.get(reference, []):
        member = User.objects.filter(email=email).first()
        if member is None or code not in bodies:
            continue
        ConflictDeclaration.objects.get_or_create(
            request=obj, member=member, defaults={"has_conflict": False, "declared_at": obj.forwarded_at}
        )
        Opinion.objects.get_or_create(
            request=obj, review_round=1, body=bodies[code],
            defaults={"member": member, "value": value, "comment": comment},
        )
        _event(obj, "opinion", S.IN_REVIEW, S.IN_REVIEW, member, obj.forwarded_at + datetime.timedelta(days=2),
               note=f"{code}: {value}", visible=False)
    return obj


def seed(scale=1, stdout=None):
    """Institutions, members and requests in every state; `scale` adds older submitted requests."""
    institutions = _institutions()
    staff = User.objects.filter(email=f"staff@{DEMO_DOMAIN}").first()
    bodies = {b.code: b for b in CommitteeBody.objects.all()}
    created = 0
    rows = list(REQUESTS)
    for copy in range(1, scale):
        for i, (_ref, inst, title, _status, countries, areas, activities, days) in enumerate(REQUESTS):
            status = S.SUBMITTED if i % 2 else S.WITHDRAWN
            rows.append((f"REQ-2024-{copy * 100 + i:04d}", inst, f"{title} ({copy + 1})", status, countries, areas,
                         activities, 500 + days))
    for reference, inst, title, status, countries, areas, activities, days in rows:
        if Request.objects.filter(reference=reference).exists():
            continue
        _request(reference, institutions[inst], title, status, countries, areas, activities, days, staff, bodies)
        created += 1
    for inst, title, step in DRAFTS:
        institution = institutions[inst]
        if Request.objects.filter(institution=institution, status=S.DRAFT, title=title).exists():
            continue
        author, contact_name, contact_email = _contact(institution)
        draft = Request(
            institution=institution, created_by=author, title=title, countries=[institution.country.code],
            contact_name=contact_name, contact_email=contact_email, wizard_step=step, created_at=_at(3),
            background=CONTENT["background"] if step > 1 else "",
        )
        draft._change_reason = "demo"
        draft.save()
        if title:
            draft.thematic_areas.set(ThematicArea.objects.filter(code="MD"))
        _event(draft, "created", "", S.DRAFT, author, draft.created_at)
        created += 1
    if stdout is not None:
        stdout.write(f"requests_app: {created} requests created, {len(institutions)} institutions.")
    return created
