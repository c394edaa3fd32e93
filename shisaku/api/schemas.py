"""The read API's response shapes (OpenAPI components). Descriptions are Japanese msgids
(gettext_noop), translated when the documentation page shows them."""

import datetime

from django.utils.translation import gettext_noop
from ninja import Field, Schema


class Error(Schema):
    detail: str = Field(description=gettext_noop("エラーの説明"))


class SectionRef(Schema):
    id: int = Field(description=gettext_noop("所管課のID"))
    name: str = Field(description=gettext_noop("所管課名"))


class VisionState(Schema):
    order: int
    text: str = Field(description=gettext_noop("めざす姿が実現している状態"))


class ProgramRef(Schema):
    id: int
    ordinal: int = Field(description=gettext_noop("期（第何期か）"))
    name: str


class PlanOut(Schema):
    id: int
    name: str = Field(description=gettext_noop("計画名"))
    first_fy: int = Field(description=gettext_noop("開始年度（西暦）"))
    last_fy: int = Field(description=gettext_noop("終了年度（西暦）"))
    purpose: str = Field(description=gettext_noop("策定趣旨"))
    position: str = Field(description=gettext_noop("計画の位置づけ"))
    vision: str = Field(description=gettext_noop("めざす姿"))
    vision_note: str = Field(description=gettext_noop("めざす姿の考え方"))
    vision_states: list[VisionState]
    programs: list[ProgramRef] = Field(description=gettext_noop("開始済の実行プログラム"))


class LevelOut(Schema):
    order: int = Field(description=gettext_noop("階層の順序"))
    name: str = Field(description=gettext_noop("階層名（例: 政策、施策、基本戦略）"))
    in_tree: bool = Field(description=gettext_noop("体系の階層か（偽: ポイントなど体系外の観点）"))


class ProgramOut(Schema):
    id: int
    plan_id: int
    ordinal: int = Field(description=gettext_noop("期（第何期か）"))
    name: str = Field(description=gettext_noop("実行プログラム名"))
    first_fy: int = Field(description=gettext_noop("開始年度（西暦）"))
    last_fy: int = Field(description=gettext_noop("終了年度（西暦）"))
    comprehensive_plan_period: str = Field(description=gettext_noop("対応する総合計画の実施計画"))
    description: str = Field(description=gettext_noop("概要"))
    levels: list[LevelOut] = Field(description=gettext_noop("体系の階層"))


class NodeOut(Schema):
    id: int
    program_id: int
    parent_id: int | None = Field(description=gettext_noop("上位の項目のID（最上位・体系外はnull）"))
    level: str = Field(description=gettext_noop("階層名"))
    level_order: int = Field(description=gettext_noop("階層の順序"))
    in_tree: bool = Field(description=gettext_noop("体系の項目か"))
    code: str = Field(description=gettext_noop("番号（例: 3-3-1）"))
    title: str = Field(description=gettext_noop("名称"))
    order: int = Field(description=gettext_noop("表示順"))
    description: str = Field(description=gettext_noop("説明"))
    other_bureau: bool = Field(description=gettext_noop("他局の取組（※）"))
    informs: list[int] = Field(description=gettext_noop("反映される体系項目のID（ポイントなど）"))
    project_ids: list[int] = Field(description=gettext_noop("この項目に位置付けられた事務事業のID"))


class ProjectRef(Schema):
    id: int
    name: str


class LineageOut(Schema):
    kind: str = Field(description=gettext_noop("種別（new, renamed, merged, split, abolished）"))
    kind_label: str = Field(description=gettext_noop("種別の表示名"))
    effective_fy: int = Field(description=gettext_noop("適用年度（西暦）"))
    note: str = Field(description=gettext_noop("備考"))
    predecessors: list[ProjectRef] = Field(description=gettext_noop("変更前の事業"))
    successors: list[ProjectRef] = Field(description=gettext_noop("変更後の事業"))


class PlacementOut(Schema):
    program_id: int
    program: str = Field(description=gettext_noop("実行プログラム名"))
    node_id: int = Field(description=gettext_noop("体系項目のID"))
    code: str = Field(description=gettext_noop("体系項目の番号"))


class ProjectOut(Schema):
    id: int
    name: str = Field(description=gettext_noop("事務事業名"))
    heading: str = Field(description=gettext_noop("報告書の見出し（まとまりと番号つき）"))
    group: str = Field(description=gettext_noop("関連事業のまとまり"))
    position: int | None = Field(description=gettext_noop("まとまりの中の番号"))
    section: SectionRef | None = Field(description=gettext_noop("所管課"))
    articles: list[int] = Field(description=gettext_noop("条例の条番号"))
    first_fy: int | None = Field(description=gettext_noop("開始年度（西暦、不明はnull）"))
    last_fy: int | None = Field(description=gettext_noop("終了年度（西暦、継続中はnull）"))
    description: str = Field(description=gettext_noop("事業概要"))
    placements: list[PlacementOut] = Field(description=gettext_noop("体系上の位置付け"))
    lineage: list[LineageOut] = Field(description=gettext_noop("事業の変遷（統合・名称変更など）"))


class SheetTexts(Schema):
    goal: str = Field(description=gettext_noop("施策における目標"))
    plan: str = Field(description=gettext_noop("事業計画（Plan）"))
    activities: str = Field(description=gettext_noop("主な取組"))
    indicator_notes: str = Field(description=gettext_noop("主な成果・活動指標に関する補足事項"))
    do_text: str = Field(description=gettext_noop("事業の実施状況（Do）"))
    program_results: str = Field(description=gettext_noop("実行プログラムの主な実績・成果"))
    program_issues: str = Field(description=gettext_noop("実行プログラムの課題"))
    next_plan: str = Field(description=gettext_noop("次年度の実施計画"))
    summary_results: str = Field(description=gettext_noop("今年度の実績（その他の事業）"))
    summary_next: str = Field(description=gettext_noop("次年度の概要（その他の事業）"))


class SheetOut(Schema):
    id: int
    fiscal_year: int = Field(description=gettext_noop("年度（西暦）"))
    project_id: int
    project: str = Field(description=gettext_noop("事務事業名（公表時）"))
    section: SectionRef | None = Field(description=gettext_noop("所管課"))
    articles: list[int] = Field(description=gettext_noop("条例の条番号"))
    revision: int = Field(description=gettext_noop("版（訂正で増える）"))
    published: bool = Field(description=gettext_noop("公表済か（偽はトークン利用者の未公表シート）"))
    state: str = Field(description=gettext_noop("状態（draft, submitted, returned, confirmed, published）"))
    verified: bool = Field(description=gettext_noop("検証対象か"))
    published_at: datetime.datetime | None = Field(
        description=gettext_noop("公表日時（公表の月だけが分かる過去の年度では空）"))
    texts: SheetTexts = Field(description=gettext_noop("シートの本文（公表済は公表時点の内容）"))


class BreakdownItem(Schema):
    label: str
    value: float | None


class IndicatorValueOut(Schema):
    fiscal_year: int = Field(description=gettext_noop("年度（西暦）"))
    target: float | None = Field(description=gettext_noop("目標"))
    actual: float | None = Field(description=gettext_noop("実績"))
    actual_status: str = Field(description=gettext_noop("実績の状況（measured, cancelled, not_done, pending など）"))
    breakdown: list[BreakdownItem] = Field(description=gettext_noop("実績の内訳"))
    target_breakdown: list[BreakdownItem] = Field(description=gettext_noop("目標の内訳"))
    comment: str = Field(description=gettext_noop("備考"))


class IndicatorOut(Schema):
    sheet_id: int
    fiscal_year: int = Field(description=gettext_noop("シートの年度（西暦）"))
    project_id: int
    published: bool = Field(description=gettext_noop("公表済のシートの値か"))
    indicator_id: int | None
    name: str = Field(description=gettext_noop("指標名"))
    unit: str = Field(description=gettext_noop("単位"))
    kind: str = Field(description=gettext_noop("種別（outcome, activity, reference）"))
    direction: str = Field(description=gettext_noop("方向（higher, lower）"))
    values: list[IndicatorValueOut] = Field(description=gettext_noop("前年度と当年度の目標・実績"))


class ResponseOut(Schema):
    text: str = Field(description=gettext_noop("対応（Action）"))
    classification: str = Field(description=gettext_noop("分類"))
    classification_label: str
    section: SectionRef | None
    effective_fy: int | None = Field(description=gettext_noop("反映する年度（西暦）"))
    plan_items: list[str] = Field(description=gettext_noop("反映する実施計画の項目"))


class FollowUpOut(Schema):
    fiscal_year: int = Field(description=gettext_noop("確認した年度（西暦）"))
    status: str = Field(description=gettext_noop("実施状況（done, partial, not_done）"))
    status_label: str
    note: str = Field(description=gettext_noop("説明"))


class OpinionOut(Schema):
    id: int
    fiscal_year: int = Field(description=gettext_noop("年度（西暦）"))
    scope: str = Field(description=gettext_noop("対象の範囲（sheet, group, article, cycle）"))
    number: int = Field(description=gettext_noop("番号"))
    label: str = Field(description=gettext_noop("番号の表記（①など）"))
    target: str = Field(description=gettext_noop("意見の対象"))
    group: str = Field(description=gettext_noop("関連事業のまとまり"))
    project_ids: list[int] = Field(description=gettext_noop("対象の事務事業のID"))
    articles: list[int] = Field(description=gettext_noop("条例の条番号"))
    text: str = Field(description=gettext_noop("検証意見（Check）"))
    themes: list[str] = Field(description=gettext_noop("テーマ"))
    response: ResponseOut | None = Field(description=gettext_noop("対応"))
    follow_up: FollowUpOut | None = Field(description=gettext_noop("翌年度のフォローアップ（公表済のもの）"))


class PeriodOut(Schema):
    key: str = Field(description=gettext_noop("期間のキー（例: 2021、2022Q2）"))
    label: str = Field(description=gettext_noop("期間の表示名"))
    comparability_group: str = Field(description=gettext_noop("比較可能性グループ"))
    note: str = Field(description=gettext_noop("注記"))
    released_on: datetime.date | None = Field(description=gettext_noop("公表日"))


class DatasetOut(Schema):
    slug: str = Field(description=gettext_noop("識別子"))
    title: str = Field(description=gettext_noop("表題"))
    kind: str = Field(description=gettext_noop("種類"))
    kind_label: str
    measure: str = Field(description=gettext_noop("計数（経済センサスのみ）"))
    unit: str = Field(description=gettext_noop("単位"))
    source: str = Field(description=gettext_noop("出所"))
    series: str = Field(description=gettext_noop("調査系列"))
    reference_date: datetime.date | None = Field(description=gettext_noop("調査時点"))
    release: str = Field(description=gettext_noop("公表区分（preliminary, final）"))
    published_on: datetime.date | None = Field(description=gettext_noop("公表日"))
    document: str = Field(description=gettext_noop("掲載資料"))
    caveat: str = Field(description=gettext_noop("比較上の注意"))
    notes: str = Field(description=gettext_noop("注記"))
    periods: list[PeriodOut] = Field(description=gettext_noop("公表済の期間"))


class Dimension(Schema):
    code: str
    label: str


class ValueOut(Schema):
    period: str | None = Field(description=gettext_noop("期間のキー（アンケートはnull）"))
    period_label: str | None = Field(description=gettext_noop("期間の表示名"))
    dimensions: dict[str, Dimension] = Field(description=gettext_noop("区分（業種、地域など）"))
    value: float | None = Field(description=gettext_noop("値"))
    unit: str = Field(description=gettext_noop("単位"))


class DocumentOut(Schema):
    fiscal_year: int = Field(description=gettext_noop("年度（西暦）"))
    kind: str = Field(description=gettext_noop("種類（full, summary, press など）"))
    format: str = Field(description=gettext_noop("形式（pdf, docx など）"))
    sha256: str = Field(description=gettext_noop("内容のSHA-256"))
    size: int = Field(description=gettext_noop("バイト数"))
    source: str = Field(description=gettext_noop("出典（shisaku: Shisakuで生成、city: 市の報告書）"))
    created_at: datetime.datetime = Field(description=gettext_noop("作成日時"))
    url: str = Field(description=gettext_noop("ダウンロードURL"))
