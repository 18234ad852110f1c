"""The shared cast of users (one per role, plus outsiders) and test infrastructure."""

import os
import shutil

import pytest

from mieux.celery import app as celery_app
from tests.factories import InstitutionFactory, MembershipFactory, UserFactory, body

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def require_service(available: bool, what: str):
    """Skip when a service is missing on a developer machine; fail under CI=true, where it must exist."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"{what} is required under CI=true but is not available")
    pytest.skip(f"{what} not available")


@pytest.fixture(autouse=True)
def _isolated_environment(settings, tmp_path):
    """Tasks run in-process, files go to a temporary folder, e-mail stays in memory."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MFA_REQUIRED_FOR_PRIVILEGED = False
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"
    # Tests of the deployment workflow confirm public officials directly; the release-letter rule has its
    # own tests (tests/experts/test_logistics.py), which switch it on.
    settings.MISSION_RELEASE_LETTER_EMPLOYER_TYPES = []
    settings.OPEN_DATA_DIR = tmp_path / "open-data"
    from django.core.cache import cache

    cache.clear()
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = False
    yield
    celery_app.conf.task_always_eager = eager


@pytest.fixture(autouse=True)
def _reference_data(request):
    """Transactional tests (live_server, concurrency) flush the database, data migrations included."""
    marker = request.node.get_closest_marker("django_db")
    transactional_marker = marker is not None and (marker.kwargs.get("transaction") or (marker.args and marker.args[0]))
    if transactional_marker or "transactional_db" in request.fixturenames or "live_server" in request.fixturenames:
        from mieux.reference import ensure_reference_data

        request.getfixturevalue("transactional_db")
        ensure_reference_data()


@pytest.fixture
def staff_user(db):
    return UserFactory(staff=True, email="staff@example.org", full_name="Sofia Staff")


@pytest.fixture
def admin_user(db):
    return UserFactory(admin=True, email="admin@example.org")


@pytest.fixture
def institution(db):
    return InstitutionFactory(name="Ministry of Labour", country="KE")


@pytest.fixture
def partner_user(db, institution):
    user = UserFactory(email="partner@example.org", full_name="Amina Partner")
    MembershipFactory(user=user, institution=institution)
    return user


@pytest.fixture
def other_partner(db):
    """A partner of another institution: sees nothing of `institution`."""
    user = UserFactory(email="outsider@example.org", full_name="Olga Outsider")
    MembershipFactory(user=user, institution=InstitutionFactory(name="Ministry of Justice", country="GH"))
    return user


@pytest.fixture
def committee_members(db):
    """One member per committee body, keyed by body code."""
    return {
        code: UserFactory(role="committee", committee_body=body(code), email=f"{code.lower()}@example.org")
        for code in ("INTPA", "HOME", "NEAR", "EEAS", "ICMPD")
    }


@pytest.fixture
def committee_user(committee_members):
    return committee_members["INTPA"]


@pytest.fixture
def expert_user(db):
    return UserFactory(expert=True, email="expert@example.org", full_name="Eva Expert")


@pytest.fixture
def client_for(client):
    """Log a user in on the test client: `client_for(user)`."""

    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture(scope="session")
def chromium_path():
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    require_service(path is not None, "Debian's chromium")
    return path


@pytest.fixture
def browser_page(chromium_path):
    """A Playwright page in the system's Chromium (never a downloaded browser)."""
    # Playwright's sync API runs an event loop; Django's ORM then needs this in the test process only.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=chromium_path,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--no-first-run", "--disable-sync"],
        )
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        try:
            yield page
        finally:
            browser.close()
            if previous is None:
                os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
            else:
                os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(autouse=True)
def _language_reset():
    """A request made as a French or Spanish user leaves its language active in the thread: reset it."""
    from django.utils import translation

    yield
    translation.deactivate()
