"""One sheet: read it like the report page, edit it, move it through the workflow."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shisaku.accounts import access
from shisaku.accounts.access import ALL_ROLES, role_required
from shisaku.accounts.models import Role
from shisaku.lib import richtext, richtext_render
from shisaku.lib.era import format_fy

from .. import sections, workflow
from ..corrections import start_correction
from ..editing import EditConflict, save_sheet, year_rules
from ..forms import (
    AddYearForm,
    CorrectionForm,
    IndicatorForm,
    IndicatorGrid,
    ReturnForm,
    SheetTextForm,
)
from ..models import Indicator, IndicatorValue, Sheet
from ..presentation import actual_text, cells, number
from ..visibility import visible_values
from ..years import allowed_value_years, final_years


def _sheet(pk) -> Sheet:
    return get_object_or_404(
        Sheet.objects.select_related("cycle", "project__section", "corrects", "updated_by")
        .prefetch_related("project__articles"), pk=pk)


def _indicators(sheet: Sheet):
    return list(
        Indicator.objects.filter(project=sheet.project).order_by("order", "pk")
        .prefetch_related(Prefetch("values", IndicatorValue.objects.order_by("fiscal_year")))
    )


@role_required(*ALL_ROLES)
def sheet_detail(request, pk):
    sheet = _sheet(pk)
    user = request.user
    access.require_sheet_reader(user, sheet)
    fy = sheet.fiscal_year
    years = [fy - 1, fy]
    indicators = _indicators(sheet)
    shown: dict[int, list] = {}
    for indicator in indicators:
        indicator.project = sheet.project  # avoid a query per indicator
        for value in indicator.values.all():
            value.indicator = indicator
    for value in visible_values(user, [v for i in indicators for v in i.values.all()
                                       if v.fiscal_year in years]):
        shown.setdefault(value.indicator_id, []).append(value)
    rows = []
    for indicator in indicators:
        row_cells = cells(indicator, years, sheet.cycle.bands, shown.get(indicator.pk, []))
        rows.append({"indicator": indicator, "cells": [
            {"cell": c, "target": number(c.value.target) if c.value else "",
             "actual": actual_text(c.value)} for c in row_cells]})
    final = fy in final_years()
    corrected_by = Sheet.objects.filter(corrects=sheet).first()
    if corrected_by is not None and not access.can_read_sheet(user, corrected_by):
        corrected_by = None  # a correction still being written is not shown yet
    texts = {
        # to_html escapes every text itself; the result is safe markup.
        name: mark_safe(richtext_render.to_html(richtext.parse_stored(getattr(sheet, name))))
        for name in Sheet.TEXT_FIELDS if getattr(sheet, name)
    }
    show_history = access.can_read_sheet_history(user, sheet)
    return render(request, "sheets/detail.html", {
        "sheet": sheet, "years": years, "rows": rows, "texts": texts, "final": final,
        "next_fy": fy + 1,
        "headings": {s.field: s.heading_for(fy, _) for s in sections.SECTIONS},
        # The history names staff and repeats return comments: planning and the section only.
        "show_history": show_history,
        "changes": sheet.changes.select_related("user")[:200] if show_history else [],
        "can_edit": access.can_edit_sheet(user, sheet),
        "can_submit": workflow.allowed("submit", sheet, user),
        "can_return": workflow.allowed("return", sheet, user),
        "can_confirm": workflow.allowed("confirm", sheet, user),
        "can_correct": access.can_manage_plan(user) and sheet.is_published
        and corrected_by is None,
        "return_form": ReturnForm(), "correction_form": CorrectionForm(),
        "missing": sheet.missing_parts(indicators, final)
        if sheet.is_editable_state else [],
        "corrected_by": corrected_by,
    })


def _one_sheet(sheet: Sheet):
    from shisaku.reports.content.packet import build_packet

    return build_packet(sheet.cycle, Sheet.objects.filter(pk=sheet.pk), title=_("事業シート"))


@role_required(*ALL_ROLES)
def sheet_print(request, pk):
    """The sheet as the report prints it, on a clean page for the browser's print."""
    from shisaku.reports.html_render import render_body

    sheet = _sheet(pk)
    access.require_sheet_reader(request.user, sheet)
    doc = _one_sheet(sheet)
    return render(request, "sheets/print.html", {
        # render_body escapes every text itself; the result is safe markup.
        "sheet": sheet, "title": doc.title, "body": mark_safe(render_body(doc))})


@role_required(*ALL_ROLES)
def sheet_pdf(request, pk):
    """The sheet as a PDF, with the report's builder (the report profile decides the rows)."""
    from shisaku.reports.typst_render import compile_pdf

    sheet = _sheet(pk)
    access.require_sheet_reader(request.user, sheet)
    response = HttpResponse(compile_pdf(_one_sheet(sheet)), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="sheet-{sheet.fiscal_year}-{sheet.project_id}.pdf"')
    return response


def _grid_years(sheet: Sheet, indicators, data=None) -> list[int]:
    fy = sheet.fiscal_year
    years = {fy - 1, fy}
    for indicator in indicators:
        years.update(v.fiscal_year for v in indicator.values.all() if v.fiscal_year >= fy - 1)
    if data and data.get("years"):
        for part in data["years"].split(","):
            if part.strip().isdigit():
                years.add(int(part))
    return sorted(years)


@role_required(Role.PLANNING_ADMIN, Role.SECTION_EDITOR)
def sheet_edit(request, pk):
    sheet = _sheet(pk)
    access.require(access.can_edit_sheet(request.user, sheet))
    indicators = _indicators(sheet)
    data = request.POST if request.method == "POST" else None
    years = _grid_years(sheet, indicators, data)
    add_form = AddYearForm(data)
    if data and "add_year" in data and add_form.is_valid() and add_form.cleaned_data["add_year"]:
        years = sorted(set(years) | {add_form.cleaned_data["add_year"]})
    final = sheet.fiscal_year in final_years()
    form = SheetTextForm(data, instance=sheet, final_year=final,
                         can_select=request.user.is_planning_admin)
    # Each FY column is written under the rules of its own year's sheet (editing.year_rules).
    rules = year_rules(sheet, request.user, years)
    allowed = allowed_value_years(sheet.fiscal_year)
    grid = IndicatorGrid(sheet, indicators, years, data, allowed_years=allowed, rules=rules)
    conflict, values_only = None, False
    if data is not None and "save" in data:
        texts_ok, grid_ok = form.is_valid(), grid.is_valid()
        if texts_ok and grid_ok:
            try:
                save_sheet(sheet, request.user, form.texts(), form.cleaned_data["version"],
                           grid.inputs(), verified=form.cleaned_data.get("verified"))
            except EditConflict as exc:
                # exc.values: only values changed meanwhile (through another sheet that shows
                # them); the sheet itself is as it was opened.
                conflict, values_only = exc.current, bool(exc.values)
            except ValidationError as exc:
                messages.error(request, "、".join(exc.messages))
            else:
                for warning in grid.warnings():
                    messages.warning(request, warning)
                messages.success(request, _("シートを保存しました。"))
                return redirect("sheets:detail", pk=sheet.pk)
    conflict_values = []
    if conflict is not None:
        # Keep what this person typed; show what the other saved, and let them merge.
        mutable = data.copy()
        mutable["version"] = conflict.version
        form = SheetTextForm(mutable, instance=sheet, final_year=final,
                             can_select=request.user.is_planning_admin)
        form.is_valid()
        conflict_fields = [
            (form[name].label, getattr(conflict, name))
            for name in Sheet.TEXT_FIELDS
            if name in form.fields and (getattr(conflict, name) or "") != (data.get(name) or "")
        ]
        # Values: the person's changes stay, everything else shows what is stored now.
        indicators = _indicators(sheet)
        stored = {(v.indicator_id, v.fiscal_year): v for i in indicators for v in i.values.all()}
        conflict_values = _value_conflicts(grid, stored)
        rules = year_rules(sheet, request.user, years)
        grid = IndicatorGrid(sheet, indicators, years, grid.rebased(mutable, stored),
                             allowed_years=allowed, rules=rules)
    else:
        conflict_fields = []
    return render(request, "sheets/edit.html", {
        "sheet": sheet, "form": form, "grid": grid, "years": years,
        "years_value": ",".join(str(y) for y in years), "add_form": AddYearForm(),
        "conflict": conflict, "conflict_fields": conflict_fields,
        "conflict_values": conflict_values, "values_only": values_only,
        "grid_errors": grid.errors() if data is not None and "save" in data else [],
        "grid_after": sections.TEXTS_BEFORE_GRID[-1],  # the indicators follow this text
    })


def _value_conflicts(grid: IndicatorGrid, stored: dict) -> list[tuple[str, str]]:
    """Cells this person changed that someone else saved since the page was opened."""
    out = []
    for cell in grid.forms:
        changed = cell.changed_fields()
        opened = cell.cleaned_data.get("version") if hasattr(cell, "cleaned_data") else None
        current = stored.get((cell.indicator.pk, cell.fiscal_year))
        if changed and opened is not None and (current.version if current else 0) != opened:
            out.append((cell.where, _value_text(current)))
    return out


def _value_text(value) -> str:
    if value is None:
        return _("（削除されています）")
    parts = [f"{_('目標')} {number(value.target) or '—'}", f"{_('実績')} {actual_text(value) or '—'}"]
    if value.comment:
        parts.append(f"{_('備考')} {value.comment}")
    return "・".join(parts)


@role_required(Role.PLANNING_ADMIN, Role.SECTION_EDITOR)
@require_POST
def sheet_validate_value(request, pk, indicator_pk, fy):
    """htmx: check one grid cell as it is typed; returns the messages, saves nothing."""
    from ..forms import ValueForm

    sheet = _sheet(pk)
    access.require(access.can_edit_sheet(request.user, sheet))
    indicator = get_object_or_404(Indicator, pk=indicator_pk, project=sheet.project)
    form = ValueForm(request.POST, prefix=f"v{indicator.pk}_{fy}", indicator=indicator,
                     fiscal_year=fy)
    errors = [] if form.is_valid() else [e for errs in form.errors.values() for e in errs]
    allowed = allowed_value_years(sheet.fiscal_year)
    if allowed is not None and fy not in allowed:
        errors.append(_("%(fy)sは実行プログラムの期間外です。") % {"fy": format_fy(fy)})
    rule = year_rules(sheet, request.user, [fy])[fy]
    if rule.read_only:
        errors.append(rule.note)
    return render(request, "sheets/_cell_feedback.html", {
        "errors": errors, "warnings": form.warnings() if not errors else [],
        "read_back": form.read_back() if not errors else ""})


@role_required(Role.PLANNING_ADMIN, Role.SECTION_EDITOR)
@require_POST
def sheet_action(request, pk, action):
    sheet = _sheet(pk)
    if action not in workflow.TRANSITIONS or action == "publish":
        return redirect("sheets:detail", pk=pk)
    comment = request.POST.get("comment", "")
    try:
        workflow.transition(sheet, action, request.user, comment)
    except ValidationError as exc:
        if action == "return" and comment.strip():
            # A refused reason: the form again, with the reason beside what was written.
            form = ReturnForm(request.POST)
            if form.is_valid():
                form.add_error(None, exc)
            return render(request, "form.html", {
                "form": form, "heading": _("シートの差戻し"),
                "cancel_url": reverse("sheets:detail", args=[pk])})
        messages.error(request, "、".join(exc.messages))
    else:
        messages.success(request, _("シートを「%(state)s」にしました。") % {
            "state": Sheet.objects.get(pk=pk).get_state_display()})
    return redirect("sheets:detail", pk=pk)


@role_required(Role.PLANNING_ADMIN)
@require_POST
def sheet_correct(request, pk):
    sheet = _sheet(pk)
    form = CorrectionForm(request.POST)
    if form.is_valid():
        try:
            correction = start_correction(sheet, request.user, form.cleaned_data["reason"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("訂正版を作成しました。元の版はそのまま残ります。"))
            return redirect("sheets:edit", pk=correction.pk)
    # Refused: the form again, with the reason beside the text the person wrote.
    return render(request, "form.html", {
        "form": form, "heading": _("訂正版の作成"),
        "cancel_url": reverse("sheets:detail", args=[pk])})


@role_required(Role.PLANNING_ADMIN, Role.SECTION_EDITOR)
def indicator_create(request, pk):
    sheet = _sheet(pk)
    access.require(access.can_edit_sheet(request.user, sheet))
    form = IndicatorForm(request.POST or None,
                         instance=Indicator(project=sheet.project,
                                            order=sheet.project.indicators.count() + 1))
    if request.method == "POST" and form.is_valid():
        indicator = form.save()
        sheet.changes.create(field=_("指標の追加"), after=str(indicator), user=request.user)
        messages.success(request, _("指標「%(name)s」を追加しました。") % {"name": indicator.name})
        return redirect("sheets:edit", pk=sheet.pk)
    return render(request, "form.html", {
        "form": form, "heading": _("「%(name)s」に指標を追加") % {"name": sheet.project.name},
        "cancel_url": request.build_absolute_uri(f"/sheets/{sheet.pk}/edit/")})
