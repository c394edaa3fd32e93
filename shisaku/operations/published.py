"""Do the published files still match the SHA-256 recorded when they were published?"""

import hashlib
from dataclasses import dataclass

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from shisaku.lib.era import format_fy
from shisaku.reports.models import PublishedDocument

VERIFY_PUBLISHED = "verify_published"


@dataclass
class Failure:
    document_id: int
    name: str  # 令和3（2021）年度 full.pdf
    recorded: str
    actual: str
    recorded_size: int
    actual_size: int

    def __str__(self) -> str:
        return (f"{self.name}（ID {self.document_id}）: SHA-256 が一致しません"
                f"（記録 {self.recorded}、実際 {self.actual}、"
                f"サイズ 記録 {self.recorded_size:,} バイト、実際 {self.actual_size:,} バイト）")


@dataclass
class Verification:
    checked: int
    failures: list[Failure]

    @property
    def ok(self) -> bool:
        return not self.failures


def document_name(fiscal_year: int, kind: str, fmt: str) -> str:
    return f"{format_fy(fiscal_year)} {kind}.{fmt}"


def verify_published() -> Verification:
    """Hash every published document again; a few at a time, so memory stays small."""
    checked, failures = 0, []
    documents = (PublishedDocument.objects.order_by("pk")
                 .values_list("pk", "cycle__fiscal_year", "kind", "format", "content",
                              "sha256", "size"))
    for pk, fy, kind, fmt, content, recorded, size in documents.iterator(chunk_size=8):
        data = bytes(content)
        actual = hashlib.sha256(data).hexdigest()
        checked += 1
        if actual != recorded or len(data) != size:
            failures.append(Failure(pk, document_name(fy, kind, fmt), recorded, actual,
                                    size, len(data)))
    return Verification(checked, failures)


def record_verification(result: Verification) -> LogEntry:
    """One audit entry per run: how many were checked and which failed.

    The actor and path come from the surrounding `acting` context (the command's).
    """
    summary = (f"{result.checked} 件すべて一致" if result.ok else
               f"{result.checked} 件中 {len(result.failures)} 件が不一致")
    entry = LogEntry(
        content_type=ContentType.objects.get_for_model(PublishedDocument),
        object_pk="", object_repr="公表文書の照合", action=LogEntry.Action.ACCESS,
        changes={"照合結果": ["", summary]},
    )
    entry.save()  # the acting context fills actor and path in here
    entry.additional_data = {**(entry.additional_data or {}), "event": VERIFY_PUBLISHED,
                             "checked": result.checked,
                             "failed": [f.document_id for f in result.failures]}
    LogEntry.objects.filter(pk=entry.pk).update(additional_data=entry.additional_data)
    return entry
