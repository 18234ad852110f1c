"""Loading the WSGI application leaves the long-lived objects out of the garbage collector's walks."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_loading_the_application_freezes_what_is_loaded():
    script = ("import gc, mieux.wsgi, sys; print(gc.get_freeze_count()); "
              "print('requests_app.views.review' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True,
                         timeout=120).stdout.split()
    assert int(out[0]) > 50_000  # the framework, the apps and their views, not a handful
    assert out[1] == "True"  # the views were imported before the freeze
