"""The request form offers partner countries only (by name, searchable with chips in the browser);
a country already on an older request stays choosable so that saving loses nothing."""

import pytest

from mieux.models import RegionCountry
from requests_app.forms import StepSubjectForm, partner_country_choices
from tests.factories import RequestFactory

pytestmark = pytest.mark.django_db


def test_choices_are_the_partner_countries_by_name():
    codes = [code for code, _ in partner_country_choices()]
    assert set(codes) == set(RegionCountry.objects.values_list("country", flat=True))
    assert "KE" in codes and "MA" in codes
    assert "FR" not in codes and "DE" not in codes  # EU members are not partner countries
    assert "EH" not in codes
    names = [str(name) for _, name in partner_country_choices()]
    assert names == sorted(names)


def test_a_non_partner_country_is_refused_and_an_old_one_is_kept(institution):
    form = StepSubjectForm(data={"title": "T", "countries": ["KE", "FR"]}, institution=institution)
    assert not form.is_valid() and "countries" in form.errors
    old = RequestFactory(institution=institution, countries=["FR"])
    form = StepSubjectForm(data={"title": "T", "countries": ["FR", "KE"]}, instance=old, institution=institution)
    assert form.is_valid(), form.errors
    widget = StepSubjectForm(institution=institution).fields["countries"].widget
    assert "data-country-select" in widget.attrs
