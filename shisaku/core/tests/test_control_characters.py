"""Every text field refuses C0 control characters other than tab and newline: models and forms.

The form test walks every form class of the project (and every admin form) and submits each
refused character into each of its text fields; it fails for a form that does not derive
from core.forms.CleanTextMixin, and for a model text field without the validator.
"""

import importlib
import json
import pkgutil

import pytest
from django import forms
from django.apps import apps
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import shisaku
from shisaku.core.forms import CleanTextMixin
from shisaku.core.validation import (
    check_text_fields,
    is_domain_model,
    reject_control_characters,
    text_fields,
)

C0_REFUSED = [chr(c) for c in range(0x20) if chr(c) not in "\t\n"] + ["\x7f"]


def message(ch: str) -> str:
    return f"制御文字（U+{ord(ch):04X}）は使えません。"


# --------------------------------------------------------------------------- the one rule

@pytest.mark.parametrize("ch", C0_REFUSED, ids=lambda ch: f"U+{ord(ch):04X}")
def test_the_validator_refuses_each_control_character_and_names_it_in_japanese(ch):
    with pytest.raises(ValidationError) as caught:
        reject_control_characters(f"前{ch}後")
    assert caught.value.messages == [message(ch)]
    with pytest.raises(ValidationError):
        reject_control_characters(["テーマ", {"label": f"新規{ch}", "value": 1}])


def test_the_validator_accepts_tab_newline_crlf_and_everything_else():
    for text in ["一\t二\n三\r\n四", "", "全角　スペース", "絵文字🙂", "\u3000", "\x80\x9f"]:
        reject_control_characters(text)
    reject_control_characters([{"label": "新規", "value": 38}])
    reject_control_characters(None)
    reject_control_characters(12)


@given(st.text(), st.sampled_from(C0_REFUSED), st.text())
def test_any_text_with_a_control_character_anywhere_is_refused(before, ch, after):
    with pytest.raises(ValidationError):
        reject_control_characters(before + ch + after)


# --------------------------------------------------------------------------- models

def domain_text_fields():
    return [(model, field) for model in apps.get_models() if is_domain_model(model)
            for field in text_fields(model)]


def test_every_text_field_of_every_domain_model_carries_the_validator():
    fields = domain_text_fields()
    assert len(fields) > 100
    missing = [f"{m._meta.label}.{f.name}" for m, f in fields
               if reject_control_characters not in f.validators]
    assert missing == []
    assert check_text_fields() == []


def test_the_system_check_names_a_text_field_that_lost_the_validator():
    from shisaku.verification.models import Opinion

    field = Opinion._meta.get_field("text")
    field.validators.remove(reject_control_characters)
    try:
        errors = check_text_fields()
    finally:
        field.validators.append(reject_control_characters)
    assert [(e.id, e.obj) for e in errors] == [("shisaku.E110", field)]


@pytest.mark.parametrize("model,field", domain_text_fields(),
                         ids=lambda x: getattr(x, "name", None) or x._meta.label)
def test_model_validation_refuses_a_control_character_in_each_text_field(model, field):
    value = ["前\x0b後"] if field.get_internal_type() == "JSONField" else "前\x0b後"
    with pytest.raises(ValidationError) as caught:
        field.run_validators(value)
    assert message("\x0b") in caught.value.messages


# --------------------------------------------------------------------------- forms

SKIP = {"tests", "migrations", "management"}


def project_form_classes() -> list[type]:
    """Every form class defined in the project's modules (tests excluded)."""
    for info in pkgutil.walk_packages(shisaku.__path__, "shisaku."):
        if SKIP & set(info.name.split(".")) or info.name == "shisaku.wsgi":
            continue
        importlib.import_module(info.name)
    found, todo = [], [forms.BaseForm]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            todo.append(sub)
            # Classes made at run time (an admin's get_form) are checked through the admin.
            if (sub.__module__.startswith("shisaku.") and "<locals>" not in sub.__qualname__
                    and sub not in found):
                found.append(sub)
    return sorted(found, key=lambda c: (c.__module__, c.__qualname__))


def test_every_form_class_of_the_project_refuses_control_characters():
    classes = project_form_classes()
    assert len(classes) >= 30
    assert [c.__qualname__ for c in classes if not issubclass(c, CleanTextMixin)] == []


# Multi-line fields whose lines have a form of their own (one table row a line): free text
# is refused there for its shape, never for a tab or a line break.
STRUCTURED_LINES = {("ProcurementPageForm", "evaluation"), ("admin:ordinance.Article", "text")}


def _kwargs(cls) -> dict:
    from shisaku.sheets.models import Indicator, Sheet

    name = cls.__name__
    if name == "ValueForm":
        return {"indicator": Indicator(name="創業件数", unit="件"), "fiscal_year": 2021}
    if name == "PairForm":
        return {"periods": []}
    if name == "SheetTextForm":
        return {"instance": Sheet(), "final_year": True, "can_select": True}
    if name == "SearchForm":
        return {"years": [2021]}
    if name == "ScheduleForm":
        from shisaku.notices.schedule import Schedule

        return {"schedule": Schedule(cycle=None), "sections": []}
    if name == "MappingForm":
        from shisaku.projects.models import Project

        return {"projects": [Project(pk=1, name="起業化総合支援事業")], "nodes": [],
                "initial_rows": {}}
    if name == "ReportProfileForm":
        from shisaku.reports import profile

        return {"profile": profile.current()}
    return {}


def admin_form_classes(superuser) -> list[tuple[str, type]]:
    request = RequestFactory().get("/admin/")
    request.user = superuser
    return [(f"admin:{model._meta.label}", model_admin.get_form(request, None))
            for model, model_admin in admin.site._registry.items() if is_domain_model(model)]


def _abstract(cls) -> bool:
    """A base model form without a model of ours (CleanModelForm, VersionedModelForm; the
    user admin's form, whose model the admin sets: it is checked through the admin)."""
    meta = getattr(cls, "_meta", None)
    return isinstance(meta, forms.models.ModelFormOptions) and (
        meta.model is None or not is_domain_model(meta.model))


def every_form(superuser):
    """(name, make(data)) for every form of the project and of the admin."""
    out = [(cls.__qualname__, lambda data, cls=cls: cls(data=data, **_kwargs(cls)))
           for cls in project_form_classes() if not _abstract(cls)]
    for name, cls in admin_form_classes(superuser):
        out.append((name, lambda data, cls=cls: cls(data=data)))
    return out


def _typed(form, field: str, text: str) -> str:
    """What a person types: JSON fields (the admin's breakdown, themes) take JSON."""
    if isinstance(form.fields[field], forms.JSONField):
        return json.dumps([text])
    return text


def _text_field_names(form) -> list[str]:
    return [name for name, field in form.fields.items()
            if isinstance(field, forms.CharField) and not field.disabled
            and not isinstance(field.widget, forms.HiddenInput)]


@pytest.mark.django_db
def test_every_text_field_of_every_form_refuses_each_control_character(root):
    checked = 0
    for name, make in every_form(root):
        blank = make(None)
        for field in _text_field_names(blank):
            for ch in C0_REFUSED:
                form = make({field: _typed(blank, field, f"前{ch}後")})
                assert not form.is_valid(), (name, field, ch)
                assert message(ch) in form.errors.get(field, []), (name, field, ch, form.errors)
                checked += 1
    assert checked > 150 * len(C0_REFUSED)


@pytest.mark.django_db
def test_tab_and_newline_are_accepted_in_every_text_field(root):
    for name, make in every_form(root):
        blank = make(None)
        for field in _text_field_names(blank):
            form = make({field: _typed(blank, field, "前\t後\r\n続\n")})
            form.is_valid()
            errors = form.errors.get(field, [])
            assert not [e for e in errors if "制御文字" in e], (name, field, errors)
            multi_line = isinstance(form.fields[field].widget, forms.Textarea)
            if (multi_line and not isinstance(form.fields[field], forms.JSONField)
                    and (name, field) not in STRUCTURED_LINES):
                assert errors == [], (name, field, errors)


@pytest.mark.django_db
@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=30), st.sampled_from(C0_REFUSED), st.text(max_size=30))
def test_an_opinion_and_a_sheet_text_with_a_control_character_anywhere_are_refused(
        before, ch, after):
    from shisaku.sheets.forms import SheetTextForm
    from shisaku.sheets.models import Sheet
    from shisaku.verification.forms import OpinionForm

    text = before + ch + after
    form = OpinionForm(data={"text": "意見" + text})
    assert not form.is_valid() and "text" in form.errors
    sheet_form = SheetTextForm(data={"goal": "目標" + text, "version": 0}, instance=Sheet(),
                               final_year=True)
    assert not sheet_form.is_valid() and "goal" in sheet_form.errors


@pytest.mark.django_db
def test_the_users_input_is_kept_when_a_control_character_is_refused(client, users):
    from shisaku.verification.forms import OpinionForm

    form = OpinionForm(data={"text": "意見\x0bです"})
    assert not form.is_valid()
    assert "意見\x0bです" in form["text"].value()
