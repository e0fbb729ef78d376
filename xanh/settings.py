"""Django settings for xanh. Every operator-facing setting comes from the environment (xanh/env.py)."""

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from xanh.env import SettingError, data_dir, env_bool, env_int, env_list, env_str, secret_key

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = data_dir(BASE_DIR)

SECRET_KEY = secret_key(VAR_DIR)
DEBUG = env_bool("XANH_DEBUG", False)
ALLOWED_HOSTS = env_list("XANH_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("XANH_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "xanh.core",
    "xanh.organizations",
    "xanh.plans",
    "xanh.reporting",
    "xanh.indicators",
    "xanh.documents",
    "xanh.portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "xanh.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "xanh.urls"
WSGI_APPLICATION = "xanh.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "xanh" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "xanh.core.context.roles",
            ],
        },
    },
]

_default_db = f"sqlite:///{VAR_DIR / 'xanh.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(env_str("DATABASE_URL", _default_db), conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers work while a report is being saved; IMMEDIATE takes the write
        # lock at BEGIN so concurrent writers queue instead of failing half-way.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DATABASES["default"]["TEST"] = {"NAME": env_str("XANH_TEST_DATABASE_NAME", "") or None}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "xanh" / "locale"]
TIME_ZONE = env_str("XANH_TIME_ZONE", "Asia/Ho_Chi_Minh")
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["xanh.formats"]
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Static files are served straight from the app folders, so `xanh serve` needs no collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = VAR_DIR / "uploads"

# Uploads (plan files, member lists) are read in memory and refused above this size.
XANH_MAX_UPLOAD_BYTES = env_int("XANH_MAX_UPLOAD_MB", 20) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = XANH_MAX_UPLOAD_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = XANH_MAX_UPLOAD_BYTES + 1024 * 1024

# Notifications and reminders go out as e-mail through Django's mail settings.
XANH_SEND_MAIL = env_bool("XANH_SEND_MAIL", True)
# Links in mails point here (the address officers open in their browser).
XANH_BASE_URL = env_str("XANH_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
# The embedded default writes each mail as a file under XANH_DATA_DIR/mail (nothing lost, an
# operator can read them); a server sets XANH_EMAIL_BACKEND=smtp and the XANH_EMAIL_* below.
_MAIL_BACKENDS = {name: f"django.core.mail.backends.{name}.EmailBackend"
                  for name in ("smtp", "console", "locmem", "dummy")} | {
    "file": "django.core.mail.backends.filebased.EmailBackend"}
EMAIL_BACKEND = env_str("XANH_EMAIL_BACKEND", "file")
if "." not in EMAIL_BACKEND:
    if EMAIL_BACKEND not in _MAIL_BACKENDS:
        raise SettingError(f"XANH_EMAIL_BACKEND={EMAIL_BACKEND!r}: expected one of {', '.join(_MAIL_BACKENDS)} "
                           "or a dotted path to a Django e-mail backend")
    EMAIL_BACKEND = _MAIL_BACKENDS[EMAIL_BACKEND]
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_HOST = env_str("XANH_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("XANH_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("XANH_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = env_str("XANH_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("XANH_EMAIL_TLS", False)
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = env_str("XANH_EMAIL_FROM", "xanh <xanh@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Background jobs (mails, scheduled reminders): `xanh serve` runs the worker in a thread so a
# laptop needs one process; a server turns this off and runs `xanh worker` beside it.
XANH_RUN_WORKER_IN_SERVER = env_bool("XANH_RUN_WORKER_IN_SERVER", True)
# LibreOffice converts the provincial reports to PDF: its `soffice` program, found on the PATH
# when this is empty. Without it, PDF is not offered (DOCX and XLSX still are).
XANH_SOFFICE = env_str("XANH_SOFFICE", "")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("XANH_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("XANH_LOG_LEVEL", "WARNING")},
}
