"""Publishing a FY: the cycle moves to 公表済 and every document is generated and frozen.

`publication_preview` says, before anything happens, what the publication will freeze and
make public and what still blocks it (the confirmation page shows it). The sheet-by-sheet
check: a verified sheet without data (no text, no indicator) would print as an empty
heading, so it blocks the publication of a year run in Shisaku (`empty_sheet_blockers`);
a past year recorded from the city's incomplete report is not published here, and its
report names the sheets the source lacked instead (content/full.py). `keep_city_document`
stores the city's own printed report of a past year (brought in by the report importer)
as that year's published document.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from shisaku.accounts import access
from shisaku.audit.context import audited
from shisaku.lib.era import format_fy
from shisaku.sheets.cycle import Blocker, PublicationBlocked, move_cycle, publication_blockers
from shisaku.sheets.models import Cycle, Sheet

from .build import FORMATS, KINDS, build
from .content.sheet import has_content
from .models import PublishedDocument


@dataclass
class PublicationPreview:
    cycle: Cycle
    verified_sheets: int
    other_sheets: int
    opinions: int
    responses: int
    main_opinions: int
    documents: list[tuple[str, str, str]]  # (kind, format, label) still to be generated
    blockers: list[Blocker]
    empty_sheets: list[Blocker] = field(default_factory=list)  # verified sheets without data (also in blockers)

    @property
    def status_ok(self) -> bool:
        return self.cycle.status == Cycle.Status.SETTLED

    @property
    def ready(self) -> bool:
        return self.status_ok and not self.blockers


def publication_preview(cycle: Cycle) -> PublicationPreview:
    from shisaku.verification.models import ArticleMainOpinion, Opinion, Response

    sheets = Sheet.objects.current().filter(cycle=cycle)
    published = cycle.status == Cycle.Status.PUBLISHED
    empty = [] if published else empty_sheet_blockers(cycle)
    stored = set(PublishedDocument.objects.filter(cycle=cycle).values_list("kind", "format"))
    return PublicationPreview(
        cycle=cycle,
        verified_sheets=sheets.filter(verified=True).count(),
        other_sheets=sheets.filter(verified=False).count(),
        opinions=Opinion.objects.filter(cycle=cycle).count(),
        responses=Response.objects.filter(opinion__cycle=cycle).count(),
        main_opinions=ArticleMainOpinion.objects.filter(cycle=cycle).count(),
        documents=[(kind, fmt, f"{label}（{fmt.upper()}）") for kind, label in KINDS.items()
                   for fmt in FORMATS if (kind, fmt) not in stored],
        blockers=[] if published else _merged(empty, publication_blockers(cycle)),
        empty_sheets=empty,
    )


def sheets_without_data(cycle: Cycle) -> list[Sheet]:
    """The year's current verified sheets that carry nothing to print (no text, no indicator)."""
    sheets = (Sheet.objects.current().filter(cycle=cycle, verified=True)
              .select_related("project").prefetch_related("project__indicators")
              .order_by("project__group", "project__position", "project__name"))
    return [sheet for sheet in sheets if not has_content(sheet)]


def empty_sheet_blockers(cycle: Cycle) -> list[Blocker]:
    from django.urls import reverse

    return [Blocker(_("%(name)s（検証対象）: シートにデータがありません。報告書には見出ししか"
                      "載らないため、入力と確認が済むまで公表できません") % {
                          "name": sheet.project.heading},
                    reverse("sheets:detail", args=[sheet.pk]))
            for sheet in sheets_without_data(cycle)]


def _merged(first: list[Blocker], rest: list[Blocker]) -> list[Blocker]:
    """`first`, then each of `rest` about another page (one line per sheet)."""
    urls = {b.url for b in first}
    return first + [b for b in rest if not b.url or b.url not in urls]


@audited
@transaction.atomic
def publish(cycle: Cycle, user, progress=None) -> list[PublishedDocument]:
    if not access.can_manage_cycle(user):
        raise PermissionDenied
    if cycle.status != Cycle.Status.PUBLISHED:
        empty = empty_sheet_blockers(cycle)
        if empty:
            raise PublicationBlocked(cycle, _merged(empty, publication_blockers(cycle)))
    cycle = move_cycle(cycle, Cycle.Status.PUBLISHED, user)  # the gate; refuses when blocked
    stored = []
    for kind in KINDS:
        for fmt in FORMATS:
            document, created = ensure_document(cycle, kind, fmt, progress)
            if created:
                stored.append(document)
    return stored


def ensure_document(cycle: Cycle, kind: str, fmt: str,
                    progress=None) -> tuple[PublishedDocument, bool]:
    """The published year's document of this kind and format, built from the published
    record and stored (once, with its checksum) the first time it is asked for.

    A year recorded from the city's report has no documents of Shisaku's until someone
    asks; its record is final, so building later gives what building at once would have.
    Two requests at the same moment store one document: the second reads the first's.
    """
    if cycle.status != Cycle.Status.PUBLISHED:
        raise ValidationError(_("公表されていない年度の公表文書は作れません。"))
    if kind not in KINDS or fmt not in FORMATS:
        raise ValidationError(_("その種類・形式の文書はありません。"))
    found = PublishedDocument.objects.filter(cycle=cycle, kind=kind, format=fmt).first()
    if found is not None:
        return found, False
    data, _doc = build(cycle, kind, fmt, progress)
    try:
        with transaction.atomic():
            return PublishedDocument.objects.create(cycle=cycle, kind=kind, format=fmt,
                                                    content=data), True
    except IntegrityError:
        return PublishedDocument.objects.get(cycle=cycle, kind=kind, format=fmt), False


def keep_city_document(cycle: Cycle, data: bytes) -> tuple[PublishedDocument, bool]:
    """The city's own PDF of a past year, kept as that year's published report.

    Returns (document, created). An identical file already kept is left as it is; a
    different one is refused (a published document never changes).
    """
    if not data.startswith(b"%PDF"):
        raise ValidationError(_("市の報告書として保存できるのは PDF だけです。"))
    existing = PublishedDocument.objects.filter(cycle=cycle, kind="full", format="pdf").first()
    if existing is not None:
        if bytes(existing.content) == bytes(data):
            return existing, False
        raise ValidationError(
            _("%(fy)sの報告書（PDF）は既に保存されており、内容が異なります。公表文書は変更できません。")
            % {"fy": format_fy(cycle.fiscal_year)})
    document = PublishedDocument.objects.create(cycle=cycle, kind="full", format="pdf",
                                                content=data, source=PublishedDocument.Source.CITY)
    return document, True
