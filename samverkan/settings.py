"""Samverkan's one settings module, read from the environment (see `.env.example`).

With no environment at all it runs on a SQLite file in the project folder.
"""

from pathlib import Path

import dj_database_url
import django_stubs_ext
from django.utils.csp import CSP  # type: ignore[attr-defined]
from django.utils.translation import gettext_lazy as _

from samverkan.lib.env import (
    DEVELOPMENT_SECRET_KEY,
    env_bool,
    env_int,
    env_list,
    env_networks,
    env_proxy_ssl_header,
    env_str,
)

django_stubs_ext.monkeypatch()  # lets ModelAdmin[...] and QuerySet[...] subscript at run time

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("SAMVERKAN_DEBUG", False)
DEMO_MODE = env_bool("SAMVERKAN_DEMO", False)
# Without a secret of its own, signed links and sessions would be forgeable. Commands, tests and
# `make run` may use the development key; serving for real (samverkan.wsgi, i.e. gunicorn)
# refuses to start with it unless debug or demo mode is on (see `require_production_secret`).
SECRET_KEY = env_str("SAMVERKAN_SECRET_KEY", "") or DEVELOPMENT_SECRET_KEY

ALLOWED_HOSTS = env_list("SAMVERKAN_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("SAMVERKAN_CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SAMVERKAN_SITE_URL", "http://127.0.0.1:8000")
# Reverse proxies whose X-Forwarded-For is believed (addresses or networks); the client address
# is the right-most hop that is not one of them (samverkan/lib/client_address.py). Empty: the
# direct peer is the client.
TRUSTED_PROXIES = env_networks("SAMVERKAN_TRUSTED_PROXIES", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_htmx",
    # template components (<c-button>, <c-field> …); settings below, so Cotton does not rewrite them
    "django_cotton.apps.SimpleAppConfig",
    "django_tasks_db",
    "ninja",
    "samverkan.lib",
    "samverkan.audit",
    "samverkan.collaborations",
    "samverkan.accounts",
    "samverkan.organisations",
    "samverkan.agreement",
    "samverkan.meetings",
    "samverkan.plans",
    "samverkan.finance",
    "samverkan.events",
    "samverkan.desk",
    "samverkan.pages",
    "samverkan.api",
    "samverkan.perf",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "samverkan.lib.middleware.NoNulMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "samverkan.accounts.middleware.RequireTwoFactorMiddleware",
    "samverkan.accounts.middleware.AnonymousWritesLogInFirstMiddleware",
]

ROOT_URLCONF = "samverkan.urls"
FORM_RENDERER = "samverkan.lib.form_renderer.FormRenderer"
WSGI_APPLICATION = "samverkan.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "OPTIONS": {
            "loaders": [
                (
                    "django.template.loaders.cached.Loader",
                    [
                        "django_cotton.cotton_loader.Loader",
                        "django.template.loaders.filesystem.Loader",
                        "django.template.loaders.app_directories.Loader",
                    ],
                )
            ],
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "samverkan.pages.context_processors.site",
            ],
            "builtins": [
                "django_cotton.templatetags.cotton",
                "samverkan.lib.templatetags.swedish",
                "samverkan.lib.templatetags.components",
                "samverkan.accounts.templatetags.access",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'samverkan.sqlite3'}"),
        conn_max_age=env_int("SAMVERKAN_DB_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Two users saving at once: every transaction takes the write lock when it begins (IMMEDIATE),
    # so none fails upgrading a read to a write; a writer waits up to the busy timeout (seconds)
    # for the other; and WAL lets readers go on while one writes.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": env_int("SAMVERKAN_SQLITE_TIMEOUT", 20),
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Background work (e-mail send-outs): Django's tasks framework with the database backend; run
# the worker with `samverkan db_worker` (make run starts one).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
CONFIRMATION_LINK_DAYS = env_int("SAMVERKAN_CONFIRMATION_LINK_DAYS", 30)
# How long a signatory's e-mail link to approve minutes works (a reminder brings a fresh one).
APPROVAL_LINK_DAYS = env_int("SAMVERKAN_APPROVAL_LINK_DAYS", 30)
# How many registrations for events one network may make in an hour without logging in (one
# IPv4 address, or an IPv6 /64; samverkan.lib.throttle); 0: no limit. A municipality's office is
# one network: a large course announced to all its inspectors stays well inside 50.
EVENT_REGISTRATIONS_PER_HOUR = env_int("SAMVERKAN_EVENT_REGISTRATIONS_PER_HOUR", 50, minimum=0)
# Minutes after a change of an event's sessions before its registrants are told (several
# changes within them make one e-mail); 0: at once.
EVENT_CHANGE_NOTICE_MINUTES = env_int("SAMVERKAN_EVENT_CHANGE_NOTICE_MINUTES", 10, minimum=0)

# One process: the cache lives in its memory. Several web processes (docs/deployment.md) share
# one Redis: the cache, the login rate limits (allauth counts attempts in the cache) and the
# sessions, read from Redis and written through to the database (cached_db), so a login made on
# one process holds on the next and survives a Redis restart.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if env_str("REDIS_URL", ""):
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env_str("REDIS_URL", ""),
        "KEY_PREFIX": env_str("SAMVERKAN_CACHE_PREFIX", "samverkan"),
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["samverkan.accounts.backends.SamverkanAuthenticationBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "desk"  # Att göra: what the person has to do now

# django-allauth: login by username or e-mail, reset by e-mail, no open sign-up.
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_ADAPTER = "samverkan.accounts.adapters.AccountAdapter"
ACCOUNT_FORMS = {"login": "samverkan.accounts.forms.LoginForm"}
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
# Failed logins are limited per account (5 in 5 minutes, whether it is named by username or
# e-mail: AccountAdapter._get_login_attempts_cache_key) and per client address (20 in 5 minutes,
# so one person behind a shared address does not lock out the others); the address is the
# client's behind TRUSTED_PROXIES (AccountAdapter.get_client_ip).
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "20/5m/ip,5/5m/key",
    "reset_password": "20/m/ip,5/m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Samverkan"

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Svenska")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Stockholm"
FORMAT_MODULE_PATH = ["samverkan.formats"]

# Uploaded documents (agenda attachments) are never served as static files; views check access.
MEDIA_ROOT = Path(env_str("SAMVERKAN_MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "/media/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or env_bool("SAMVERKAN_PLAIN_STATIC", False)
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = True
# files a browser asks for at the site's root (favicon.ico)
WHITENOISE_ROOT = BASE_DIR / "static" / "root"
WHITENOISE_MANIFEST_STRICT = False

EMAIL_BACKEND = env_str("SAMVERKAN_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("SAMVERKAN_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("SAMVERKAN_EMAIL_PORT", 25)
DEFAULT_FROM_EMAIL = env_str("SAMVERKAN_FROM_EMAIL", "samverkan@localhost")

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SESSION_COOKIE_SECURE = env_bool("SAMVERKAN_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# HTTPS in production (docs/security.md, "Production configuration"): redirect plain HTTP,
# except the health check, which load balancers call on the plain port; believe the proxy's
# header that a request came over HTTPS; and HSTS.
SECURE_SSL_REDIRECT = env_bool("SAMVERKAN_SSL_REDIRECT", False)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_PROXY_SSL_HEADER = env_proxy_ssl_header("SAMVERKAN_PROXY_SSL_HEADER")
SECURE_HSTS_SECONDS = env_int("SAMVERKAN_HSTS_SECONDS", 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SAMVERKAN_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SAMVERKAN_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("SAMVERKAN_LOG_LEVEL", "WARNING")},
}
