"""Select boxes written out in Python instead of one template per option.

Django renders every `<option>` through the form renderer's templates: a country filter (some 250
options) on each list page cost more than the page's queries. These widgets produce the same markup
(attributes, `selected`, option groups, escaping) in Python. Filter forms (`mieux.bounds.BoundedForm`)
use them for their plain `Select`/`SelectMultiple` widgets, and `country_choices` for their country lists.
"""

from html import escape as html_escape

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django_countries import countries


def _html(value):
    """Escaped as Django's `conditional_escape` would (the same `html.escape`), without its lazy-string
    wrappers: they cost more than the escaping over a few hundred options."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html_escape(str(value))


def _options(choices, selected, multiple):
    """The options; a single select marks only the first one matching, as Django's does."""
    for value, label in choices:
        if isinstance(label, list | tuple):  # an option group
            yield f'<optgroup label="{_html(value)}">'
            yield from _options(label, selected, multiple)
            yield "</optgroup>"
            continue
        text = "" if value is None else str(value)
        mark = ""
        if text in selected:
            mark = " selected"
            if not multiple:
                selected.clear()  # shared with the enclosing and the nested option groups
        yield f'<option value="{_html(text)}"{mark}>{_html(label)}</option>'


class PlainSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        final = self.build_attrs(self.attrs, attrs)
        final["name"] = name
        if self.allow_multiple_selected:
            final["multiple"] = True
        selected = {str(v) for v in self.format_value(value)}
        body = "".join(_options(self.choices, selected, self.allow_multiple_selected))
        return mark_safe(format_html("<select{}>", flatatt(final)) + body + "</select>")


class PlainSelectMultiple(PlainSelect, forms.SelectMultiple):
    pass


def use_plain_selects(form):
    """Switch a form instance's plain select widgets to the Python-written ones (same state, same
    markup; fields are copied per form instance, so no other form is touched)."""
    for field in form.fields.values():
        kind = type(field.widget)
        if kind is forms.Select:
            field.widget.__class__ = PlainSelect
        elif kind is forms.SelectMultiple:
            field.widget.__class__ = PlainSelectMultiple
    return form


_country_choices = {}


def country_choices():
    """Every country as (code, name) in the active language, sorted by name: built once per language
    and process (django-countries translates and sorts some 250 names on every pass otherwise, several
    passes per filter form). Pass the function itself as `choices=` so each form reads the current
    language."""
    language = get_language()
    if language not in _country_choices:
        _country_choices[language] = [(code, str(name)) for code, name in countries]
    return _country_choices[language]
