"""Each criterion of the matching score on its own: plain values in, (value, explanation) out."""

import pytest

from experts import matching_criteria as c


def test_thematic_fit_is_the_share_of_required_areas_covered():
    value, message, params = c.thematic_fit({1, 2}, 4, {1: "Legal migration", 2: "Asylum"})
    assert value == 0.5 and message == c.M_AREAS_COVERED
    assert str(params["names"]) == "Asylum, Legal migration"
    assert c.thematic_fit(set(), 3, {})[:2] == (0.0, c.M_AREAS_NONE)
    assert c.thematic_fit(None, 0, {})[:2] == (1.0, c.M_AREAS_NOT_SET)


def test_language_fit_counts_languages_at_b2_or_above():
    assert c.language_fit({"fr", "en"}, ["fr", "en"], "fr, en")[:2] == (1.0, c.M_LANG_OK)
    value, message, params = c.language_fit({"fr"}, ["fr", "ar"], "fr, ar")
    assert value == 0.5 and message == c.M_LANG_MISSING and str(params["langs"]) == "Arabic"  # a name, not a code
    assert c.language_fit((), [], "")[:2] == (1.0, c.M_LANG_NOT_SET)


def test_experience_fit_prefers_the_country_then_the_region():
    value, message, params = c.experience_fit({"KE", "TZ"}, False, {"KE"}, {"KE", "UG"})
    assert (value, message) == (1.0, c.M_EXP_COUNTRY) and str(params["countries"]) == "Kenya"
    assert c.experience_fit(set(), True, {"KE"}, set())[:2] == (0.5, c.M_EXP_REGION)
    assert c.experience_fit({"UG"}, False, {"KE"}, {"KE", "UG"})[:2] == (0.5, c.M_EXP_REGION)
    assert c.experience_fit({"MX"}, False, {"KE"}, {"KE", "UG"})[:2] == (0.0, c.M_EXP_NONE)


def test_stored_countries_reads_the_stored_text_and_lists():
    assert c.stored_countries("KE,TZ") == {"KE", "TZ"}
    assert c.stored_countries(["KE"]) == {"KE"}
    assert c.stored_countries("") == set() and c.stored_countries(None) == set()


def test_feedback_fit_scales_one_to_five_and_is_neutral_without_feedback():
    assert c.feedback_fit(5, 3)[:2] == (0.75, c.M_FEEDBACK_BOTH)
    assert c.feedback_fit(3, None)[:2] == (0.5, c.M_FEEDBACK_RATING)
    assert c.feedback_fit(None, 1)[:2] == (0.0, c.M_FEEDBACK_SATISFACTION)
    assert c.feedback_fit(None, None)[:2] == (0.5, c.M_FEEDBACK_NONE)


def test_nationality_effects_follow_the_actions_non_eu_share_against_the_target():
    below = c.nationality_effects(0, 2, 0.33)
    assert below[True][:2] == (1.0, c.M_NAT_RAISES) and below[False][:2] == (0.0, c.M_NAT_LOWERS)
    above = c.nationality_effects(2, 2, 0.33)
    assert above[True][:2] == (0.0, c.M_NAT_ABOVE_NON_EU) and above[False][:2] == (1.0, c.M_NAT_ABOVE_EU)
    assert c.nationality_effects(1, 2, 0.5)[True][:2] == (0.5, c.M_NAT_AT_TARGET)


def test_gender_fit_rewards_the_under_represented_gender():
    assert c.under_represented_gender(1, 2) == "F" and c.under_represented_gender(2, 1) == "M"
    assert c.under_represented_gender(1, 1) is None
    assert c.gender_fit("F", "F") == (1.0, c.M_GENDER_BETTER)
    assert c.gender_fit("M", "F") == (0.0, c.M_GENDER_WORSE)
    assert c.gender_fit("X", "F") == (0.5, c.M_GENDER_SAME)


def test_diversity_fit_weighs_nationality_two_thirds_and_gender_one_third():
    effects = c.nationality_effects(0, 2, 0.33)
    value, message, _params, gender_part = c.diversity_fit(
        on_team=False, nationality="ke", gender="F", nat_effects=effects, under_gender="F"
    )
    assert value == pytest.approx(1.0) and message == c.M_NAT_RAISES and gender_part == (c.M_GENDER_BETTER, None)
    value, *_rest = c.diversity_fit(on_team=False, nationality="FR", gender="M", nat_effects=effects, under_gender="F")
    assert value == 0.0
    assert c.diversity_fit(on_team=True, nationality="FR", gender="M", nat_effects=effects, under_gender="F")[:2] == (
        0.5, c.M_NAT_TEAM,
    )


def test_workload_fit_falls_to_zero_at_saturation():
    assert c.workload_fit(0)[0] == 1.0
    assert c.workload_fit(2)[0] == 0.5
    assert c.workload_fit(c.WORKLOAD_SATURATION + 3)[0] == 0.0
