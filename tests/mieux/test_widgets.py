"""The filter forms' select boxes are written out in Python: same options, labels, selection and
attributes as Django's template-rendered ones, what a person using the filters sees."""

import re

import pytest
from django import forms
from django_countries import countries

from actions.filters import ActionFilter
from actions.models import Action
from mieux.bounds import BoundedForm
from mieux.widgets import PlainSelect, PlainSelectMultiple


def _options(html):
    return re.findall(r'<option value="([^"]*)"( selected)?>([^<]*)</option>', html)


class _Form(BoundedForm):
    country = forms.ChoiceField(choices=[("", "Any country"), *countries], required=False)
    statuses = forms.MultipleChoiceField(
        choices=[("a", "Open & <new>"), ("b", "Closed")], required=False, widget=forms.SelectMultiple(attrs={"size": 4})
    )
    grouped = forms.ChoiceField(choices=[("Africa", [("KE", "Kenya"), ("GH", "Ghana")]), ("X", "Other")], required=False)


def _django_render(field, name, value):
    widget = forms.SelectMultiple() if field.widget.allow_multiple_selected else forms.Select()
    widget.choices, widget.attrs = field.widget.choices, field.widget.attrs
    return widget.render(name, value)


@pytest.mark.parametrize(
    "name,value", [("country", "KE"), ("country", ""), ("statuses", ["a", "b"]), ("statuses", []), ("grouped", "GH")]
)
def test_same_options_and_selection_as_django(name, value):
    form = _Form()
    field = form.fields[name]
    assert isinstance(field.widget, PlainSelect)
    ours, theirs = field.widget.render(name, value), _django_render(field, name, value)
    assert _options(ours) == _options(theirs)
    assert ours.count("<optgroup") == theirs.count("<optgroup")
    assert f'name="{name}"' in ours
    assert ("multiple" in ours) == (name == "statuses")


def test_labels_are_escaped_and_attributes_kept():
    form = _Form(data={"statuses": ["a"]})
    html = str(form["statuses"])
    assert isinstance(form.fields["statuses"].widget, PlainSelectMultiple)
    assert "Open &amp; &lt;new&gt;" in html and "<new>" not in html
    assert 'size="4"' in html and 'id="id_statuses"' in html
    assert '<option value="a" selected>' in html and '<option value="b">' in html


@pytest.mark.django_db
def test_staff_action_filter_keeps_the_chosen_country_selected():
    form = ActionFilter({"country": "KE"}, queryset=Action.objects.all()).form
    html = str(form["country"])
    assert '<option value="KE" selected>Kenya</option>' in html
    assert len(_options(html)) == len(countries) + 1  # every country and "Any country"


def test_a_single_select_marks_only_the_first_matching_option_as_django_does():
    field = _Form().fields["grouped"]
    value = ["GH", "X"]  # two values handed to a single select
    ours = field.widget.render("grouped", value)
    assert _options(ours) == _options(_django_render(field, "grouped", value))
    assert ours.count(" selected") == 1
