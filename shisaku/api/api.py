"""The read API v1 (django-ninja): GET routes only, every answer typed by a schema.

Anonymous callers read the published record. `Authorization: Bearer <token>` (a staff token,
see tokens.py) adds the caller's own unpublished sheets to /sheets and /indicators; an
unknown or revoked token is refused with 401. Every 200 carries an ETag (hash of the body)
and Last-Modified (the record's latest publication); If-None-Match gives 304.
"""

import hashlib
from typing import Any

from django.conf import settings as django_settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import gettext_noop
from ninja import Field, NinjaAPI, Path, Query, Schema
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.renderers import JSONRenderer
from ninja.security import HttpBearer
from ninja.throttling import SimpleRateThrottle

from shisaku.accounts.lockout import client_address
from shisaku.published.cache import remember

from . import reading, reading_opinions, reading_sheets, reading_stats, schemas, tokens

MAX_LIMIT = 200
DEFAULT_LIMIT = 50


class Invalid(Schema):
    detail: list[dict[str, Any]] = Field(description=gettext_noop("受け付けられない条件の一覧"))


class Page(LimitOffsetPagination):
    """limit/offset with a documented maximum page size."""

    class Input(Schema):
        limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT,
                           description=gettext_noop("1ページの件数（最大200）"))
        offset: int = Field(0, ge=0, le=1_000_000, description=gettext_noop("先頭から飛ばす件数"))

    def __init__(self, **kwargs):
        super().__init__(max_limit=MAX_LIMIT, **kwargs)


class OptionalBearer(HttpBearer):
    """No Authorization header: an anonymous reader. A bearer token: its staff user, or 401."""

    openapi_description = gettext_noop("職員のAPIトークン（任意）。付けると自分の未公表シートも返します。")

    def __call__(self, request):
        if not request.headers.get("Authorization"):
            return AnonymousUser()
        return super().__call__(request)

    def authenticate(self, request, token):
        return tokens.user_for(token)


class Utf8Renderer(JSONRenderer):
    json_dumps_params = {"ensure_ascii": False}


class AnonymousThrottle(SimpleRateThrottle):
    """Anonymous callers, per address (the same address rule as the sign-in lockout), at
    settings.SHISAKU_API_ANON_RATE ("600/min"; None: no limit); token holders are not limited."""

    scope = "shisaku_api_anonymous"

    def __init__(self):
        self.rate, self.num_requests, self.duration = None, None, None

    def allow_request(self, request) -> bool:
        self.rate = getattr(django_settings, "SHISAKU_API_ANON_RATE", "600/min")
        if not self.rate:
            return True
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)

    def get_cache_key(self, request):
        if reading.is_token_holder(getattr(request, "auth", None)):
            return None
        return self.cache_format % {"scope": self.scope, "ident": client_address(request)}


class ReadApi(NinjaAPI):
    def get_openapi_operation_id(self, operation) -> str:
        return operation.view_func.__name__  # list_sheets, not shisaku_api_api_list_sheets

    def create_response(self, request, data, *, status=None, temporal_response=None):
        response = super().create_response(request, data, status=status,
                                           temporal_response=temporal_response)
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            return conditional(request, response, holder=reading.is_token_holder(
                getattr(request, "auth", None)))
        return response


def conditional(request, response: HttpResponse, *, holder: bool) -> HttpResponse:
    """ETag from the body, Last-Modified from the record; 304 when the caller has it."""
    etag = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
    last = reading.last_published()
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last.timestamp())
    patch_vary_headers(response, ["Authorization"])
    if holder:
        # Live rows of a token holder: revalidate by ETag only, keep nothing in shared caches.
        patch_cache_control(response, private=True, no_cache=True)
        not_modified = get_conditional_response(request, etag=etag, response=response)
    else:
        patch_cache_control(response, public=True, max_age=300)
        not_modified = get_conditional_response(request, etag=etag,
                                                last_modified=int(last.timestamp()),
                                                response=response)
    return response if not_modified is None else not_modified


api = ReadApi(
    title="施策 Shisaku 公開API",
    version="1.0.0",
    description=gettext_noop("川崎市の中小企業活性化施策の公表済の記録（計画、事務事業、事業シート、指標、"
                   "検証意見、統計、公表文書）を読むためのAPIです。読み取り専用です。"),
    urls_namespace="api",
    openapi_url=None,
    docs_url=None,
    auth=OptionalBearer(),
    throttle=[AnonymousThrottle()],
    renderer=Utf8Renderer(),
)

COMMON = {401: schemas.Error, 422: Invalid, 429: schemas.Error}
FiscalYear = Field(None, ge=1900, le=2200, description=gettext_noop("年度（西暦、例: 2021）"))
ArticleNo = Field(None, ge=1, le=999, description=gettext_noop("条例の条番号（例: 12）"))
AnyId = Field(None, ge=1, le=2**62, description=gettext_noop("ID"))


class ProjectFilters(Schema):
    fiscal_year: int | None = Field(None, ge=1900, le=2200,
                                    description=gettext_noop("その年度に公表済のシートがある事業"))
    article: int | None = ArticleNo
    node: int | None = Field(None, ge=1, le=2**62,
                             description=gettext_noop("体系項目のID（その下の項目を含む）"))
    section: int | None = Field(None, ge=1, le=2**62, description=gettext_noop("所管課のID"))


class SheetFilters(Schema):
    fiscal_year: int | None = FiscalYear
    article: int | None = ArticleNo
    project: int | None = Field(None, ge=1, le=2**62, description=gettext_noop("事務事業のID"))
    section: int | None = Field(None, ge=1, le=2**62, description=gettext_noop("所管課のID"))


class IndicatorFilters(Schema):
    fiscal_year: int | None = FiscalYear
    article: int | None = ArticleNo
    project: int | None = Field(None, ge=1, le=2**62, description=gettext_noop("事務事業のID"))


class OpinionFilters(IndicatorFilters):
    pass


class DocumentFilters(Schema):
    fiscal_year: int | None = FiscalYear
    kind: str | None = Field(None, max_length=20, pattern=r"^[a-z_]+$",
                             description=gettext_noop("種類（例: full）"))
    format: str | None = Field(None, max_length=10, pattern=r"^[a-z]+$",
                               description=gettext_noop("形式（例: pdf）"))


def _caller(request):
    return getattr(request, "auth", None)


@api.get("/plans", response={200: list[schemas.PlanOut], **COMMON}, tags=["plan"],
         summary=gettext_noop("計画の一覧"),
         description=gettext_noop("開始済の実行プログラムをもつ産業振興プラン。"))
@paginate(Page)
def list_plans(request):
    return [{
        "id": plan.pk, "name": plan.name, "first_fy": plan.first_fy, "last_fy": plan.last_fy,
        "purpose": plan.purpose, "position": plan.position,
        "vision": plan.vision, "vision_note": plan.vision_note,
        "vision_states": [{"order": s.order, "text": s.text} for s in plan.vision_states.all()],
        "programs": [{"id": p.pk, "ordinal": p.ordinal, "name": p.name}
                     for p in plan.begun_programs],
    } for plan in reading.plans()]


@api.get("/programs", response={200: list[schemas.ProgramOut], **COMMON}, tags=["plan"],
         summary=gettext_noop("実行プログラムの一覧"),
         description=gettext_noop("開始済の実行プログラムと、その体系の階層。"))
@paginate(Page)
def list_programs(request):
    return [{
        "id": p.pk, "plan_id": p.plan_id, "ordinal": p.ordinal, "name": p.name,
        "first_fy": p.first_fy, "last_fy": p.last_fy,
        "comprehensive_plan_period": p.comprehensive_plan_period,
        "description": p.description,
        "levels": [{"order": lv.order, "name": lv.name, "in_tree": lv.in_tree}
                   for lv in p.levels.all()],
    } for p in reading.programs()]


@api.get("/programs/{program_id}/nodes",
         response={200: list[schemas.NodeOut], 404: schemas.Error, **COMMON}, tags=["plan"],
         summary=gettext_noop("実行プログラムの体系項目"),
         description=gettext_noop("体系の項目（上位の項目のID、階層名、番号、名称）と、位置付けられた事務事業。"))
@paginate(Page)
def list_nodes(request, program_id: int = Path(..., ge=1, le=2**62)):
    program = reading.program(program_id)
    if program is None:
        raise HttpError(404, "not found")
    return [reading.node_row(node) for node in reading.nodes(program)]


@api.get("/projects", response={200: list[schemas.ProjectOut], **COMMON}, tags=["projects"],
         summary=gettext_noop("事務事業の一覧"),
         description=gettext_noop("計画に位置付けられた事務事業と公表済のシートがある事務事業。条文、所管課、"
                        "体系上の位置付け、変遷（前身・後継の事業）つき。"))
@paginate(Page)
def list_projects(request, filters: Query[ProjectFilters]):
    data = filters.dict()
    return remember("api-projects", data,
                    lambda: [reading.project_row(p) for p in reading.projects(**data)])


@api.get("/sheets", response={200: list[schemas.SheetOut], **COMMON}, tags=["sheets"],
         summary=gettext_noop("事業シートの一覧"),
         description=gettext_noop("公表済の事業シート（公表時点の内容）。職員のトークンでは、自分の未公表の"
                        "シートも返します。"))
@paginate(Page)
def list_sheets(request, filters: Query[SheetFilters]):
    user, data = _caller(request), filters.dict()

    def build():
        rows = (reading_sheets.sheet_row(sheet, user) for sheet in reading_sheets.sheets(user, **data))
        return [row for row in rows if row is not None]

    return build() if reading.is_token_holder(user) else remember("api-sheets", data, build)


@api.get("/indicators", response={200: list[schemas.IndicatorOut], **COMMON},
         tags=["sheets"], summary=gettext_noop("成果・活動指標の一覧"),
         description=gettext_noop("公表済のシートに載った指標と、その年度ごとの目標・実績。職員のトークンでは、"
                        "自分の未公表のシートの指標も返します。"))
@paginate(Page)
def list_indicators(request, filters: Query[IndicatorFilters]):
    user, data = _caller(request), filters.dict()
    if reading.is_token_holder(user):
        return reading_sheets.indicators(user, **data)
    return remember("api-indicators", data, lambda: reading_sheets.indicators(None, **data))


@api.get("/opinions", response={200: list[schemas.OpinionOut], **COMMON}, tags=["verification"],
         summary=gettext_noop("検証意見の一覧"),
         description=gettext_noop("公表済の年度の検証意見（Check）と対応（Action）、公表済のフォローアップ。"))
@paginate(Page)
def list_opinions(request, filters: Query[OpinionFilters]):
    data = filters.dict()
    return remember("api-opinions", data, lambda: reading_opinions.opinions(**data))


@api.get("/statistics", response={200: list[schemas.DatasetOut], **COMMON}, tags=["statistics"],
         summary=gettext_noop("統計データセットの一覧"),
         description=gettext_noop("公表済の統計と、その公表済の期間。"))
@paginate(Page)
def list_datasets(request):
    return [reading_stats.dataset_row(d) for d in reading_stats.datasets()]


@api.get("/statistics/{slug}/values",
         response={200: list[schemas.ValueOut], 404: schemas.Error, **COMMON},
         tags=["statistics"], summary=gettext_noop("統計の値"),
         description=gettext_noop("公表済の期間の値（期間、区分、値、単位）。"))
@paginate(Page)
def list_values(request, slug: str = Path(..., max_length=80, pattern=r"^[-a-zA-Z0-9_]+$")):
    dataset = reading_stats.dataset(slug)
    if dataset is None:
        raise HttpError(404, "not found")
    return reading_stats.dataset_values(dataset)


@api.get("/documents", response={200: list[schemas.DocumentOut], **COMMON}, tags=["documents"],
         summary=gettext_noop("公表文書の一覧"),
         description=gettext_noop("公表済の年度の報告書などの文書と、そのSHA-256（内容はURLから取得）。"))
@paginate(Page)
def list_documents(request, filters: Query[DocumentFilters]):
    data = filters.dict()
    return [{
        "fiscal_year": d.cycle.fiscal_year, "kind": d.kind, "format": d.format,
        "sha256": d.sha256, "size": d.size, "source": d.source, "created_at": d.created_at,
        "url": reverse("portal:document", args=[d.cycle.fiscal_year, d.kind, d.format]),
    } for d in reading.documents(fiscal_year=data["fiscal_year"], kind=data["kind"],
                                 fmt=data["format"])]
