"""The criteria of the matching score, one small pure function each (DESIGN section 3, "Matching").

Each takes plain values (no query) and returns `(value, message, params)`: the value between 0 and 1,
and the sentence that explains it, kept untranslated with its parameters until it is displayed.
`experts.matching` gathers the data once for the whole roster and calls these per expert.
"""

from django.utils.translation import gettext_lazy as _
from django_countries import countries as country_registry

from experts.models import LEVEL_RANK
from mieux.languages import language_names
from mieux.models import EU_AND_UK

MIN_LANGUAGE_RANK = LEVEL_RANK["B2"]
# Deployments in the last 12 months at which the workload criterion reaches zero.
WORKLOAD_SATURATION = 4

# The explanations, translated when displayed.
M_AREAS_COVERED = _("covers %(n)s of %(total)s thematic areas (%(names)s)")
M_AREAS_NONE = _("none of the %(total)s thematic areas needed")
M_AREAS_NOT_SET = _("no thematic area required")
M_LANG_OK = _("works in %(langs)s at B2 or above")
M_LANG_MISSING = _("lacks B2 or above in %(langs)s")
M_LANG_NOT_SET = _("no working language set")
M_EXP_COUNTRY = _("experience in %(countries)s")
M_EXP_REGION = _("experience in the region, not the country")
M_EXP_NONE = _("no experience in the country or region")
M_FEEDBACK_RATING = _("staff rating %(r).1f/5")
M_FEEDBACK_SATISFACTION = _("own satisfaction %(s).1f/5")
M_FEEDBACK_BOTH = _("staff rating %(r).1f/5, own satisfaction %(s).1f/5")
M_FEEDBACK_NONE = _("no past feedback yet (neutral)")
M_NAT_TEAM = _("already on the Action's team")
M_NAT_RAISES = _("non-EU national: raises the Action's non-EU share (%(n)s of %(size)s, target %(target)s%%)")
M_NAT_LOWERS = _("EU national: lowers the Action's non-EU share (%(n)s of %(size)s, target %(target)s%%)")
M_NAT_ABOVE_NON_EU = _("non-EU national: the Action is already above the non-EU target (%(n)s of %(size)s, target %(target)s%%)")
M_NAT_ABOVE_EU = _("EU national: brings the Action back towards the non-EU target (%(n)s of %(size)s, target %(target)s%%)")
M_NAT_AT_TARGET = _("the Action is at the non-EU target")
M_GENDER_SAME = _("gender balance unchanged")
M_GENDER_BETTER = _("improves the gender balance")
M_GENDER_WORSE = _("does not improve the gender balance")
M_WORKLOAD = _("%(n)s deployments in the last 12 months")


class AreaNames:
    """Thematic area names, joined only if the explanation is displayed."""

    __slots__ = ("ids", "names")

    def __init__(self, ids, names):
        self.ids, self.names = ids, names

    def __str__(self):
        return ", ".join(sorted(self.names.get(a, "?") for a in self.ids))


class MissingLanguages:
    """The working languages an expert lacks at B2, listed only if the explanation is displayed."""

    __slots__ = ("wanted", "good")

    def __init__(self, wanted, good):
        self.wanted, self.good = wanted, good

    def __str__(self):
        return language_names(c for c in self.wanted if c not in self.good)


class CountryNames:
    """Country names in the reader's language, looked up only if the explanation is displayed."""

    __slots__ = ("codes",)

    def __init__(self, codes):
        self.codes = codes

    def __str__(self):
        return ", ".join(sorted(str(country_registry.name(c)) for c in self.codes))


def thematic_fit(covered, n_required, area_names):
    """Share of the required thematic areas the expert covers; 1 when none is required."""
    if not n_required:
        return 1.0, M_AREAS_NOT_SET, None
    if not covered:
        return 0.0, M_AREAS_NONE, {"total": n_required}
    params = {"n": len(covered), "total": n_required, "names": AreaNames(covered, area_names)}
    return len(covered) / n_required, M_AREAS_COVERED, params


def language_fit(good, languages, language_list):
    """Share of the working languages the expert speaks at B2 or above; 1 when none is set."""
    if not languages:
        return 1.0, M_LANG_NOT_SET, None
    if len(good) == len(languages):
        # By name in the reader's language ("Arabic, French"), never as codes.
        return 1.0, M_LANG_OK, {"langs": MissingLanguages(languages, ())}
    return len(good) / len(languages), M_LANG_MISSING, {"langs": MissingLanguages(languages, good)}


def stored_countries(value):
    """The expert's countries of experience as a set of codes (values_list hands over "KE,TZ")."""
    if not value:
        return set()
    if isinstance(value, str):
        return set(value.split(","))
    return {str(c) for c in value}


def experience_fit(expert_countries, in_region, countries, region_countries):
    """1 for experience in one of the activity's countries, 0.5 in its region only, else 0."""
    shared = countries & expert_countries
    if shared:
        return 1.0, M_EXP_COUNTRY, {"countries": CountryNames(shared)}
    if in_region or expert_countries & region_countries:
        return 0.5, M_EXP_REGION, None
    return 0.0, M_EXP_NONE, None


def feedback_fit(rating, satisfaction):
    """Past feedback on 1–5 (staff rating, the expert's own satisfaction, or both) as 0..1; 0.5 without."""
    if rating is not None and satisfaction is not None:
        return ((rating - 1) / 4 + (satisfaction - 1) / 4) / 2, M_FEEDBACK_BOTH, {"r": rating, "s": satisfaction}
    if rating is not None:
        return (rating - 1) / 4, M_FEEDBACK_RATING, {"r": rating}
    if satisfaction is not None:
        return (satisfaction - 1) / 4, M_FEEDBACK_SATISFACTION, {"s": satisfaction}
    return 0.5, M_FEEDBACK_NONE, None


def nationality_effects(team_non_eu, team_size, target):
    """{is_non_eu: (value, message, params)}: how a newcomer moves the Action's non-EU share to target."""
    share = team_non_eu / team_size if team_size else 0.0
    params = {"n": team_non_eu, "size": team_size, "target": round(target * 100)}
    if share < target:
        return {True: (1.0, M_NAT_RAISES, params), False: (0.0, M_NAT_LOWERS, params)}
    if share > target:
        return {True: (0.0, M_NAT_ABOVE_NON_EU, params), False: (1.0, M_NAT_ABOVE_EU, params)}
    return {True: (0.5, M_NAT_AT_TARGET, None), False: (0.5, M_NAT_AT_TARGET, None)}


def under_represented_gender(women, men):
    """"F" or "M", whichever the Action's team has fewer of; None when balanced."""
    if women == men:
        return None
    return "F" if women < men else "M"


def gender_fit(gender, under_gender):
    """1 if the expert improves the team's gender balance, 0 if not, 0.5 when it cannot change."""
    if under_gender is None or gender not in ("F", "M"):
        return 0.5, M_GENDER_SAME
    if gender == under_gender:
        return 1.0, M_GENDER_BETTER
    return 0.0, M_GENDER_WORSE


def diversity_fit(*, on_team, nationality, gender, nat_effects, under_gender):
    """Two thirds towards the Action's non-EU target, one third gender balance; neutral for the team.

    Returns (value, message, params, (gender_message, None)) — the gender sentence is the extra part
    of the explanation."""
    if on_team:
        return 0.5, M_NAT_TEAM, None, (M_GENDER_SAME, None)
    non_eu = nationality.upper() not in EU_AND_UK
    _nat_value, message, params = nat_effects[non_eu]
    value = diversity_value(on_team=False, non_eu=non_eu, gender=gender, nat_effects=nat_effects,
                            under_gender=under_gender)
    return value, message, params, (gender_fit(gender, under_gender)[1], None)


def diversity_value(*, on_team, non_eu, gender, nat_effects, under_gender):
    """`diversity_fit`'s value alone (ranking needs no sentence), from whether the expert is non-EU."""
    if on_team:
        return 0.5
    return (2 * nat_effects[non_eu][0] + gender_fit(gender, under_gender)[0]) / 3


def workload_fit(recent):
    """Fewer deployments in the last 12 months rank higher; zero at `WORKLOAD_SATURATION`."""
    return max(0.0, 1 - recent / WORKLOAD_SATURATION), M_WORKLOAD, {"n": recent}
