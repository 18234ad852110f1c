"""Settings of the MIEUX+ portal, read from the environment (12-factor).

With nothing set the portal runs on its embedded default: SQLite under var/, Celery tasks run
in-process, local-memory cache, e-mail written to var/mail/. DATABASE_URL, REDIS_URL (or
CELERY_BROKER_URL) and EMAIL_URL switch to the production topology. DJANGO_ENV=production refuses to
start without SECRET_KEY and ALLOWED_HOSTS.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(environ.Env().str("MIEUX_VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()
if (BASE_DIR / ".env").exists():
    env.read_env(str(BASE_DIR / ".env"))

DJANGO_ENV = env.str("DJANGO_ENV", default="development")
PRODUCTION = DJANGO_ENV == "production"

if PRODUCTION:
    missing = [name for name in ("SECRET_KEY", "ALLOWED_HOSTS") if not env.str(name, default="")]
    if missing:
        raise ImproperlyConfigured(
            f"DJANGO_ENV=production needs these environment variables: {', '.join(missing)}"
        )
    SECRET_KEY = env.str("SECRET_KEY")
    DEBUG = env.bool("DEBUG", default=False)
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
else:
    SECRET_KEY = env.str("SECRET_KEY", default="insecure-development-key-change-me-" + "x" * 20)
    DEBUG = env.bool("DEBUG", default=True)
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver", "[::1]"])

CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# How many reverse proxies (TLS terminator, load balancer) stand in front of gunicorn. The client's
# address is then the one that many entries from the right of X-Forwarded-For; every client-address
# decision (allauth's rate limits, the survey limit, logs) reads it from REMOTE_ADDR, which
# mieux.middleware.ClientAddressMiddleware sets. 0: no proxy, X-Forwarded-For is ignored.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

# --- applications ---------------------------------------------------------------------------
DJANGO_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]
THIRD_PARTY_APPS = [
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_countries",
    "django_htmx",
    "simple_history",
    "import_export",
    "rules.apps.AutodiscoverRulesConfig",
    "csp",
]
LOCAL_APPS = [
    "mieux.apps.MieuxConfig",
    "requests_app.apps.RequestsAppConfig",
    "actions.apps.ActionsConfig",
    "experts.apps.ExpertsConfig",
    "reporting.apps.ReportingConfig",
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

MIDDLEWARE = [
    "mieux.middleware.ClientAddressMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "mieux.csp.AdminStylesCSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "mieux.middleware.RequireMFAMiddleware",
    "mieux.middleware.UserLanguageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "mieux.urls"
WSGI_APPLICATION = "mieux.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "mieux.context_processors.portal",
            ],
        },
    }
]

# --- data -----------------------------------------------------------------------------------
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'mieux.sqlite3'}")}
DATABASES["default"].setdefault("ATOMIC_REQUESTS", False)
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # A longer busy timeout keeps the embedded default usable with in-process tasks and the dev server.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
IS_POSTGRES = "postgresql" in DATABASES["default"]["ENGINE"]

REDIS_URL = env.str("REDIS_URL", default="")
# The cache may live on its own Redis (CACHE_URL); by default it shares REDIS_URL with the broker. Either
# way it fails soft: short socket timeouts, an error is logged and the value recomputed, never a 500.
CACHE_URL = env.str("CACHE_URL", default=REDIS_URL)
CACHE_SOCKET_TIMEOUT = env.float("CACHE_SOCKET_TIMEOUT", default=0.25)
if CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "mieux.cache.FailSoftRedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default=""),
            "OPTIONS": {"socket_connect_timeout": CACHE_SOCKET_TIMEOUT, "socket_timeout": CACHE_SOCKET_TIMEOUT},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "mieux"}}

AUTH_USER_MODEL = "mieux.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # ASVS level 2: at least 12 characters, not a common password, not close to the user's name or e-mail.
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if env.bool("FAST_PASSWORD_HASHER", default=False):
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# --- accounts (django-allauth) --------------------------------------------------------------
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
# Sign-up also asks for the person's name (mieux.forms.SignupNameForm).
ACCOUNT_SIGNUP_FORM_CLASS = "mieux.forms.SignupNameForm"
# Following the link in the confirmation e-mail confirms the address and signs the person in.
ACCOUNT_CONFIRM_EMAIL_ON_GET = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = env.str("ACCOUNT_EMAIL_VERIFICATION", default="mandatory")
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_ADAPTER = "mieux.adapters.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[MIEUX+] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if PRODUCTION else "http"
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "start"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "MIEUX+"
# Staff, committee members and admins must set up TOTP before reaching their pages. On by default in
# production; the embedded demo leaves it off so a new user can click through without an app.
MFA_REQUIRED_FOR_PRIVILEGED = env.bool("MFA_REQUIRED_FOR_PRIVILEGED", default=PRODUCTION)

# --- internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("pt", _("Portuguese")),
    ("ar", _("Arabic")),
    ("ru", _("Russian")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# One date style per language (mieux/formats/): English in the European style, "3 Nov 2024".
FORMAT_MODULE_PATH = ["mieux.formats"]
TIME_ZONE = env.str("TIME_ZONE", default="Europe/Brussels")
USE_I18N = True
USE_TZ = True

# --- static and uploaded files --------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG and not PRODUCTION
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
# Request attachments, CVs and reports: never under a public URL, served only through views that
# check the user's right to the owning object.
PRIVATE_MEDIA_ROOT = Path(env.str("PRIVATE_MEDIA_ROOT", default=str(VAR_DIR / "private")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "mieux.storage.PrivateFileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
MAX_ATTACHMENT_BYTES = env.int("MAX_ATTACHMENT_BYTES", default=10 * 1024 * 1024)
MAX_ATTACHMENTS_PER_REQUEST = env.int("MAX_ATTACHMENTS_PER_REQUEST", default=10)

# --- mission logistics ------------------------------------------------------------------------
# Allowance rule: count the outbound and return travel days, the return day at this fraction of the rate.
MISSION_ALLOWANCE_COUNT_TRAVEL_DAYS = env.bool("MISSION_ALLOWANCE_COUNT_TRAVEL_DAYS", default=True)
MISSION_ALLOWANCE_RETURN_DAY_FRACTION = env.str("MISSION_ALLOWANCE_RETURN_DAY_FRACTION", default="0.5")
# Employer types whose experts are paid a daily fee for each working day of the activity.
MISSION_PAID_EMPLOYER_TYPES = env.list("MISSION_PAID_EMPLOYER_TYPES", default=["academia", "private"])
MISSION_DAILY_FEE_EUR = env.str("MISSION_DAILY_FEE_EUR", default="350.00")
# Employer types whose release letter staff need before confirming an expert.
MISSION_RELEASE_LETTER_EMPLOYER_TYPES = env.list(
    "MISSION_RELEASE_LETTER_EMPLOYER_TYPES", default=["eu_admin", "non_eu_admin"]
)
MISSION_REPORT_REMINDER_DAYS = env.int("MISSION_REPORT_REMINDER_DAYS", default=7)
MISSION_REPORT_MAX_REMINDERS = env.int("MISSION_REPORT_MAX_REMINDERS", default=3)
# A Unicode TrueType font (Latin, Cyrillic, Arabic) for the generated mission documents.
PDF_FONT_PATH = env.str("PDF_FONT_PATH", default="/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
PDF_FONT_BOLD_PATH = env.str("PDF_FONT_BOLD_PATH", default="/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")

# --- e-mail ---------------------------------------------------------------------------------
EMAIL_URL = env.str("EMAIL_URL", default="")
if EMAIL_URL:
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(VAR_DIR / "mail")
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="MIEUX+ <noreply@mieux-initiative.eu>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Celery ---------------------------------------------------------------------------------
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL or "memory://localhost/")
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not (REDIS_URL or env.str("CELERY_BROKER_URL", default="")))
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Publishing happens inside a user's request: short timeouts and no retry, the outbox resend catches up.
BROKER_TIMEOUT = env.float("BROKER_TIMEOUT", default=0.5)
CELERY_BROKER_CONNECTION_TIMEOUT = BROKER_TIMEOUT
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "max_retries": 0,
    "socket_connect_timeout": BROKER_TIMEOUT,
    "socket_timeout": BROKER_TIMEOUT,
    "socket_keepalive": True,
    "health_check_interval": 10,
}
CELERY_TASK_PUBLISH_RETRY = False
# Workers and beat reconnect forever after a broker outage (None = no limit).
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = False
# Outbox: a claim older than this is taken to be a dead worker's and the e-mail is sent again. It must
# exceed the longest send (EMAIL_TIMEOUT); each e-mail carries a stable Message-ID so a copy is recognisable.
OUTBOX_CLAIM_TIMEOUT_SECONDS = env.int("OUTBOX_CLAIM_TIMEOUT_SECONDS", default=120)
OUTBOX_RESEND_SECONDS = env.float("OUTBOX_RESEND_SECONDS", default=60.0)
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]

# --- security -------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if PRODUCTION:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # The internal health probe speaks plain HTTP to gunicorn; it must not be redirected to https.
    SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SILENCED_SYSTEM_CHECKS = []

MAP_TILE_URL = env.str("MAP_TILE_URL", default="")
MAP_TILE_ATTRIBUTION = env.str("MAP_TILE_ATTRIBUTION", default="")
_tile_origin = ""
if MAP_TILE_URL:
    from urllib.parse import urlsplit

    _parts = urlsplit(MAP_TILE_URL.replace("{s}", "*"))
    _tile_origin = f"{_parts.scheme}://{_parts.netloc}"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"] + ([_tile_origin] if _tile_origin else []),
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# --- domain settings ------------------------------------------------------------------------
# Dates anyone types (activities, availability, filters, calendar months) must fall in these years.
INPUT_YEAR_MIN = env.int("INPUT_YEAR_MIN", default=1990)
INPUT_YEAR_MAX = env.int("INPUT_YEAR_MAX", default=2100)
REVIEW_DEADLINE_WORKING_DAYS = env.int("REVIEW_DEADLINE_WORKING_DAYS", default=10)
REVIEW_REMINDER_DAYS_BEFORE = env.int("REVIEW_REMINDER_DAYS_BEFORE", default=3)
INFO_REQUEST_REMINDER_DAYS = env.int("INFO_REQUEST_REMINDER_DAYS", default=14)
DECISION_TARGET_DAYS = env.int("DECISION_TARGET_DAYS", default=30)
# The facility's own day: "days to decision" and deadlines are counted on its calendar dates.
FACILITY_TIME_ZONE = env.str("FACILITY_TIME_ZONE", default="Europe/Brussels")
# Public holidays skipped by working-day deadlines, from the `holidays` package: an ISO country code
# (optionally a subdivision), e.g. BE; or a financial calendar such as ECB (TARGET2 closing days).
HOLIDAY_CALENDAR = env.str("HOLIDAY_CALENDAR", default="BE")
HOLIDAY_SUBDIVISION = env.str("HOLIDAY_SUBDIVISION", default="")
# Days after an activity ends before its lead is reminded to record the delivery (actions app).
DELIVERY_REMINDER_DAYS_AFTER = env.int("DELIVERY_REMINDER_DAYS_AFTER", default=3)
# Recommended outcome: approve with at least this many opinions and no objection; any objection
# recommends rejection.
RECOMMENDATION_QUORUM = env.int("RECOMMENDATION_QUORUM", default=3)
RECOMMENDATION_REJECT_ON_OBJECTION = env.bool("RECOMMENDATION_REJECT_ON_OBJECTION", default=True)
NON_EU_EXPERT_TARGET = env.float("NON_EU_EXPERT_TARGET", default=1 / 3)
SURVEY_OPEN_DAYS = env.int("SURVEY_OPEN_DAYS", default=30)
# Per survey: answers from one address (a workshop behind one router) and from one browser.
SURVEY_RATE_LIMIT = env.str("SURVEY_RATE_LIMIT", default="100/h")
SURVEY_BROWSER_RATE_LIMIT = env.str("SURVEY_BROWSER_RATE_LIMIT", default="5/h")
# Without the cache no counter can be kept: limits then let requests through rather than refuse everyone.
RATELIMIT_FAIL_OPEN = True
KEY_FACTS_CACHE_SECONDS = env.int("KEY_FACTS_CACHE_SECONDS", default=60)
# The unfiltered open data files (GeoJSON, CSV, IATI), written in the background and served from here.
OPEN_DATA_DIR = Path(env.str("OPEN_DATA_DIR", default=str(VAR_DIR / "open-data")))
INVITATION_LINK_MAX_AGE_DAYS = env.int("INVITATION_LINK_MAX_AGE_DAYS", default=14)
# Version of the experts' privacy notice; consent records the version the expert accepted.
EXPERT_PRIVACY_NOTICE_VERSION = env.str("EXPERT_PRIVACY_NOTICE_VERSION", default="2024-1")
MATCHING_WEIGHTS = {
    "thematic": env.float("MATCHING_WEIGHT_THEMATIC", default=30.0),
    "language": env.float("MATCHING_WEIGHT_LANGUAGE", default=20.0),
    "experience": env.float("MATCHING_WEIGHT_EXPERIENCE", default=15.0),
    "feedback": env.float("MATCHING_WEIGHT_FEEDBACK", default=10.0),
    "diversity": env.float("MATCHING_WEIGHT_DIVERSITY", default=15.0),
    "workload": env.float("MATCHING_WEIGHT_WORKLOAD", default=10.0),
}
# The facility's own IATI organisation identifier. No real default: production refuses to start until
# it is set (system check mieux.E010); development uses a placeholder whose prefix (XX) is no
# registration agency, so no IATI validator can take it for a real organisation.
IATI_DEV_PLACEHOLDER_REF = "XX-NOT-SET-DEVELOPMENT-ONLY"
IATI_REPORTING_ORG_REF = env.str("IATI_REPORTING_ORG_REF", default="" if PRODUCTION else IATI_DEV_PLACEHOLDER_REF)
IATI_REPORTING_ORG_NAME = env.str("IATI_REPORTING_ORG_NAME", default="International Centre for Migration Policy Development")
IATI_REPORTING_ORG_TYPE = env.str("IATI_REPORTING_ORG_TYPE", default="40")
IATI_FUNDING_ORG_REF = env.str("IATI_FUNDING_ORG_REF", default="XI-IATI-EC_INTPA")
IATI_FUNDING_ORG_NAME = env.str("IATI_FUNDING_ORG_NAME", default="European Union")
IATI_IMPLEMENTING_ORG_REF = env.str("IATI_IMPLEMENTING_ORG_REF", default=IATI_REPORTING_ORG_REF)
IATI_IMPLEMENTING_ORG_NAME = env.str("IATI_IMPLEMENTING_ORG_NAME", default=IATI_REPORTING_ORG_NAME)
# Results and evidence: the partner's follow-up comes this many months after completion; an unanswered
# evaluation or follow-up is reminded once after this many days; the public home shows the follow-up
# "results used" rate only once it rests on at least this many answers.
FOLLOW_UP_MONTHS_AFTER_COMPLETION = env.int("FOLLOW_UP_MONTHS_AFTER_COMPLETION", default=6)
PARTNER_SURVEY_REMINDER_DAYS = env.int("PARTNER_SURVEY_REMINDER_DAYS", default=14)
FOLLOW_UP_PUBLIC_MIN_ANSWERS = env.int("FOLLOW_UP_PUBLIC_MIN_ANSWERS", default=10)
# IATI defaults of every activity, each a code of its codelist: 1 bilateral, 10 ODA, 110 standard
# grant, D02 other technical assistance, 5 untied; and the contact published with each activity.
IATI_COLLABORATION_TYPE = env.str("IATI_COLLABORATION_TYPE", default="1")
IATI_DEFAULT_FLOW_TYPE = env.str("IATI_DEFAULT_FLOW_TYPE", default="10")
IATI_DEFAULT_FINANCE_TYPE = env.str("IATI_DEFAULT_FINANCE_TYPE", default="110")
IATI_DEFAULT_AID_TYPE = env.str("IATI_DEFAULT_AID_TYPE", default="D02")
IATI_DEFAULT_TIED_STATUS = env.str("IATI_DEFAULT_TIED_STATUS", default="5")
IATI_CONTACT_TYPE = env.str("IATI_CONTACT_TYPE", default="1")
IATI_CONTACT_ORGANISATION = env.str("IATI_CONTACT_ORGANISATION", default="ICMPD – MIEUX+ team")
IATI_CONTACT_EMAIL = env.str("IATI_CONTACT_EMAIL", default="mieux@icmpd.org")
IATI_CONTACT_WEBSITE = env.str("IATI_CONTACT_WEBSITE", default="https://www.mieux-initiative.eu")
IATI_CONTACT_ADDRESS = env.str("IATI_CONTACT_ADDRESS", default="Gonzagagasse 1, 1010 Vienna, Austria")
DEMO_PASSWORD = env.str("DEMO_PASSWORD", default="mieux-demo-2026")

# Admin exports (roster CSV/XLSX): cells that would start a formula are neutralised by the library;
# the portal's own CSVs use mieux.spreadsheets for the same rule.
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
COUNTRIES_FIRST = []

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}
