"""Names of the reference data in Portuguese, Arabic and Russian, by model and code (the English,
French and Spanish names are in `mieux.reference`). Loaded by a data migration; editable in the admin."""

NAMES = {
    "Region": {
        "AFR": ("África", "أفريقيا", "Африка"),
        "ASI": ("Ásia", "آسيا", "Азия"),
        "EAS": ("Vizinhança Oriental", "الجوار الشرقي", "Восточное соседство"),
        "SOU": ("Vizinhança Meridional", "الجوار الجنوبي", "Южное соседство"),
        "LAC": (
            "América Latina e Caraíbas",
            "أمريكا اللاتينية والكاريبي",
            "Латинская Америка и Карибский бассейн",
        ),
    },
    "ThematicArea": {
        "MD": ("Migração e desenvolvimento", "الهجرة والتنمية", "Миграция и развитие"),
        "IRR": (
            "Migração irregular e tráfico de seres humanos",
            "الهجرة غير النظامية والاتجار بالبشر",
            "Нелегальная миграция и торговля людьми",
        ),
        "LMM": ("Migração legal e mobilidade", "الهجرة النظامية والتنقل", "Легальная миграция и мобильность"),
        "IPA": (
            "Proteção internacional e política de asilo",
            "الحماية الدولية وسياسة اللجوء",
            "Международная защита и политика убежища",
        ),
        "HOR": ("Intervenções horizontais", "تدخلات أفقية", "Горизонтальные меры"),
    },
    "ActivityType": {
        "conference": ("Conferência", "مؤتمر", "Конференция"),
        "workshop": ("Workshop regional", "ورشة عمل إقليمية", "Региональный семинар"),
        "knowledge_exchange": (
            "Sessão de intercâmbio de conhecimentos",
            "جلسة تبادل المعارف",
            "Сессия обмена знаниями",
        ),
        "study_visit": ("Visita de estudo", "زيارة دراسية", "Ознакомительная поездка"),
        "training": ("Sessão de formação", "دورة تدريبية", "Учебное занятие"),
        "roundtable": ("Mesa-redonda", "مائدة مستديرة", "Круглый стол"),
        "deliverable": (
            "Produto (currículo, manual, documento de política)",
            "مُخرَج (منهج، دليل، وثيقة سياسات)",
            "Итоговый продукт (учебная программа, пособие, политический документ)",
        ),
    },
    "Phase": {
        "I": ("MIEUX I", "MIEUX I", "MIEUX I"),
        "II": ("MIEUX II", "MIEUX II", "MIEUX II"),
        "III": ("MIEUX III", "MIEUX III", "MIEUX III"),
        "IV": ("MIEUX+ (fase IV)", "MIEUX+\u200e (المرحلة الرابعة)", "MIEUX+ (этап IV)"),
    },
    "InstitutionType": {
        "regional_org": ("Organização regional", "منظمة إقليمية", "Региональная организация"),
        "ministry": (
            "Ministério ou administração pública nacional",
            "وزارة أو إدارة عامة وطنية",
            "Национальное министерство или ведомство",
        ),
        "local_authority": ("Autoridade local", "سلطة محلية", "Орган местной власти"),
        "parliament": ("Órgão parlamentar", "هيئة برلمانية", "Парламентский орган"),
        "judiciary": ("Ator judicial", "جهة قضائية", "Судебный орган"),
        "cso": ("Organização da sociedade civil", "منظمة مجتمع مدني", "Организация гражданского общества"),
    },
    "EmployerType": {
        "eu_admin": (
            "Administração pública de um Estado-Membro da UE",
            "إدارة عامة في دولة عضو في الاتحاد الأوروبي",
            "Государственная администрация государства — члена ЕС",
        ),
        "non_eu_admin": (
            "Administração pública fora da UE",
            "إدارة عامة من خارج الاتحاد الأوروبي",
            "Государственная администрация страны вне ЕС",
        ),
        "academia": ("Meio académico", "الأوساط الأكاديمية", "Академическая среда"),
        "private": ("Setor privado", "القطاع الخاص", "Частный сектор"),
        "international_org": ("Organização internacional", "منظمة دولية", "Международная организация"),
        "civil_society": ("Sociedade civil", "المجتمع المدني", "Гражданское общество"),
    },
    "CommitteeBody": {
        "INTPA": (
            "DG INTPA (Comissão Europeia)",
            "المديرية العامة للشراكات الدولية (المفوضية الأوروبية)",
            "ГД INTPA (Европейская комиссия)",
        ),
        "HOME": (
            "DG HOME (Comissão Europeia)",
            "المديرية العامة للهجرة والشؤون الداخلية (المفوضية الأوروبية)",
            "ГД HOME (Европейская комиссия)",
        ),
        "NEAR": (
            "DG NEAR (Comissão Europeia)",
            "المديرية العامة للجوار والتوسع (المفوضية الأوروبية)",
            "ГД NEAR (Европейская комиссия)",
        ),
        "EEAS": (
            "Serviço Europeu para a Ação Externa (SEAE)",
            "دائرة العمل الخارجي الأوروبي",
            "Европейская служба внешних действий (ЕСВД)",
        ),
        "ICMPD": (
            "Equipa MIEUX do ICMPD (secretariado)",
            "فريق MIEUX في ICMPD (الأمانة)",
            "Команда MIEUX в ICMPD (секретариат)",
        ),
    },
}


def load_reference_names(get_model):
    """Fill the Portuguese, Arabic and Russian names of rows that exist; leaves other rows alone."""
    for model_name, rows in NAMES.items():
        model = get_model(model_name)
        for code, (pt, ar, ru) in rows.items():
            model.objects.filter(code=code).update(name_pt=pt, name_ar=ar, name_ru=ru)
