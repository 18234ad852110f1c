"""Reference data: regions and partner countries, thematic areas, activity types, phases,
institution types, employer types and the five Steering Committee bodies. Loaded by a data migration
and editable in the admin."""

import datetime

from mieux.reference_names import load_reference_names

REGIONS = [
    ("AFR", "Africa", "Afrique", "África",
     "AO BJ BW BF BI CV CM CF TD KM CG CD CI DJ GQ ER SZ ET GA GM GH GN GW KE LS LR MG MW ML MR MU MZ NA NE NG "
     "RW ST SN SC SL SO ZA SS SD TZ TG UG ZM ZW"),
    ("ASI", "Asia", "Asie", "Asia",
     "AF BD BT KH CN IN ID IR IQ KZ KG LA MY MV MN MM NP PK PH LK TJ TH TL TM UZ VN YE FJ PG WS SB VU TO KI FM MH"),
    ("EAS", "Eastern Neighbourhood", "Voisinage oriental", "Vecindad Oriental", "AM AZ BY GE MD UA"),
    ("SOU", "Southern Neighbourhood", "Voisinage méridional", "Vecindad Meridional", "DZ EG IL JO LB LY MA PS SY TN"),
    ("LAC", "Latin America and the Caribbean", "Amérique latine et Caraïbes", "América Latina y el Caribe",
     "AR BZ BO BR CL CO CR CU DO EC SV GT GY HT HN JM MX NI PA PY PE SR UY VE AG BS BB DM GD KN LC VC TT"),
]
THEMATIC_AREAS = [
    ("MD", "Migration and Development", "Migration et développement", "Migración y desarrollo"),
    ("IRR", "Irregular Migration and Trafficking in Human Beings", "Migration irrégulière et traite des êtres humains",
     "Migración irregular y trata de seres humanos"),
    ("LMM", "Legal Migration and Mobility", "Migration légale et mobilité", "Migración legal y movilidad"),
    ("IPA", "International Protection and Asylum Policy", "Protection internationale et politique d'asile",
     "Protección internacional y política de asilo"),
    ("HOR", "Horizontal interventions", "Interventions horizontales", "Intervenciones horizontales"),
]
ACTIVITY_TYPES = [
    ("conference", "Conference", "Conférence", "Conferencia"),
    ("workshop", "Regional workshop", "Atelier régional", "Taller regional"),
    ("knowledge_exchange", "Knowledge-exchange session", "Session d'échange de connaissances",
     "Sesión de intercambio de conocimientos"),
    ("study_visit", "Study visit", "Visite d'étude", "Visita de estudio"),
    ("training", "Training session", "Session de formation", "Sesión de formación"),
    ("roundtable", "Round-table", "Table ronde", "Mesa redonda"),
    ("deliverable", "Deliverable (curriculum, handbook, policy document)",
     "Livrable (programme de formation, manuel, document de politique)",
     "Producto (currículo, manual, documento de política)"),
]
PHASES = [
    ("I", "MIEUX I", "MIEUX I", "MIEUX I", datetime.date(2009, 1, 1), datetime.date(2011, 6, 30)),
    ("II", "MIEUX II", "MIEUX II", "MIEUX II", datetime.date(2011, 7, 1), datetime.date(2015, 12, 31)),
    ("III", "MIEUX III", "MIEUX III", "MIEUX III", datetime.date(2016, 1, 1), datetime.date(2020, 3, 31)),
    ("IV", "MIEUX+ (phase IV)", "MIEUX+ (phase IV)", "MIEUX+ (fase IV)", datetime.date(2020, 4, 1), None),
]
INSTITUTION_TYPES = [
    ("regional_org", "Regional organisation", "Organisation régionale", "Organización regional"),
    ("ministry", "National ministry or public administration", "Ministère ou administration publique nationale",
     "Ministerio o administración pública nacional"),
    ("local_authority", "Local authority", "Autorité locale", "Autoridad local"),
    ("parliament", "Parliamentary body", "Organe parlementaire", "Órgano parlamentario"),
    ("judiciary", "Judicial actor", "Acteur judiciaire", "Actor judicial"),
    ("cso", "Civil society organisation", "Organisation de la société civile", "Organización de la sociedad civil"),
]
EMPLOYER_TYPES = [
    ("eu_admin", "EU member-state public administration", "Administration publique d'un État membre de l'UE",
     "Administración pública de un Estado miembro de la UE"),
    ("non_eu_admin", "Non-EU public administration", "Administration publique hors UE", "Administración pública no UE"),
    ("academia", "Academia", "Milieu universitaire", "Ámbito académico"),
    ("private", "Private sector", "Secteur privé", "Sector privado"),
    ("international_org", "International organisation", "Organisation internationale", "Organización internacional"),
    ("civil_society", "Civil society", "Société civile", "Sociedad civil"),
]
COMMITTEE_BODIES = [
    ("INTPA", "DG INTPA (European Commission)", "DG INTPA (Commission européenne)", "DG INTPA (Comisión Europea)"),
    ("HOME", "DG HOME (European Commission)", "DG HOME (Commission européenne)", "DG HOME (Comisión Europea)"),
    ("NEAR", "DG NEAR (European Commission)", "DG NEAR (Commission européenne)", "DG NEAR (Comisión Europea)"),
    ("EEAS", "European External Action Service (EEAS)", "Service européen pour l'action extérieure (SEAE)",
     "Servicio Europeo de Acción Exterior (SEAE)"),
    ("ICMPD", "ICMPD MIEUX team (secretariat)", "Équipe MIEUX de l'ICMPD (secrétariat)",
     "Equipo MIEUX del ICMPD (secretaría)"),
]


def load_reference_data(get_model):
    """Create or update every reference row; `get_model(name)` returns the mieux model class."""
    simple = {
        "ThematicArea": THEMATIC_AREAS,
        "ActivityType": ACTIVITY_TYPES,
        "InstitutionType": INSTITUTION_TYPES,
        "EmployerType": EMPLOYER_TYPES,
        "CommitteeBody": COMMITTEE_BODIES,
    }
    for model_name, rows in simple.items():
        model = get_model(model_name)
        for order, (code, en, fr, es) in enumerate(rows, start=1):
            model.objects.update_or_create(code=code, defaults={"name": en, "name_fr": fr, "name_es": es, "sort_order": order})
    Phase = get_model("Phase")
    for order, (code, en, fr, es, start, end) in enumerate(PHASES, start=1):
        Phase.objects.update_or_create(
            code=code,
            defaults={"name": en, "name_fr": fr, "name_es": es, "sort_order": order, "start_date": start, "end_date": end},
        )
    Region = get_model("Region")
    RegionCountry = get_model("RegionCountry")
    for order, (code, en, fr, es, countries) in enumerate(REGIONS, start=1):
        region, _ = Region.objects.update_or_create(
            code=code, defaults={"name": en, "name_fr": fr, "name_es": es, "sort_order": order}
        )
        for country in countries.split():
            RegionCountry.objects.update_or_create(country=country, defaults={"region": region})
    # The Portuguese, Arabic and Russian names came with a later migration, which loads them itself.
    if any(f.name == "name_pt" for f in Region._meta.get_fields()):
        load_reference_names(get_model)


def ensure_reference_data():
    """Load the reference data and the first legal pages when they are missing (after a test database
    flush, for instance)."""
    from django.apps import apps

    def get_model(name):
        return apps.get_model("mieux", name)

    if not get_model("Region").objects.exists():
        load_reference_data(get_model)
    if not get_model("LegalPage").objects.exists():
        from mieux.legal_content import load_legal_pages

        load_legal_pages(get_model)
