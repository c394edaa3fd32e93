"""Every write of the ordinance and its articles: the report importer, the import command
and the demo loader call ``save_ordinance``; the admin only views.

Rules:

* the structure is checked before anything is written: articles numbered 1…N without gaps
  or repeats, paragraphs and items numbered in sequence (``structure.py``), a caption for
  every article;
* rows are found by title and article number and written only where a value differs, so
  saving the same text twice changes nothing; every save is a model ``save()`` the audit
  trail sees, attributed to `user` (or the command's OS user);
* a summary never replaces the city's own text: when the stored ordinance carries the
  city's text (not ``summarised``), saving a summary leaves its sentences as they are;
* articles not in the text are kept (projects and opinions refer to them);
* the kind of a new article (measure 12-19, verification 22, publication 23) follows the
  ordinance's numbering unless given; a stored kind is not changed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from shisaku.accounts import access
from shisaku.audit.context import audited

from . import structure
from .models import Article, Ordinance
from .parse import ParsedOrdinance


def default_kind(number: int) -> str:
    """Kawasaki's ordinance: 12-19 the measures, 22 the verification, 23 the publication."""
    if 12 <= number <= 19:
        return Article.Kind.MEASURE
    return {22: Article.Kind.VERIFICATION, 23: Article.Kind.PUBLICATION}.get(
        number, Article.Kind.OTHER)


@dataclass
class SaveResult:
    ordinance: Ordinance
    counts: Counter  # created / updated / unchanged rows
    created_by_model: Counter  # "ordinance.Article" → rows created
    kept_city_text: bool = False

    @property
    def changes(self) -> int:
        return self.counts["created"] + self.counts["updated"]


def check_structure(text: ParsedOrdinance) -> None:
    """ValidationError listing what is wrong with the ordinance's structure."""
    errors = []
    numbers = [a.number for a in text.articles]
    if not numbers:
        errors.append(_("条がありません。"))
    elif numbers != list(range(1, len(numbers) + 1)):
        errors.append(_("条の番号が第1条から順に続いていません（%(numbers)s）。")
                      % {"numbers": "、".join(str(n) for n in numbers)})
    for article in text.articles:
        if not article.caption.strip():
            errors.append(_("第%(n)s条に見出しがありません。") % {"n": article.number})
        if not article.paragraphs:
            errors.append(_("第%(n)s条に本文がありません。") % {"n": article.number})
            continue
        try:
            read_back = structure.paragraphs(structure.body(article.paragraphs))
        except structure.BodyError as exc:
            errors.append(_("第%(n)s条: %(error)s") % {"n": article.number, "error": exc})
            continue
        if read_back != list(article.paragraphs):
            errors.append(_("第%(n)s条の項・号の番号が順に並んでいません。") % {"n": article.number})
    if errors:
        raise ValidationError(errors)


def _write(obj, values: dict, counts: Counter, created: Counter) -> None:
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if obj.pk is not None and not changed:
        counts["unchanged"] += 1
        return
    for name in changed:
        setattr(obj, name, values[name])
    obj.full_clean()
    if obj.pk is None:
        obj.save()
        counts["created"] += 1
        created[obj._meta.label] += 1
    else:
        obj.save(update_fields=changed)
        counts["updated"] += 1


@audited
@transaction.atomic
def save_ordinance(text: ParsedOrdinance, user=None, *, summarised: bool,
                   short_title: str | None = None, in_force_on=None,
                   kinds: dict[int, str] | None = None,
                   check_access: bool = True) -> SaveResult:
    """Write the ordinance `text` (its title, 前文, articles, 附則) and say what changed.

    `summarised`: the sentences are a summary, not the city's text. `check_access=False`
    for the command-line paths (import command, demo loader), which are trusted.
    """
    if check_access:
        access.require(access.can_manage_plan(user))
    check_structure(text)
    counts: Counter = Counter()
    created: Counter = Counter()
    ordinance = (Ordinance.objects.select_for_update().filter(title=text.title).first()
                 or Ordinance(title=text.title))
    keep_city_text = summarised and ordinance.pk is not None and not ordinance.summarised
    values: dict = {}
    if not keep_city_text:
        values.update(preamble="\n".join(p.strip() for p in text.preamble),
                      supplementary=text.supplementary.strip(), summarised=summarised)
    if short_title is not None:
        values["short_title"] = short_title
    if in_force_on is not None:
        values["in_force_on"] = in_force_on
    _write(ordinance, values, counts, created)
    stored = {a.number: a for a in Article.objects.select_for_update().filter(
        ordinance=ordinance)}
    for parsed in text.articles:
        article = stored.get(parsed.number) or Article(
            ordinance=ordinance, number=parsed.number,
            kind=(kinds or {}).get(parsed.number) or default_kind(parsed.number))
        values = {"title": parsed.caption.strip(), "part": parsed.part.strip()}
        if not keep_city_text:
            values["text"] = structure.body(parsed.paragraphs)
        _write(article, values, counts, created)
    return SaveResult(ordinance, counts, created, keep_city_text)
