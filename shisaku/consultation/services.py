"""Every write of a public comment (意見公募): the one path for web forms, the admin, the demo
loader and commands.

Each function runs in one transaction and, in this order: locks the rows it decides on,
refuses a published result (結果公表 is final), checks permission (accounts/access.py; the
public form needs none), checks the version the form was opened with (core/concurrency.py),
validates, and saves through the model so the audit trail records the change. A refusal
raises ValidationError (or PermissionDenied / EditConflict) and writes nothing.
"""

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from shisaku.accounts import access
from shisaku.audit.context import acting, audited, current_details
from shisaku.core.concurrency import (
    changed_fields,
    check_version,
    lock_current,
    save_versioned,
    write_versioned,
)
from shisaku.core.validation import reject_control_characters

from . import stage_rules
from .models import MAX_TEXT, Chapter, Consultation, Opinion, ViewClass

State = Consultation.State

__all__ = ["save_consultation", "open_period", "close_period", "receive_public_opinion",
           "enter_opinion", "classify", "write_view", "publish_result", "result_blockers"]


def _refuse_if_published(consultation: Consultation) -> None:
    if consultation.is_published:
        raise ValidationError(_("結果を公表した意見公募は変更できません。"), code="published")


def _lock(consultation: Consultation, expected_version=None) -> Consultation:
    """The row, locked; EditConflict if a form's version is given and the row moved on (a
    caller without a form, such as the demo loader, gives none)."""
    current = lock_current(Consultation.objects.select_related("updated_by"), consultation.pk)
    if expected_version is not None:
        check_version(current, expected_version)
    return current


def _clean_chapters(titles) -> list[str]:
    cleaned = [t.strip() for t in titles if t and t.strip()]
    for title in cleaned:
        reject_control_characters(title)
        if len(title) > 200:
            raise ValidationError(_("章の名称は200文字以内にしてください。"))
    if len(set(cleaned)) != len(cleaned):
        raise ValidationError(_("同じ名称の章が2つあります。"))
    return cleaned


@audited
@transaction.atomic
def save_consultation(consultation: Consultation | None, user, *, chapters=None,
                      expected_version: int | None = None, **values) -> Consultation:
    """Create or change a consultation (its draft, period and chapters) before its result is
    published. Chapters that opinions are already classified by are kept."""
    access.require(access.can_manage_consultation(user))
    if consultation is not None and consultation.pk is not None:
        locked = _lock(consultation, expected_version)
        _refuse_if_published(locked)
        stage_rules.require_open_program(locked.program)
        if values.get("stage", locked.stage) != locked.stage and locked.state != State.PREPARING:
            raise ValidationError({"stage": _("募集を始めた意見公募の段階は変えられません。")})
        expected_version = locked.version
    unknown = set(values) - {"program", "stage", "title", "summary", "document_url",
                             "opens_on", "closes_on"}
    if unknown:
        raise TypeError(f"unknown Consultation fields: {sorted(unknown)}")
    if values.get("program") is not None:
        stage_rules.require_open_program(values["program"])
    titles = _clean_chapters(chapters) if chapters is not None else None
    current = write_versioned(Consultation.objects.select_related("updated_by"), consultation,
                              values, expected_version, user=user)
    if titles is not None:
        _set_chapters(current, titles)
    return current


def _set_chapters(consultation: Consultation, titles: list[str]) -> None:
    existing = {c.title: c for c in consultation.chapters.all()}
    dropped = [c for title, c in existing.items() if title not in titles]
    used = [c.title for c in dropped if c.opinions.exists()]
    if used:
        raise ValidationError(_("意見を分類済みの章は削除できません: %(titles)s")
                              % {"titles": "、".join(used)})
    for chapter in dropped:
        chapter.delete()
    # Orders move through a free range first, so the unique (consultation, order) holds.
    offset = 1000
    for index, title in enumerate(titles, start=1):
        chapter = existing.get(title)
        if chapter is not None and chapter.order != index:
            chapter.order = offset + index
            chapter.save(update_fields=["order"])
    for index, title in enumerate(titles, start=1):
        chapter = existing.get(title) or Chapter(consultation=consultation, title=title)
        if chapter.order != index:
            chapter.order = index
            chapter.full_clean()
            chapter.save()


def _move(consultation: Consultation, user, expected_version, source: str, target: str,
          refusal: str) -> Consultation:
    access.require(access.can_manage_consultation(user))
    current = _lock(consultation, expected_version)
    _refuse_if_published(current)
    if current.state != source:
        raise ValidationError(refusal, code="state")
    current.full_clean()
    if target == State.OPEN:
        stage_rules.require_stage_to_open(current)
    else:
        stage_rules.require_open_program(current.program)
    current.state = target
    changed = ["state"]
    if target == State.PUBLISHED:
        current.published_on = timezone.localdate()
        changed.append("published_on")
    save_versioned(current, changed, user=user)
    return current


@audited
@transaction.atomic
def open_period(consultation: Consultation, user, *, expected_version=None) -> Consultation:
    """準備中 → 募集中: the draft and the period are public; the form takes opinions within it."""
    return _move(consultation, user, expected_version, State.PREPARING, State.OPEN,
                 _("募集を開始できるのは準備中の意見公募だけです。"))


@audited
@transaction.atomic
def close_period(consultation: Consultation, user, *, expected_version=None) -> Consultation:
    """募集中 → 集約中: the form stops; staff classify and answer."""
    return _move(consultation, user, expected_version, State.OPEN, State.COLLECTING,
                 _("募集を締め切れるのは募集中の意見公募だけです。"))


def _check_text(text: str, field: str = "text") -> str:
    text = (text or "").replace("\r\n", "\n").strip()  # browsers send CRLF
    if not text:
        raise ValidationError({field: _("意見を入力してください。")})
    reject_control_characters(text)
    if len(text) > MAX_TEXT:
        raise ValidationError({field: _("意見は%(max)d文字以内で入力してください（%(n)d文字）。")
                               % {"max": MAX_TEXT, "n": len(text)}})
    return text


def _new_opinion(consultation: Consultation, *, channel, name, email, address, category, text,
                 received_at, user=None) -> Opinion:
    number = (consultation.opinions.aggregate(n=Max("number"))["n"] or 0) + 1
    opinion = Opinion(consultation=consultation, number=number, channel=channel,
                      name=(name or "").strip(), email=(email or "").strip(),
                      address=(address or "").strip(), category=category,
                      text=_check_text(text), received_at=received_at, entered_by=user)
    opinion.full_clean()
    save_versioned(opinion, [], user=user)
    return opinion


def receive_public_opinion(consultation: Consultation, *, category: str, text: str,
                           name: str = "", email: str = "", now=None) -> Opinion:
    """An opinion sent through the public form, within the period (no sign-in: anyone may).

    A receipt goes to the e-mail address when one is given, after the opinion is stored."""
    now = now or timezone.now()
    details = current_details()
    if details is None:
        with acting(None, via="public-form"):
            return receive_public_opinion(consultation, category=category, text=text,
                                          name=name, email=email, now=now)
    with transaction.atomic():
        current = Consultation.objects.select_for_update().get(pk=consultation.pk)
        if not current.accepting(now):
            raise ValidationError(period_refusal(current), code="period")
        opinion = _new_opinion(current, channel=Opinion.Channel.WEB, name=name, email=email,
                               address="", category=category, text=text, received_at=now)
    if opinion.email:
        _receipt_sender(opinion.pk)
    return opinion


def period_refusal(consultation: Consultation) -> str:
    """Why the public form takes no opinion now, in the visitor's language."""
    if consultation.state == State.OPEN and timezone.localdate() < consultation.opens_on:
        return _("意見の募集は%(date)sから始まります。募集期間中にお送りください。") % {
            "date": consultation.period_text.split("～")[0]}
    return _("この意見公募の募集期間（%(period)s）は終了しました。意見は受け付けていません。") % {
        "period": consultation.period_text}


def send_receipt_of(opinion_pk: int, fail_silently: bool = True) -> bool:
    """The receipt of one opinion (at its address as it is now: none once erased)."""
    opinion = Opinion.objects.select_related("consultation").filter(pk=opinion_pk).first()
    if opinion is None or not opinion.email:
        return False
    send_receipt(opinion, fail_silently=fail_silently)
    return True


#: Who sends a receipt (an opinion's pk): at once here; the jobs app, above this one, queues
#: it as a job (jobs.apps), so the sender of the public form never waits for the mail server.
_receipt_sender: Callable[[int], object] = send_receipt_of


def send_receipts_with(sender: Callable[[int], object] | None) -> None:
    global _receipt_sender
    _receipt_sender = sender or send_receipt_of


def send_receipt(opinion: Opinion, fail_silently: bool = True) -> None:
    subject = _("【受付】%(title)s への意見") % {"title": opinion.consultation.title}
    body = _("意見をお寄せいただき、ありがとうございました。次のとおり受け付けました。\n\n"
             "件名: %(title)s\n受付番号: %(number)s\n受付日時: %(when)s\n\n"
             "寄せられた意見と市の考え方は、取りまとめのうえ公表します（氏名・連絡先は公表しません）。\n"
             "このメールは送信専用です。") % {
        "title": opinion.consultation.title, "number": opinion.number,
        "when": timezone.localtime(opinion.received_at).strftime("%Y-%m-%d %H:%M")}
    send_mail(subject, body, None, [opinion.email], fail_silently=fail_silently)


@audited
@transaction.atomic
def enter_opinion(consultation: Consultation, user, *, channel: str, category: str, text: str,
                  received_at, name: str = "", email: str = "", address: str = "") -> Opinion:
    """An opinion received by letter, FAX, e-mail or in person, typed in by staff. It must have
    arrived within the period (募集中 or 集約中: letters come in after the form closes)."""
    access.require(access.can_manage_consultation(user))
    current = _lock(consultation)
    _refuse_if_published(current)
    if current.state not in (State.OPEN, State.COLLECTING):
        raise ValidationError(_("意見を入力できるのは募集中か集約中の意見公募だけです。"),
                              code="state")
    if received_at is None:
        raise ValidationError({"received_at": _("受付日時を入力してください。")})
    if not current.within_period(timezone.localdate(received_at)):
        raise ValidationError({"received_at": _(
            "受付日が募集期間（%(period)s）の外です。期間外の意見は受け付けられません。")
            % {"period": current.period_text}})
    return _new_opinion(current, channel=channel, name=name, email=email, address=address,
                        category=category, text=text, received_at=received_at, user=user)


def _lock_opinion(opinion: Opinion, user, expected_version) -> Opinion:
    access.require(access.can_manage_consultation(user))
    current = lock_current(Opinion.objects.select_related("consultation", "updated_by"),
                           opinion.pk)
    _refuse_if_published(current.consultation)
    if current.consultation.state == State.PREPARING:
        raise ValidationError(_("準備中の意見公募には意見がありません。"), code="state")
    if expected_version is not None:
        check_version(current, expected_version)
    return current


def _write(opinion: Opinion, values: dict, user) -> Opinion:
    changed = changed_fields(opinion, values)
    opinion.full_clean()
    save_versioned(opinion, changed, user=user)
    return opinion


@audited
@transaction.atomic
def classify(opinion: Opinion, user, *, chapter: Chapter | None, summary: str,
             expected_version=None) -> Opinion:
    """The chapter an opinion concerns and its summary for publication (要旨)."""
    current = _lock_opinion(opinion, user, expected_version)
    summary = (summary or "").strip()
    reject_control_characters(summary)
    if chapter is not None and chapter.consultation_id != current.consultation_id:
        raise ValidationError({"chapter": _("この意見公募の素案の章を選んでください。")})
    if len(summary) > MAX_TEXT:
        raise ValidationError({"summary": _("要旨は%(max)d文字以内にしてください。") % {"max": MAX_TEXT}})
    return _write(current, {"chapter": chapter, "summary": summary}, user)


@audited
@transaction.atomic
def write_view(opinion: Opinion, user, *, view: str, view_class: ViewClass | None,
               expected_version=None) -> Opinion:
    """市の考え方 and how the opinion was reflected (A 反映 … E その他)."""
    current = _lock_opinion(opinion, user, expected_version)
    view = (view or "").strip()
    reject_control_characters(view)
    if not view:
        raise ValidationError({"view": _("市の考え方を入力してください。")})
    if view_class is None:
        raise ValidationError({"view_class": _("区分を選んでください。")})
    return _write(current, {"view": view, "view_class": view_class}, user)


def result_blockers(consultation: Consultation) -> list[str]:
    """What stops the result from being published, one line per opinion, in Japanese."""
    problems = []
    if consultation.state != State.COLLECTING:
        problems.append(_("結果を公表できるのは、募集を締め切って集約中の意見公募だけです。"))
    has_chapters = consultation.chapters.exists()
    for opinion in consultation.opinions.all():
        missing = []
        if not opinion.summary.strip():
            missing.append(_("要旨"))
        if has_chapters and opinion.chapter_id is None:
            missing.append(_("章"))
        if not opinion.view.strip():
            missing.append(_("市の考え方"))
        if opinion.view_class_id is None:
            missing.append(_("区分"))
        if missing:
            problems.append(_("No.%(n)s: %(what)sが未入力です。") % {
                "n": opinion.number, "what": "・".join(missing)})
    return problems


@audited
@transaction.atomic
def publish_result(consultation: Consultation, user, *, expected_version=None) -> Consultation:
    """集約中 → 結果公表: the summaries and the city's views become public; final."""
    access.require(access.can_manage_consultation(user))
    current = _lock(consultation, expected_version)
    _refuse_if_published(current)
    problems = result_blockers(current)
    if problems:
        raise ValidationError(problems, code="incomplete")
    return _move(current, user, None, State.COLLECTING, State.PUBLISHED, "")
