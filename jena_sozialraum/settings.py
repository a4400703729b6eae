"""Settings for the Sozialraum-Portal Jena, read from the environment.

Every variable is documented in .env.example. Without any variable the portal runs in
development mode against the project-local PostGIS server that `make run` starts.
"""

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from jena_sozialraum.env import env_bool, env_int, env_list, env_required, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", default=True)

if DEBUG:
    SECRET_KEY = env_str("DJANGO_SECRET_KEY", "dev-only-insecure-key-never-use-in-production")
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
else:
    _why = "when DJANGO_DEBUG=false (production)"
    SECRET_KEY = env_required("DJANGO_SECRET_KEY", _why)
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [])
    if not ALLOWED_HOSTS:
        env_required("ALLOWED_HOSTS", _why)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.gis",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "rest_framework",
    # API keys of providers (/konto/api-schluessel/), for /api/v1/eigene-angebote/.
    "rest_framework.authtoken",
    "django_filters",
    "leaflet",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "simple_history",
    "sozialraeume",
    "angebote",
    "budgets",
]

MIDDLEWARE = [
    # Outermost, so it stores the final (compressed, Vary-complete) response; see CACHES.
    "django.middleware.cache.UpdateCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Compresses pages and API responses (the offers GeoJSON shrinks about tenfold) for slow
    # mobile connections. Django's GZipMiddleware pads responses against BREACH.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Records who made each change in the audit trail (django-simple-history).
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.cache.FetchFromCacheMiddleware",
    # Last, as django-axes requires: turns a locked-out login attempt into the lockout page.
    "axes.middleware.AxesMiddleware",
]

if not DEBUG:
    # Production serves static files itself (compressed, cache-busted); in development
    # runserver and the test live server serve them from the apps and static/.
    MIDDLEWARE.insert(3, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "jena_sozialraum.urls"
WSGI_APPLICATION = "jena_sozialraum.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "jena_sozialraum.context_processors.site",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
# Default: the project-local PostgreSQL/PostGIS server started by `make run` / `make test`,
# reached through a Unix socket inside the project (.pg/run), so it never clashes with a
# system server. DATABASE_URL (e.g. postgis://user:pass@host:5432/name) points elsewhere.
LOCAL_DB_SOCKET_DIR = BASE_DIR / ".pg" / "run"
_database_url = env_str("DATABASE_URL")
if _database_url:
    DATABASES = {
        "default": dj_database_url.parse(
            _database_url,
            engine="django.contrib.gis.db.backends.postgis",
            conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        )
    }
elif DEBUG:
    DATABASES = {
        "default": {
            "ENGINE": "django.contrib.gis.db.backends.postgis",
            "NAME": env_str("LOCAL_DB_NAME", "jena_sozialraum"),
            "USER": "jena",
            "HOST": str(LOCAL_DB_SOCKET_DIR),
            "PORT": str(env_int("LOCAL_DB_PORT", 5432)),
        }
    }
else:
    env_required("DATABASE_URL", "when DJANGO_DEBUG=false (production)")

# Per-connection server settings: the word similarity from which a title word counts as a typo
# of the search word (pg_trgm's %> operator, angebote/filters.py), and no parallel workers,
# which cost more than they save for the portal's small queries on a few cores.
TYPO_SIMILARITY = 0.5
DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
    f"-c pg_trgm.word_similarity_threshold={TYPO_SIMILARITY} -c max_parallel_workers_per_gather=0"
)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Accounts log in with their e-mail address (sozialraeume.User).
AUTH_USER_MODEL = "sozialraeume.User"

# --- Accounts -------------------------------------------------------------------------------
# django-axes checks every login for a lockout first; ModelBackend then checks the password.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "konto:anmelden"
LOGIN_REDIRECT_URL = "bereich:uebersicht"
LOGOUT_REDIRECT_URL = "home"
# Days an invitation link to join an actor stays valid.
INVITATION_DAYS = env_int("INVITATION_DAYS", 14)
# Freshness of offers: remind providers after FRESHNESS_REMIND_DAYS without a check, hide the
# offer from the public after FRESHNESS_HIDE_DAYS; the "still current" link in the reminder
# stays valid FRESHNESS_LINK_DAYS.
FRESHNESS_REMIND_DAYS = env_int("FRESHNESS_REMIND_DAYS", 180)
FRESHNESS_HIDE_DAYS = env_int("FRESHNESS_HIDE_DAYS", 365)
FRESHNESS_LINK_DAYS = env_int("FRESHNESS_LINK_DAYS", 30)
# Residents may send at most REPORT_RATE_LIMIT problem reports per hour from one IP address
# (REMOTE_ADDR; behind a proxy the server must set it to the client's address).
REPORT_RATE_LIMIT = env_int("REPORT_RATE_LIMIT", 5)
# Ideen-Melder, per IP address and hour like REPORT_RATE_LIMIT: new ideas, and supports of ideas
# (each browser supports an idea once; the limit stops a script that drops its cookie). Abuse
# reports on ideas share REPORT_RATE_LIMIT.
IDEA_RATE_LIMIT = env_int("IDEA_RATE_LIMIT", 3)
IDEA_SUPPORT_RATE_LIMIT = env_int("IDEA_SUPPORT_RATE_LIMIT", 30)
# Room requests without an account, per IP address and hour (each sends a confirmation link).
ROOM_REQUEST_RATE_LIMIT = env_int("ROOM_REQUEST_RATE_LIMIT", 5)
# The keyed IP hashes behind these limits are needed for an hour; `manage.py forget_ip_hashes`
# (daily) empties those older than IP_HASH_KEEP_DAYS (the privacy page says 7 days).
IP_HASH_KEEP_DAYS = env_int("IP_HASH_KEEP_DAYS", 7)
# Absolute links in e-mails sent outside a request (send_reminders), without a trailing slash.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Lock an address for an hour after repeated failed logins from one IP address. The client IP
# is REMOTE_ADDR only (axes' default), so a forged X-Forwarded-For cannot dodge the lock.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
# Addresses are case-insensitive at login, so the lock must be too.
AXES_USERNAME_CALLABLE = "sozialraeume.auth.axes_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "konto/gesperrt.html"

# --- Caches -----------------------------------------------------------------------------------
# Public pages and API answers are the same for every anonymous visitor and change only when
# data changes, so production keeps whole responses for PAGE_CACHE_SECONDS in a file cache that
# all gunicorn workers share; every change of offers, actors or places clears it
# (jena_sozialraum/page_cache.py). Responses that set or vary by a cookie (forms with CSRF
# tokens, logged-in users) are never shared: Django's cache middleware skips them.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {
        "BACKEND": "jena_sozialraum.page_cache.PageFileCache",
        "LOCATION": env_str("PAGE_CACHE_DIR", str(BASE_DIR / ".cache" / "pages")),
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    },
}
CACHE_MIDDLEWARE_ALIAS = "pages"
CACHE_MIDDLEWARE_KEY_PREFIX = "p1"
CACHE_MIDDLEWARE_SECONDS = env_int("PAGE_CACHE_SECONDS", 0 if DEBUG else 300)

# Languages an offer can be held in (ISO 639-1/-3 codes), for the `sprache` filter.
OFFER_LANGUAGES = [
    ("de", _("Deutsch")),
    ("en", _("Englisch")),
    ("ar", _("Arabisch")),
    ("uk", _("Ukrainisch")),
    ("ru", _("Russisch")),
    ("tr", _("Türkisch")),
    ("fa", _("Persisch")),
    ("ku", _("Kurdisch")),
    ("pl", _("Polnisch")),
    ("vi", _("Vietnamesisch")),
    ("fr", _("Französisch")),
    ("es", _("Spanisch")),
    ("gsg", _("Deutsche Gebärdensprache")),
]

# Storage SRID for all geometries: WGS84, what the source data and Leaflet use. Lengths and
# areas are computed on the geography type (metres), never in degrees.
GEO_SRID = 4326

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Language and time ----------------------------------------------------------------------
LANGUAGE_CODE = "de"
# Day-first dates and the 24-hour clock on English pages too (formats/en/formats.py).
FORMAT_MODULE_PATH = ["jena_sozialraum.formats"]
LANGUAGES = [("de", _("Deutsch")), ("en", _("Englisch"))]
# The language switch names each language in itself, so a reader finds their own.
LANGUAGE_NAMES_NATIVE = [("de", "Deutsch"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
FIXTURE_DIRS = [BASE_DIR / "fixtures"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

# --- Static files ---------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Uploads (room photos). In development Django serves them; in production the web server
# serves MEDIA_ROOT under MEDIA_URL (see README).
MEDIA_URL = "media/"
MEDIA_ROOT = env_str("MEDIA_ROOT", str(BASE_DIR / "media"))
IMAGE_MAX_BYTES = env_int("IMAGE_MAX_BYTES", 5 * 1024 * 1024)
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- E-mail ---------------------------------------------------------------------------------
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "sozialraumportal@localhost")

# --- Security in production -----------------------------------------------------------------
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    if env_bool("BEHIND_TLS_PROXY", default=False):
        # Only trust this header when a proxy in front of gunicorn sets (and strips) it.
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Debian 12 ships GDAL 3.6; Django warns (gis.W001) that GDAL before 3.9 cannot block file and
# network access while it resolves spatial reference definitions, so a malicious SRS string could
# make GDAL read files or fetch URLs. The portal never builds a spatial reference from outside
# input: every geometry is stored and served in the fixed GEO_SRID, the API accepts no SRID or CRS
# parameter, and the GeoJSON import drops any "crs" member before GDAL sees a geometry. With no
# attacker-controlled SRS reaching GDAL, the warning does not apply here.
SILENCED_SYSTEM_CHECKS = ["gis.W001"]

# --- Logging: errors to stderr, so gunicorn and systemd collect them --------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

# --- Map ------------------------------------------------------------------------------------
# The only third-party request a page may make is to this tile server. An empty
# MAP_TILE_URL draws the map without a background layer.
MAP_TILE_URL = env_str("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
# The same on German and English pages, so without the word "contributors"; OpenStreetMap's
# attribution guidelines accept "© OpenStreetMap" linked to its copyright page.
MAP_TILE_ATTRIBUTION = env_str(
    "MAP_TILE_ATTRIBUTION",
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
)
# Attribution of the district geometry and population figures (../shared/data/jena/README.md).
GEODATA_ATTRIBUTION = _("Statistische Bezirke und Einwohnerzahlen: Stadt Jena, Stand 2017")

LEAFLET_CONFIG = {
    "DEFAULT_CENTER": (50.9105, 11.5850),
    "DEFAULT_ZOOM": 11,
    "MIN_ZOOM": 9,
    "MAX_ZOOM": 18,
    "RESET_VIEW": False,
    "TILES": [("OpenStreetMap", MAP_TILE_URL, {"attribution": MAP_TILE_ATTRIBUTION})]
    if MAP_TILE_URL
    else [],
    "ATTRIBUTION_PREFIX": "Leaflet",
}

# --- API ------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # Token first: a request without credentials then gets 401 with "WWW-Authenticate: Token".
    # Session authentication (the logged-in browser) enforces CSRF on writes.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Sozialraum-Portal Jena API",
    "DESCRIPTION": (
        "Open data of the Sozialraum-Portal Jena: social spaces (Sozialräume), statistical "
        "districts (Bezirke), actors and offers, read-only. Geometries are GeoJSON in WGS84 "
        "(EPSG:4326). Providers manage their own offers under /api/v1/eigene-angebote/ with "
        "`Authorization: Token <key>` (key from /konto/api-schluessel/)."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Deep links put a link inside each operation's toggle button (nested interactive
    # controls, an axe violation); operations stay reachable through the page's headings.
    "SWAGGER_UI_SETTINGS": {"deepLinking": False, "syntaxHighlight": False},
}
