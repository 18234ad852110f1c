"""Hypothesis strategies for form fuzzing: for each field of a form, either a plausible value or a hostile
one (extreme dates, numbers beyond any column, ids beyond 64 bits, formulas, markup, control characters)."""

import datetime
import os

from django import forms
from django.db import transaction
from django.forms.models import model_to_dict
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# Examples per form: moderate, so the suite stays quick in CI; FUZZ_EXAMPLES raises it for a deeper run.
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))
FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)

HOSTILE = st.one_of(
    st.sampled_from([
        "", " ", "9999-12-31", "0001-01-01", "1989-12-31", "2101-01-01", "3000000000", "-1", "-2147483649",
        "9223372036854775808", "18446744073709551616", "1e309", "NaN", "inf", "0x10", "=1+1", "@SUM(A1)",
        "<script>alert(1)</script>", "\x00", "a" * 300, "99999999999999999999999999",
    ]),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.dates(min_value=datetime.date(1, 1, 1), max_value=datetime.date(9999, 12, 31)).map(datetime.date.isoformat),
    st.text(max_size=40),
)


def plausible(field):
    """A strategy of values the field could accept."""
    if isinstance(field, forms.ModelMultipleChoiceField):
        pks = list(field.queryset.values_list("pk", flat=True)[:6])
        return st.lists(st.sampled_from(pks), max_size=3).map(lambda v: [str(p) for p in v]) if pks else st.just([])
    if isinstance(field, forms.ModelChoiceField):
        pks = list(field.queryset.values_list("pk", flat=True)[:6])
        return st.sampled_from(pks).map(str) if pks else st.just("")
    if isinstance(field, forms.MultipleChoiceField):
        values = [str(v) for v, _label in field.choices if v != ""][:8]
        return st.lists(st.sampled_from(values), max_size=3) if values else st.just([])
    if isinstance(field, forms.ChoiceField):
        values = [str(v) for v, _label in field.choices if not isinstance(_label, list | tuple)][:30]
        return st.sampled_from(values) if values else st.just("")
    if isinstance(field, forms.BooleanField):
        return st.sampled_from(["on", ""])
    if isinstance(field, forms.DateField):
        return st.dates(min_value=datetime.date(1995, 1, 1), max_value=datetime.date(2090, 1, 1)).map(
            datetime.date.isoformat
        )
    if isinstance(field, forms.IntegerField):
        return st.integers(min_value=0, max_value=500).map(str)
    if isinstance(field, forms.EmailField):
        return st.sampled_from(["someone@example.org", "x@y.z"])
    if isinstance(field, forms.URLField):
        return st.sampled_from(["https://example.org", "example.org"])
    return st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=60)


def form_data(form, *, prefix="", skip=()):
    """A strategy of POST dictionaries for `form` (an unbound instance)."""
    fields = {}
    for name, field in form.fields.items():
        if name in skip or isinstance(field, forms.FileField):
            continue
        key = f"{prefix}-{name}" if prefix else name
        fields[key] = st.one_of(plausible(field), plausible(field), HOSTILE)
    return st.fixed_dictionaries(fields)


def snapshot(*objects):
    """Field values (m2m included) of model instances, read fresh from the database."""
    state = []
    for obj in objects:
        fresh = type(obj)._default_manager.filter(pk=obj.pk).first()
        data = model_to_dict(fresh) if fresh is not None else None
        if data:
            data = {k: (sorted(getattr(v, "pk", v) for v in v) if isinstance(v, list) else v) for k, v in data.items()}
        state.append(data)
    return state


class Rollback(Exception):
    pass


def in_rollback(fn):
    """Run `fn` in a savepoint that is rolled back, so each example starts from the same data."""
    try:
        with transaction.atomic():
            result = fn()
            raise Rollback(result)
    except Rollback as done:
        return done.args[0]
