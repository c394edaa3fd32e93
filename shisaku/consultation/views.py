"""Thin views: public pages (no sign-in, no script) and the planning division's pages. Every
write goes through services.py."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from shisaku.accounts.access import role_required
from shisaku.accounts.models import Role
from shisaku.core.concurrency import EditConflict, show_conflict, versioned_form_page

from . import services, throttle
from .documents import FORMATS
from .documents import render as render_document
from .forms import (
    ClassifyForm,
    ConfirmForm,
    ConsultationForm,
    OpinionFilterForm,
    PublicOpinionForm,
    StaffOpinionForm,
    ViewForm,
)
from .models import Consultation, Opinion
from .result import public_result

planning = role_required(Role.PLANNING_ADMIN)


# --- public ------------------------------------------------------------------------------------

def _public(pk) -> Consultation:
    return get_object_or_404(Consultation.objects.public().select_related("program"), pk=pk)


@require_safe
def public_list(request):
    return render(request, "consultation/public_list.html", {
        "consultations": Consultation.objects.public().select_related("program")})


@require_safe
def public_detail(request, pk):
    consultation = _public(pk)
    return render(request, "consultation/public_detail.html", {
        "c": consultation, "chapters": consultation.chapters.all(),
        "accepting": consultation.accepting(),
        "refusal": "" if consultation.accepting() else services.period_refusal(consultation)})


def public_form(request, pk):
    consultation = _public(pk)
    refusal = "" if consultation.accepting() else services.period_refusal(consultation)
    form = PublicOpinionForm(request.POST or None)
    status = 200
    if request.method == "POST" and not refusal:
        if form.is_spam():
            # Said as plainly as any refusal: a person who filled it by mistake can send again.
            form.add_error(None, _("送信できませんでした。「この欄は空欄のままにしてください」の欄を"
                                   "空にして、もう一度送信してください。"))
            status = 400
        elif throttle.exhausted(request):
            form.add_error(None, _("短い時間に多くの意見が送られたため、受付を一時停止しています。"
                                   "時間をおいて送信するか、郵送・FAX・電子メールでお送りください。"))
            status = 429
        elif form.is_valid():
            data = form.cleaned_data
            try:
                opinion = services.receive_public_opinion(
                    consultation, category=data["category"], text=data["text"],
                    name=data["name"], email=data["email"])
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                throttle.count(request)
                request.session["consultation_receipt"] = opinion.number
                return redirect("consultation:public_thanks", pk=consultation.pk)
        if status == 200 and form.errors:
            status = 400
    elif request.method == "POST":
        status = 400
    return render(request, "consultation/public_form.html", {
        "c": consultation, "form": form, "refusal": refusal}, status=status)


def _add_errors(form, exc: ValidationError) -> None:
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


@require_safe
def public_thanks(request, pk):
    consultation = _public(pk)
    return render(request, "consultation/public_thanks.html", {
        "c": consultation, "number": request.session.get("consultation_receipt")})


def _published(pk) -> Consultation:
    return get_object_or_404(Consultation.objects.published().select_related("program"), pk=pk)


@require_safe
def public_result_page(request, pk):
    consultation = _published(pk)
    return render(request, "consultation/public_result.html", {
        "c": consultation, "result": public_result(consultation)})


@require_safe
def public_document(request, pk, fmt):
    consultation = _published(pk)
    if fmt not in FORMATS:
        raise Http404
    response = HttpResponse(render_document(consultation, fmt), content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="consultation-{pk}-result.{fmt}"'
    return response


# --- the planning division -----------------------------------------------------------------------

@planning
def staff_list(request):
    return render(request, "consultation/staff_list.html", {
        "consultations": Consultation.objects.select_related("program")})


@planning
def create(request):
    form = ConsultationForm(request.POST or None)
    return versioned_form_page(
        request, form, _("意見公募の登録"), reverse("consultation:list"),
        lambda f: reverse("consultation:detail", args=[services.save_consultation(
            None, request.user, chapters=f.chapter_titles(), **f.values()).pk]))


@planning
def edit(request, pk):
    consultation = get_object_or_404(Consultation, pk=pk)
    form = ConsultationForm(request.POST or None, consultation=consultation)
    return versioned_form_page(
        request, form, _("意見公募の編集"), reverse("consultation:detail", args=[pk]),
        lambda f: reverse("consultation:detail", args=[services.save_consultation(
            consultation, request.user, chapters=f.chapter_titles(),
            expected_version=f.opened_version(), **f.values()).pk]))


@planning
def detail(request, pk):
    """The opinions received, with filters; the way to each form and to the next step."""
    consultation = get_object_or_404(Consultation.objects.select_related("program"), pk=pk)
    filters = OpinionFilterForm(request.GET or None, consultation=consultation)
    opinions = filters.apply(consultation.opinions.select_related("chapter", "view_class"))
    return render(request, "consultation/staff_detail.html", {
        "c": consultation, "filters": filters, "opinions": opinions,
        "blockers": services.result_blockers(consultation)
        if consultation.state == Consultation.State.COLLECTING else []})


STEPS = {
    "open": (services.open_period, gettext_lazy("募集を開始する"),
             gettext_lazy("素案と募集期間を公開し、ウェブフォームで意見を受け付けます。")),
    "close": (services.close_period, gettext_lazy("募集を締め切る"),
              gettext_lazy("ウェブフォームでの受付を終え、集約に移ります。期間内に届いた郵送・FAX等の意見は"
                "引き続き入力できます。")),
    "publish": (services.publish_result, gettext_lazy("結果を公表する"),
                gettext_lazy("意見の要旨、市の考え方と区分、件数を公開します。氏名・連絡先・意見の原文は"
                  "公開しません。公表後は変更できません。")),
}


def _step(request, pk, step):
    consultation = get_object_or_404(Consultation, pk=pk)
    service, heading, explanation = STEPS[step]
    form = ConfirmForm(request.POST or None, consultation=consultation)
    problems = services.result_blockers(consultation) if step == "publish" else []
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                service(consultation, request.user, expected_version=form.opened_version())
        except EditConflict as conflict:
            show_conflict(form, conflict, [])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("%(step)s: 完了しました。") % {"step": heading})
            return redirect("consultation:detail", pk=pk)
    return render(request, "consultation/confirm.html", {
        "c": consultation, "form": form, "heading": heading, "explanation": explanation,
        "problems": problems}, status=400 if form.errors else 200)


@planning
def open_period(request, pk):
    return _step(request, pk, "open")


@planning
def close_period(request, pk):
    return _step(request, pk, "close")


@planning
def publish(request, pk):
    return _step(request, pk, "publish")


@planning
def opinion_add(request, pk):
    consultation = get_object_or_404(Consultation, pk=pk)
    form = StaffOpinionForm(request.POST or None,
                            initial={"received_at": timezone.localtime().replace(second=0,
                                                                                 microsecond=0)})
    if request.method == "POST" and form.is_valid():
        try:
            services.enter_opinion(consultation, request.user, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            return redirect("consultation:detail", pk=pk)
    return render(request, "form.html", {
        "form": form, "heading": _("郵送・FAX等で届いた意見の入力"),
        "cancel_url": reverse("consultation:detail", args=[pk])},
        status=400 if form.errors else 200)


def _opinion_page(request, opinion_pk, form_class, heading, write):
    opinion = get_object_or_404(Opinion.objects.select_related("consultation"), pk=opinion_pk)
    form = form_class(request.POST or None, opinion=opinion)
    return versioned_form_page(
        request, form, heading, reverse("consultation:detail", args=[opinion.consultation_id]),
        lambda f: (write(opinion, f), reverse("consultation:detail",
                                               args=[opinion.consultation_id]))[1],
        template="consultation/opinion_form.html", extra={"opinion": opinion})


@planning
def classify(request, opinion_pk):
    return _opinion_page(request, opinion_pk, ClassifyForm, _("章の分類と要旨"),
                         lambda o, f: services.classify(
                             o, request.user, chapter=f.cleaned_data["chapter"],
                             summary=f.cleaned_data["summary"],
                             expected_version=f.opened_version()))


@planning
def write_view(request, opinion_pk):
    return _opinion_page(request, opinion_pk, ViewForm, _("市の考え方"),
                         lambda o, f: services.write_view(
                             o, request.user, view=f.cleaned_data["view"],
                             view_class=f.cleaned_data["view_class"],
                             expected_version=f.opened_version()))
