"""A past year's opinions, responses and main opinions recorded from its printed report.

Used by the report importer (ingest) and the demo's synthetic years.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction

from shisaku.audit.context import audited
from shisaku.core.concurrency import save_versioned
from shisaku.sheets.models import Cycle

from .guards import lock_cycle, refuse_if_published
from .models import ArticleMainOpinion, Opinion, Response

# --- a past year recorded from its printed report ---------------------------------------------
#
# The report importer records what the city printed: opinions keep their printed numbers and
# come with the printed response, whatever the cycle's state while the import runs (a past
# year is marked 公表済 only after every write, by sheets.cycle.record_past_publication).
# These services validate, refuse a year already published in Shisaku, move versions on and
# write through model save()/delete() so the audit trail records each change.

@dataclass
class PrintedCounts:
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    deleted: Counter = field(default_factory=Counter)
    new_response: bool = False


def _printed_response(opinion, answer: str, section, effective_fy_of) -> Response:
    """The city's printed answer to an opinion: 計画どおり, with the year it names."""
    return Response(opinion=opinion, text=answer, classification=Response.Classification.PLANNED,
                    section=section, effective_fy=effective_fy_of(answer))


@audited
@transaction.atomic
def record_printed_opinions(cycle: Cycle, user, *, key: dict, wanted: list[tuple[int, str, str]],
                            section=None, effective_fy_of=lambda text: None) -> PrintedCounts:
    """Make the opinions of one target (`key`: scope and sheet/article) read as printed.

    `wanted` is [(number, opinion text, response text)]. Existing opinions are matched by
    number; those the report no longer prints are deleted.
    """
    refuse_if_published(lock_cycle(cycle))
    counts = PrintedCounts()
    existing = {o.number: o for o in Opinion.objects.filter(cycle=cycle, **key)
                .select_related("response").order_by("number")}
    for number, text, answer in wanted:
        opinion = existing.pop(number, None)
        if opinion is None:
            opinion = Opinion(cycle=cycle, number=number, text=text, author=None, **key)
            opinion.full_clean(exclude=["author"])
            opinion.save()
            counts.created["opinion"] += 1
        elif opinion.text != text:
            opinion.text = text
            opinion.full_clean(exclude=["author"])
            save_versioned(opinion, ["text"], user=user)
            counts.updated["opinion"] += 1
        else:
            counts.unchanged["opinion"] += 1
        if not answer:
            continue
        stored = Response.objects.filter(opinion=opinion).first()
        if stored is None:
            response = _printed_response(opinion, answer, section, effective_fy_of)
            response.full_clean(exclude=["author"])
            response.save()
            counts.created["response"] += 1
            counts.new_response = True
        else:
            if stored.text != answer:
                stored.text = answer
                save_versioned(stored, ["text"], user=user)
                counts.updated["response"] += 1
            else:
                counts.unchanged["response"] += 1
    for opinion in existing.values():
        opinion.delete()
        counts.deleted["opinion"] += 1
    return counts


@audited
@transaction.atomic
def record_printed_opinions_many(cycle: Cycle, user, *, items, effective_fy_of=lambda text: None
                                 ) -> PrintedCounts:
    """record_printed_opinions for many targets at once: `items` is [(key, wanted, section)].

    For a past report of thousands of sheets: the opinions and responses of targets that
    have none yet are checked field by field (their targets are the importer's own rows)
    and written with one insert each, with their audit entries; a target that already has
    opinions, or comes twice, goes through record_printed_opinions (compare, update,
    delete).
    """
    from auditlog.models import LogEntry

    from shisaku.audit.records import log_bulk

    refuse_if_published(lock_cycle(cycle))
    counts = PrintedCounts()

    def target(key: dict) -> tuple:
        sheet, article = key.get("sheet"), key.get("article")
        return (key["scope"], sheet.pk if sheet is not None else None, key.get("group", ""),
                article.pk if article is not None else None)

    stored = set(Opinion.objects.filter(cycle=cycle).order_by()
                 .values_list("scope", "sheet_id", "group", "article_id").distinct())
    opinions: list[Opinion] = []
    responses: list[Response] = []
    seen: set[tuple] = set()

    def flush() -> None:
        Opinion.objects.bulk_create(opinions)
        for response in responses:
            response.opinion_id = response.opinion.pk
        Response.objects.bulk_create(responses)
        log_bulk(opinions, LogEntry.Action.CREATE)
        log_bulk(responses, LogEntry.Action.CREATE)
        stored.update(seen)
        opinions.clear()
        responses.clear()

    for key, wanted, section in items:
        where = target(key)
        if where in stored or where in seen:
            flush()
            more = record_printed_opinions(cycle, user, key=key, wanted=wanted,
                                           section=section, effective_fy_of=effective_fy_of)
            for kind in ("created", "updated", "unchanged", "deleted"):
                getattr(counts, kind).update(getattr(more, kind))
            counts.new_response |= more.new_response
            continue
        seen.add(where)
        for number, text, answer in wanted:
            opinion = Opinion(cycle=cycle, number=number, text=text, author=None, **key)
            opinion.full_clean(exclude=["author", "cycle", "sheet", "article"],
                               validate_unique=False, validate_constraints=False)
            opinions.append(opinion)
            counts.created["opinion"] += 1
            if not answer:
                continue
            response = _printed_response(opinion, answer, section, effective_fy_of)
            response.full_clean(exclude=["author", "opinion", "section"],
                                validate_unique=False, validate_constraints=False)
            responses.append(response)
            counts.created["response"] += 1
            counts.new_response = True
    flush()
    return counts


@audited
@transaction.atomic
def record_printed_main_opinions(cycle: Cycle, user, *, article, texts: list[str]) -> PrintedCounts:
    """Make an article's main opinions read as printed (replacing what differs)."""
    refuse_if_published(lock_cycle(cycle))
    counts = PrintedCounts()
    existing = list(ArticleMainOpinion.objects.filter(cycle=cycle, article=article)
                    .order_by("order", "pk"))
    if [m.text for m in existing] == texts:
        counts.unchanged["main_opinion"] += len(existing)
        return counts
    for stale in existing:
        stale.delete()
        counts.deleted["main_opinion"] += 1
    for order, text in enumerate(texts, start=1):
        main = ArticleMainOpinion(cycle=cycle, article=article, order=order, text=text)
        main.full_clean()
        main.save()
        counts.created["main_opinion"] += 1
    return counts
