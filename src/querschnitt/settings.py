"""Settings for Querschnitt, read from environment variables.

Without any variable set, this is the embedded setup of `make run`: SQLite in WAL mode under
`var/`, mail to the console, debug off. `QS_PRODUCTION=1` switches on everything
`manage.py check --deploy` asks for.
"""

from pathlib import Path

from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from querschnitt.env import database_from_url, env_bool, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("QS_VAR_DIR", str(BASE_DIR / "var")))

PRODUCTION = env_bool("QS_PRODUCTION")
DEBUG = env_bool("QS_DEBUG")
SECRET_KEY = env_str("QS_SECRET_KEY") or (
    "insecure-development-key-only-for-make-run-and-tests-0123456789abcdef"
)
if PRODUCTION and SECRET_KEY.startswith("insecure"):
    raise RuntimeError("QS_SECRET_KEY must be set when QS_PRODUCTION=1")

ALLOWED_HOSTS = env_list("QS_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("QS_CSRF_TRUSTED_ORIGINS", [])
BENCHMARK_VIEWS = env_bool("QS_BENCHMARK_VIEWS")
# The whole-page cache of anonymous public pages (core/page_cache.py); off only to measure
# rendering (`make bench`).
PAGE_CACHE = env_bool("QS_PAGE_CACHE", True)

INSTALLED_APPS = [
    "querschnitt.core",
    "querschnitt.accounts",
    "querschnitt.portal",
    "querschnitt.strategy",
    "querschnitt.network",
    "querschnitt.bodies",
    "querschnitt.events",
    "querschnitt.monitoring",
    "querschnitt.measures",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_htmx",
    "django_tasks_db",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "querschnitt.core.middleware.MunicipalityMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Django's AuthenticationMiddleware and django-otp's OTPMiddleware, in one read
    "querschnitt.accounts.signed_in.SignedInMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "querschnitt.urls"
WSGI_APPLICATION = "querschnitt.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                # Django's CSRF token, drawn faster (after Django's own processor, always first)
                "querschnitt.core.csrf.csrf",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "querschnitt.core.context_processors.platform",
            ],
            "builtins": ["querschnitt.core.templatetags.querschnitt"],
        },
    }
]

DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'querschnitt.sqlite3'}")
if DATABASE_URL.startswith("sqlite"):
    VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {"default": database_from_url(DATABASE_URL, BASE_DIR)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": {
        "BACKEND": env_str("QS_CACHE_BACKEND", "django.core.cache.backends.locmem.LocMemCache"),
        "LOCATION": env_str("QS_CACHE_LOCATION", "querschnitt"),
    }
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3
LOGIN_URL = "portal:municipality_list"

SESSION_ENGINE = "querschnitt.accounts.sessions"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 10
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "querschnitt.core.views.errors.csrf_failure"

# Sign-in throttling: five failures for one account from one address lock it for 15 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "querschnitt.accounts.views.signin.locked_out"
AXES_VERBOSE = False
# Trusted reverse proxies in front of the application servers (for the client's address).
PROXY_COUNT = int(env_str("QS_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "querschnitt.core.ratelimit.client_address"

OTP_TOTP_ISSUER = "Querschnitt"
OTP_TOTP_THROTTLE_FACTOR = 1

LANGUAGE_CODE = "de"
LANGUAGES = [
    ("de", _("German")),
    ("en", _("English")),
    ("ar", _("Arabic")),
    ("fa", _("Persian")),
    ("tr", _("Turkish")),
    ("uk", _("Ukrainian")),
]
LANGUAGES_BIDI = ["ar", "fa", "he", "ur"]
LOCALE_PATHS = [BASE_DIR / "src" / "querschnitt" / "locale"]
LANGUAGE_COOKIE_NAME = "qs_language"
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# Uploaded files: on disk under $QS_VAR_DIR/media (embedded setup), or in an S3-compatible
# bucket (QS_STORAGE=s3); never served as a directory, always through a view (`core.files`).
STORAGE = env_str("QS_STORAGE") or "local"
if STORAGE not in {"local", "s3"}:
    raise RuntimeError("QS_STORAGE must be 'local' or 's3'")
S3_BUCKET = env_str("QS_S3_BUCKET")
S3_ENDPOINT_URL = env_str("QS_S3_ENDPOINT_URL")
S3_URL_SECONDS = int(env_str("QS_S3_URL_SECONDS", "300"))
if STORAGE == "s3" and not S3_BUCKET:
    raise RuntimeError("QS_S3_BUCKET must be set when QS_STORAGE=s3")
FILE_STORAGE: dict[str, object] = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
if STORAGE == "s3":
    FILE_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": S3_ENDPOINT_URL or None,
            "region_name": env_str("QS_S3_REGION") or None,
            "access_key": env_str("QS_S3_ACCESS_KEY_ID") or None,
            "secret_key": env_str("QS_S3_SECRET_ACCESS_KEY") or None,
            "location": env_str("QS_S3_PREFIX"),
            "addressing_style": env_str("QS_S3_ADDRESSING_STYLE") or None,
            "signature_version": "s3v4",
            # Private objects; the application hands out signed addresses that expire.
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": S3_URL_SECONDS,
            "file_overwrite": False,
            "object_parameters": {"CacheControl": "private, max-age=300"},
        },
    }
STORAGES = {
    "default": FILE_STORAGE,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION or env_bool("QS_MANIFEST_STATIC")
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Without collected, hashed files (tests, a quick `runserver`), serve straight from the apps.
WHITENOISE_USE_FINDERS = not (PRODUCTION or env_bool("QS_MANIFEST_STATIC"))
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"

# Request bodies: form fields up to 2.5 MB are read into memory, larger ones refused (400);
# uploaded files above 2.5 MB go to a temporary file instead of memory. Each upload form
# checks its own limit while the file arrives (the import: 10 MB); the proxy's
# client_max_body_size caps every request (docs/deployment.md).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FILES = 10
# Retention of platform data, the same for every municipality (`core.retention`); each
# municipality sets the periods of its own data in the staff area.
RETENTION_TASK_RESULTS_DAYS = int(env_str("QS_RETENTION_TASK_RESULTS_DAYS", "14"))
RETENTION_SIGNIN_LOG_DAYS = int(env_str("QS_RETENTION_SIGNIN_LOG_DAYS", "90"))

# Every e-mail goes through a background task ("default" enqueues it); the worker delivers
# it with the "delivery" mailer: the console by default, a file or SMTP by QS_EMAIL_BACKEND.
EMAIL_DELIVERY_BACKEND = env_str(
    "QS_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
EMAIL_DELIVERY_OPTIONS: dict[str, object] = {}
if EMAIL_DELIVERY_BACKEND.endswith("smtp.EmailBackend"):
    EMAIL_DELIVERY_OPTIONS = {
        "host": env_str("QS_EMAIL_HOST", "localhost"),
        "port": int(env_str("QS_EMAIL_PORT", "25")),
        "username": env_str("QS_EMAIL_HOST_USER"),
        "password": env_str("QS_EMAIL_HOST_PASSWORD"),
        "use_tls": env_bool("QS_EMAIL_USE_TLS"),
        "use_ssl": env_bool("QS_EMAIL_USE_SSL"),
        "timeout": int(env_str("QS_EMAIL_TIMEOUT", "20")),
    }
elif EMAIL_DELIVERY_BACKEND.endswith("filebased.EmailBackend"):
    EMAIL_DELIVERY_OPTIONS = {"file_path": str(VAR_DIR / "mail")}
MAILERS = {
    "default": {"BACKEND": "querschnitt.core.mail.TaskEmailBackend"},
    "delivery": {"BACKEND": EMAIL_DELIVERY_BACKEND, "OPTIONS": EMAIL_DELIVERY_OPTIONS},
}
# Scheme and host of this deployment, for links in e-mails that no request prompts (periodic
# jobs such as the subscribers' news).
PUBLIC_BASE_URL = env_str("QS_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")
DEFAULT_FROM_EMAIL = env_str("QS_DEFAULT_FROM_EMAIL", "Querschnitt <noreply@querschnitt.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

TASKS = {
    "default": {
        "BACKEND": env_str("QS_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

SECURE_CSP: dict[str, list[str]] = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
# Map of the directory: a tile URL with {z}/{x}/{y} (optionally {s}); empty = no map, the
# list works alone. The tile host is added to the CSP's img-src.
# Importing external calendars (events): time and size limits of one fetch; private
# addresses (the deployment's own network) are refused unless allowed here.
EVENTS_IMPORT_TIMEOUT = int(env_str("QS_EVENTS_IMPORT_TIMEOUT", "10"))
EVENTS_IMPORT_MAX_BYTES = int(env_str("QS_EVENTS_IMPORT_MAX_BYTES", "5000000"))
EVENTS_IMPORT_PRIVATE_ADDRESSES = env_bool("QS_EVENTS_IMPORT_PRIVATE_ADDRESSES")
# Registrations for events from one client address within ten minutes.
EVENTS_REGISTRATIONS_PER_ADDRESS = int(env_str("QS_EVENTS_REGISTRATIONS_PER_ADDRESS", "20"))
MAP_TILE_URL = env_str("QS_MAP_TILE_URL", "")
MAP_TILE_ATTRIBUTION = env_str("QS_MAP_TILE_ATTRIBUTION", "© OpenStreetMap contributors")
if STORAGE == "s3":
    # Files are fetched from the bucket by signed redirects: images must be allowed there.
    from urllib.parse import urlsplit

    _bucket = urlsplit(S3_ENDPOINT_URL or "https://s3.amazonaws.com")
    SECURE_CSP["img-src"] += [
        f"{_bucket.scheme}://{_bucket.netloc}",
        f"{_bucket.scheme}://*.{_bucket.netloc}",
    ]
if MAP_TILE_URL.startswith(("https://", "http://")):
    from urllib.parse import urlsplit

    _tiles = urlsplit(MAP_TILE_URL.replace("{s}", "*"))
    SECURE_CSP["img-src"].append(f"{_tiles.scheme}://{_tiles.netloc}")

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("QS_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "permission_denied_one_line": {"()": "querschnitt.core.log_filters.PermissionDeniedOneLine"}
    },
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("QS_LOG_LEVEL", "WARNING")},
    "loggers": {
        "django.request": {"filters": ["permission_denied_one_line"]},
        "django.tasks": {"level": "INFO"},
        "django_tasks_db": {"level": "INFO"},
    },
}
