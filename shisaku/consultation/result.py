"""The published result of a public comment: what anyone may read, and nothing else.

`public_result` copies only the public fields of each opinion (number, category, chapter,
summary, the city's view and its class) into plain records: the page and the documents are
built from these, so a sender's name, e-mail, address or own wording cannot reach them.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .models import Consultation, Opinion, ViewClass


@dataclass(frozen=True)
class PublicOpinion:
    number: int
    category: str
    summary: str
    view_code: str
    view: str


@dataclass(frozen=True)
class ChapterGroup:
    title: str
    opinions: tuple[PublicOpinion, ...]


@dataclass
class Result:
    consultation: Consultation
    total: int
    by_category: list[tuple[str, int]]
    by_class: list[tuple[str, str, int]]  # code, label, count
    chapters: list[ChapterGroup] = field(default_factory=list)


def public_result(consultation: Consultation) -> Result:
    """The result as published (call only for a published consultation)."""
    opinions = list(consultation.opinions.select_related("chapter", "view_class")
                    .order_by("chapter__order", "number"))
    categories = Counter(o.category for o in opinions)
    classes = Counter(o.view_class_id for o in opinions)
    by_category = [(label, categories[value]) for value, label in Opinion.Category.choices]
    by_class = [(c.code, c.label, classes[c.pk]) for c in ViewClass.objects.all()]
    groups: dict[str, list[PublicOpinion]] = {}
    for chapter in consultation.chapters.all():
        groups[chapter.title] = []
    general = _("素案全体・その他")
    for opinion in opinions:
        title = opinion.chapter.title if opinion.chapter_id else general
        groups.setdefault(title, []).append(PublicOpinion(
            number=opinion.number, category=opinion.get_category_display(),
            summary=opinion.summary,
            view_code=opinion.view_class.code if opinion.view_class_id else "",
            view=opinion.view))
    return Result(consultation=consultation, total=len(opinions), by_category=by_category,
                  by_class=by_class,
                  chapters=[ChapterGroup(t, tuple(ops)) for t, ops in groups.items() if ops])
