"""Production refuses to start with unsafe settings.

Django's own deployment checks only *warn* about DEBUG or a weak SECRET_KEY. For Shisaku in
production (SHISAKU_ENV=production) these are errors: `shisaku check --deploy` exits non-zero,
`shisaku serve` runs the deployment checks before it starts gunicorn, and the WSGI application
(shisaku/wsgi.py) refuses to load, so no server can run with them.
"""

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _

# As Django's own security.W009: at least 50 characters, 5 different ones, no insecure prefix.
SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_UNIQUE_CHARACTERS = 5
SECRET_KEY_INSECURE_PREFIX = "django-insecure-"


def weak_secret_key(key) -> str:
    """Why the key is not fit for production, or '' when it is."""
    if not key:
        return _("SECRET_KEY が設定されていません。")
    key = str(key)
    if key.startswith(SECRET_KEY_INSECURE_PREFIX):
        return _("SECRET_KEY が開発用の既定値（django-insecure-）のままです。")
    if len(key) < SECRET_KEY_MIN_LENGTH:
        return _("SECRET_KEY が短すぎます（%(length)d 文字。%(minimum)d 文字以上必要です）。") % {
            "length": len(key), "minimum": SECRET_KEY_MIN_LENGTH}
    if len(set(key)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS:
        return _("SECRET_KEY に使われている文字の種類が少なすぎます（%(unique)d 種類。"
                 "%(minimum)d 種類以上必要です）。") % {
            "unique": len(set(key)), "minimum": SECRET_KEY_MIN_UNIQUE_CHARACTERS}
    return ""


def production_errors() -> list[checks.Error]:
    """The settings that make a production server unsafe to start (empty outside production)."""
    if not getattr(settings, "PRODUCTION", False):
        return []
    errors = []
    if settings.DEBUG:
        errors.append(checks.Error(
            _("本番環境（SHISAKU_ENV=production）で DEBUG が有効です。"),
            hint=_("環境変数 DEBUG を外すか false にしてください。DEBUG はエラー時に設定値や"
                   "ソースコードを画面に表示します。"),
            id="shisaku.E001",
        ))
    try:
        key = settings.SECRET_KEY
    except ImproperlyConfigured:  # Django refuses to hand out an empty key
        key = ""
    reason = weak_secret_key(key)
    if reason:
        errors.append(checks.Error(
            reason,
            hint=_("50 文字以上のランダムな値を環境変数 SECRET_KEY に設定してください（例: python "
                   "-c \"import secrets; print(secrets.token_urlsafe(64))\"）。"),
            id="shisaku.E002",
        ))
    if not settings.ALLOWED_HOSTS:
        errors.append(checks.Error(
            _("本番環境で ALLOWED_HOSTS が空です。"),
            hint=_("環境変数 ALLOWED_HOSTS にサーバーのホスト名をカンマ区切りで設定してください。"),
            id="shisaku.E003",
        ))
    return errors


@checks.register(checks.Tags.security, deploy=True)
def check_production_settings(app_configs=None, **kwargs):
    return production_errors()
