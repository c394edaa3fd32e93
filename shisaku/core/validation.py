"""Input hygiene shared by forms and models: one rule for control characters.

A text refuses C0 control characters other than tab and line feed (a carriage return only
inside CRLF, as browsers send it) and DEL: `reject_control_characters`. It is on every
text field of every Shisaku model (`guard_model_text_fields`, run from CoreConfig.ready,
so a new field cannot forget it; the system check `shisaku.E110` proves it) and on every
text field of every Shisaku form (`shisaku.core.forms.CleanTextMixin`).
"""

from django.apps import apps
from django.core import checks
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from shisaku.lib.cleantext import first_refused

# Text columns, and the JSON columns whose strings people typed (themes, breakdown labels).
TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField)


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)


MESSAGE = _("制御文字（%(code)s）は使えません。")


def control_character_error(value) -> ValidationError | None:
    """The error for a text (or a JSON value holding texts) with a refused character, or None."""
    for text in _strings(value):
        ch = first_refused(text)
        if ch is not None:
            return ValidationError(MESSAGE, code="control_character",
                                   params={"code": f"U+{ord(ch):04X}"})
    return None


def reject_control_characters(value) -> None:
    """Refuse a text (or a JSON value holding one) with a control character in it."""
    error = control_character_error(value)
    if error is not None:
        raise error


def is_domain_model(model) -> bool:
    return model._meta.app_config.name.startswith("shisaku.")


def text_fields(model):
    """The model's own text fields that people or importers fill in."""
    return [f for f in model._meta.get_fields()
            if isinstance(f, TEXT_FIELDS) and f.concrete and not f.auto_created]


def guard_model_text_fields() -> None:
    """Put `reject_control_characters` on every text field of every Shisaku model.

    The validator goes on the field's validator list, not into its definition: migrations
    do not change, and ``full_clean()`` (forms, admin, services, loaders) runs it.
    """
    for model in apps.get_models():
        if not is_domain_model(model):
            continue
        for field in text_fields(model):
            if reject_control_characters not in field.validators:
                field.validators.append(reject_control_characters)


def guard_form_fields(fields) -> None:
    """Put `reject_control_characters` on every text field of a form instance.

    It replaces Django's own NUL check, which it covers, so a NUL gives one message.
    """
    from django import forms

    for field in fields.values():
        if isinstance(field, forms.CharField):  # TextInput, Textarea, JSON, fiscal years
            if reject_control_characters not in field.validators:
                field.validators[:] = [
                    v for v in field.validators
                    if not isinstance(v, ProhibitNullCharactersValidator)
                ] + [reject_control_characters]


@checks.register(checks.Tags.models)
def check_text_fields(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    errors: list[checks.CheckMessage] = []
    for model in apps.get_models():
        if not is_domain_model(model):
            continue
        for field in text_fields(model):
            if reject_control_characters not in field.validators:
                errors.append(checks.Error(
                    f"{model._meta.label}.{field.name} does not refuse control characters",
                    hint="shisaku.core.validation.guard_model_text_fields runs in "
                         "CoreConfig.ready(); a text field added later must be guarded too.",
                    obj=field, id="shisaku.E110"))
    return errors
