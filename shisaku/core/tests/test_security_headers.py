"""Security headers on every page: a Content-Security-Policy with no inline script or style,
Permissions-Policy, and `Cache-Control: no-store` on whatever a signed-in user is shown.

The walk reuses the route matrix's populated world (accounts/tests/test_route_matrix.py): every
route of the resolver is opened as a planning admin (who may open nearly all of them), and every
GET that answers 200 is checked.
"""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from shisaku.accounts.tests.test_route_matrix import (  # noqa: F401  (world is a fixture)
    route_kwargs,
    route_world,
    shisaku_routes,
    users,
    world,
)  # the route matrix's populated world, asked for by name (request.getfixturevalue)
from shisaku.lib.svg import without_inline_css

pytestmark = pytest.mark.django_db

POLICY = {
    "default-src": "'self'", "script-src": "'self'", "style-src": "'self'",
    "img-src": "'self' data:", "object-src": "'none'", "base-uri": "'self'",
    "form-action": "'self'", "frame-ancestors": "'none'",
}


def directives(header: str) -> dict[str, str]:
    parts = [part.strip().split(None, 1) for part in header.split(";") if part.strip()]
    return {part[0]: part[1] if len(part) > 1 else "" for part in parts}


class InlineFinder(HTMLParser):
    """Everything a policy without 'unsafe-inline' would block: <script> without src,
    <style> elements, style="…" attributes, on…= handlers, javascript: addresses."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        names = dict(attrs)
        if tag == "script" and not names.get("src"):
            self.found.append(f"inline <script> at line {self.getpos()[0]}")
        if tag == "style":
            self.found.append(f"<style> element at line {self.getpos()[0]}")
        for name, value in attrs:
            if name == "style":
                self.found.append(f'<{tag} style="{value}"> at line {self.getpos()[0]}')
            elif name.startswith("on"):
                self.found.append(f"<{tag} {name}=…> handler at line {self.getpos()[0]}")
            elif name in ("href", "src", "action", "formaction") and value and \
                    value.strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}=javascript:…> at line {self.getpos()[0]}")

    handle_startendtag = handle_starttag


def inline_markup(html: str) -> list[str]:
    finder = InlineFinder()
    finder.feed(html)
    finder.close()
    return finder.found


def signed_in_pages(client, users, request):
    """(name, url, response) for every route a planning admin GETs with 200."""
    populated = request.getfixturevalue("world")
    client.force_login(users["planning_admin"])
    for name, pattern in shisaku_routes():
        url = reverse(name, kwargs=route_kwargs(populated, name, pattern))
        response = client.get(url)
        if response.status_code == 200:
            yield name, url, response


def test_every_signed_in_page_has_the_csp_permissions_policy_and_no_store(client, users,
                                                                            request):
    problems, checked = [], 0
    for name, url, response in signed_in_pages(client, users, request):
        checked += 1
        csp = directives(response.get("Content-Security-Policy", ""))
        for directive, sources in POLICY.items():
            if directive == "style-src" and name in ("reports:download",
                                                     "reports:public_download",
                                                     "drafting:program_review"):
                continue  # the standalone document's stylesheet by hash: its own test below
            if csp.get(directive) != sources:
                problems.append(f"{name} {url}: {directive} is {csp.get(directive)!r}")
        if "unsafe-inline" in str(csp) or "unsafe-eval" in str(csp):
            problems.append(f"{name} {url}: CSP relaxed: {csp}")
        cache = {part.strip() for part in response.get("Cache-Control", "").split(",")}
        if not {"no-store", "private"} <= cache:
            problems.append(f"{name} {url}: Cache-Control is {response.get('Cache-Control')!r}")
        permissions = response.get("Permissions-Policy", "")
        for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"):
            if feature not in permissions:
                problems.append(f"{name} {url}: Permissions-Policy lacks {feature}")
    assert checked >= 50, f"only {checked} pages answered 200: the walk lost its world"
    assert not problems, "\n".join(problems)


def test_no_signed_in_page_has_an_inline_script_style_or_event_handler(client, users, request):
    problems, checked = [], 0
    for name, url, response in signed_in_pages(client, users, request):
        if not response["Content-Type"].startswith("text/html") or \
                response.has_header("Content-Disposition"):
            continue  # downloads: documents, not the app's pages
        checked += 1
        problems += [f"{name} {url}: {found}"
                     for found in inline_markup(response.content.decode("utf-8"))]
    assert checked >= 45
    assert not problems, "\n".join(problems)


def test_the_finder_sees_each_kind_of_inline_code():
    html = ('<script>alert(1)</script><script src="/s.js"></script><style>p{}</style>'
            '<div style="width: 5%"></div><button onclick="x()">b</button>'
            '<a href="javascript:void(0)">a</a><svg><path style="fill: red"/></svg>')
    assert len(inline_markup(html)) == 6


def test_anonymous_pages_keep_their_caching_but_carry_the_csp(client, db):
    response = client.get(reverse("reports:public"))
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
    assert directives(response["Content-Security-Policy"])["script-src"] == "'self'"
    assert "camera=()" in response["Permissions-Policy"]
    login = client.get(reverse("login"))  # Django's LoginView is never cached, by itself
    assert login["Content-Security-Policy"] and not inline_markup(login.content.decode())


def test_a_public_download_stays_cacheable(client, world):
    populated = world
    url = reverse("reports:public_download", kwargs={"fy": populated["published"].fiscal_year,
                                                     "kind": "press", "fmt": "html"})
    response = client.get(url)
    assert response.status_code == 200 and response["ETag"]
    assert "no-store" not in response.get("Cache-Control", "")


def test_signing_in_makes_the_answer_no_store(client, users):
    response = client.post(reverse("login"), {"username": "kikaku", "password": "pw-kikaku"})
    if response.status_code != 302:  # the fixture's password differs: sign in directly
        client.force_login(users["planning_admin"])
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_the_published_html_document_is_allowed_only_its_own_stylesheet_by_hash(client, users,
                                                                               request):
    populated = request.getfixturevalue("world")
    from shisaku.reports.build import build
    from shisaku.reports.html_render import style_hashes

    data, _doc = build(populated["published"], "press", "html")
    assert b"<style>" in data
    client.force_login(users["planning_admin"])
    response = client.get(reverse("reports:download", kwargs={"fy": 2020, "kind": "press",
                                                              "fmt": "html"}))
    assert response.status_code == 200
    style_src = directives(response["Content-Security-Policy"])["style-src"].split()
    assert style_src == ["'self'", *style_hashes(response.content)]
    assert len(style_hashes(response.content)) == 1
    assert directives(response["Content-Security-Policy"])["script-src"] == "'self'"


def test_admin_pages_need_no_relaxation(client, users):
    """Django's admin keeps its scripts and styles in static files; its one inline <style>
    (change_list.html, only when a model admin turns both action bars off) is never used here."""
    from django.contrib import admin

    admin_user = users["planning_admin"]
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    client.force_login(admin_user)
    urls = [reverse("admin:index"),
            reverse("admin:accounts_user_change", args=[users["viewer"].pk])]
    for model, model_admin in admin.site._registry.items():
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        assert model_admin.actions_on_top or model_admin.actions_on_bottom, prefix
        urls += [reverse(f"{prefix}_changelist"), reverse(f"{prefix}_add")]
    checked = 0
    for url in urls:
        response = client.get(url)
        if response.status_code != 200:  # e.g. an add page the admin closes on purpose
            continue
        checked += 1
        assert directives(response["Content-Security-Policy"]) == POLICY, url
        assert not inline_markup(response.content.decode()), url
    assert checked > 20


def test_charts_are_inlined_with_presentation_attributes_not_css():
    svg = ('<svg xmlns="http://www.w3.org/2000/svg"><defs><style type="text/css">'
           '*{stroke-linejoin: round; stroke-linecap: butt}</style></defs>'
           '<g style="fill: #ffffff"><path d="M0 0" style="fill: none; stroke: #000000; '
           'stroke-linejoin: miter"/><rect fill="red" style="fill: blue"/></g></svg>')
    out = without_inline_css(svg)
    assert not inline_markup(out)
    assert '<g fill="#ffffff">' in out
    assert re.search(r'<path d="M0 0" stroke-linecap="butt" fill="none" stroke="#000000" '
                     r'stroke-linejoin="miter"/>', out)
    assert '<rect stroke-linejoin="round" stroke-linecap="butt" fill="blue"/>' in out
    with pytest.raises(ValueError):
        without_inline_css('<svg><style>.a{fill:red}</style></svg>')
