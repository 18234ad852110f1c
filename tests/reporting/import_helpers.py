"""Shared helpers for the portfolio import tests: a copy of a fixture folder, the command, a database snapshot."""

import shutil
from io import StringIO
from pathlib import Path

from django.apps import apps
from django.core.management import CommandError, call_command

FIXTURES = Path(__file__).parent / "portfolio_fixtures"

COUNTED = [
    "requests_app.Institution", "requests_app.Request", "requests_app.RequestEvent", "requests_app.HistoricalRequest",
    "actions.Action", "actions.ActionEvent", "actions.HistoricalAction", "actions.Activity", "actions.ActivityEvent",
    "actions.HistoricalActivity", "experts.Expert", "experts.ExpertLanguage", "experts.HistoricalExpert",
    "experts.Deployment", "experts.DeploymentEvent", "experts.HistoricalDeployment", "mieux.Notification", "mieux.User",
]


def portfolio(tmp_path, name="small", only=None):
    """A writable copy of a fixture folder (optionally only some of its files)."""
    target = tmp_path / name
    shutil.copytree(FIXTURES / name, target)
    if only is not None:
        for path in target.iterdir():
            if path.name not in only:
                path.unlink()
    return target


def edit(folder, name, old, new, count=1):
    path = folder / name
    text = path.read_bytes().decode("utf-8")
    assert old in text, f"{old!r} not in {name}"
    path.write_bytes(text.replace(old, new, count).encode("utf-8"))


def run(folder, *args):
    """(stdout, stderr, ok) of `manage.py import_portfolio folder`."""
    out, err = StringIO(), StringIO()
    try:
        call_command("import_portfolio", str(folder), *args, stdout=out, stderr=err)
    except CommandError as exc:
        return out.getvalue(), err.getvalue() + str(exc), False
    return out.getvalue(), err.getvalue(), True


def run_ok(folder, *args):
    out, err, ok = run(folder, *args)
    assert ok, err
    return out


def run_failing(folder, *args):
    out, err, ok = run(folder, *args)
    assert not ok, out
    return err.splitlines()


def snapshot():
    """Row counts of everything an import may write, plus the latest update time of every record."""
    state = {label: apps.get_model(label).objects.count() for label in COUNTED}
    for label in ("requests_app.Request", "actions.Action", "actions.Activity", "experts.Expert"):
        model = apps.get_model(label)
        state[f"{label}.updated_at"] = sorted(str(v) for v in model.objects.values_list("updated_at", flat=True))
    return state
