"""The verification set-up: the committees' rosters and the meetings of the year."""

from shisaku.lib.era import format_date

from ..data import ReportData
from ..document import Document, Para, Table


def rosters(doc: Document, data: ReportData) -> None:
    month = format_date(data.as_of, "month")
    for committee, memberships in data.rosters:
        rows = []
        previous = None
        for m in memberships:
            category = m.member.get_category_display()
            role = f"（{m.get_role_display()}）" if m.role != "member" else ""
            rows.append((category if category != previous else "", str(m.order),
                         m.member.affiliation + role, m.member.name))
            previous = category
        doc.add(Table(("区分", "No.", "所属・役職", "氏名"), tuple(rows), widths=(3, 1, 8, 3),
                      caption=f"図表 「{committee.name}」委員名簿（{month}現在）"))
        if not rows:
            doc.warnings.append(f"{committee.name}: 名簿が空")


def meetings(doc: Document, data: ReportData) -> None:
    if not data.meetings:
        doc.add(Para("※ 検証の会議は登録されていません。", "note"))
        return
    rows = tuple((format_date(m.held_on) if m.held_on else "—", str(m), m.get_kind_display(),
                  meeting_content(m)) for m in data.meetings)
    doc.add(Table(("開催日", "会議", "種別", "内容"), rows, widths=(3, 5, 2, 7),
                  caption="図表 中小企業活性化専門部会及び産業振興協議会での施策検証作業の実施状況"))


def meeting_content(meeting) -> str:
    """What the 内容 column prints: the agenda, else the summary of what was done (the demo
    and most records fill the summary only)."""
    text = meeting.agenda.strip() or meeting.summary.strip()
    return " ".join(line.strip() for line in text.splitlines() if line.strip())
