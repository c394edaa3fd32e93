"""Who may open (GET) and who may write (POST) every route: the one declared table.

The views enforce these rules (``access.role_required`` at the top of each view, the
``access.can_*`` checks for rules that depend on the object); this table states them
in one place, and ``accounts/tests/test_route_matrix.py`` walks every URL pattern of the
resolver, fails for a route that is missing here, and checks each role against each rule
for GET and POST (a refused POST must leave every row of every domain table as it was).

A rule names the roles allowed, ``PUBLIC`` (anyone, signed in or not) or ``NOBODY``.
``own`` narrows a role to its own objects: ``SECTION_OWN`` — a section editor only on
objects of their own sections (sheets, projects, opinions to answer); ``AUTHOR_OWN`` —
a council member only on opinions they wrote; ``READABLE`` — every role but the planning
division only on sheets ``access.can_read_sheet`` lets it read (a viewer: published sheets; a
council member: also the submitted and confirmed sheets of verified projects in a year under
verification; a section editor: also its own sections' sheets in every state and other
sections' submitted and confirmed sheets). Rules that depend on a record's state
(a published year, a submitted sheet, a cycle not 検証中) are checked by ``access.py``
and by the state tests of each app; this table is about who.
"""

from __future__ import annotations

from dataclasses import dataclass

from .models import Role

PUBLIC = "public"
NOBODY: frozenset[Role] = frozenset()
SECTION_OWN = "section"  # a section editor: only objects of their own sections
AUTHOR_OWN = "author"  # a council member: only opinions they wrote
READABLE = "readable"  # all but planning: only sheets access.can_read_sheet allows

ALL = frozenset(Role)
PLANNING = frozenset({Role.PLANNING_ADMIN})
STAFF = frozenset({Role.PLANNING_ADMIN, Role.SECTION_EDITOR})
WRITERS = frozenset({Role.PLANNING_ADMIN, Role.COUNCIL_MEMBER})
COUNCIL_OR_PLANNING = WRITERS  # who reads the council's workspace


@dataclass(frozen=True)
class Rule:
    read: frozenset[Role] | str  # who may GET
    write: frozenset[Role] | str = NOBODY  # who may POST (and so change something)
    own: str = ""  # SECTION_OWN / AUTHOR_OWN / READABLE: the object decides, see the module doc
    external: str = ""  # not Shisaku's view: who guards it and where that is tested

    def allows(self, method: str, role: Role | None) -> bool:
        """Role None is an anonymous visitor. Object-level narrowing is not applied here."""
        allowed = self.read if method == "GET" else self.write
        if allowed == PUBLIC:
            return True
        return role is not None and role in allowed


ROUTES: dict[str, Rule] = {
    # --- site, sign-in, language -------------------------------------------------------
    "home": Rule(PUBLIC),  # a visitor gets the public portal's home, a signed-in user theirs
    "login": Rule(PUBLIC, PUBLIC),
    "logout": Rule(NOBODY, PUBLIC),  # POST only (Django 5)
    "set_language": Rule(PUBLIC, PUBLIC),
    "accounts:account": Rule(ALL),
    # enrol a TOTP device (POST start: a new secret; POST code: confirm it)
    "accounts:two_factor_setup": Rule(ALL, ALL),
    # the code after the password; without a device it sends the user on
    "accounts:two_factor_verify": Rule(ALL, ALL),
    # sign-in lockouts; POST lifts one (accounts/lockout.unlock, audited)
    "accounts:lockouts": Rule(PLANNING, PLANNING),
    # --- notices (#14) -------------------------------------------------------------------
    # my notices; POST marks my own read (another user's id changes nothing)
    "notices:list": Rule(ALL, ALL),
    "notices:preferences": Rule(ALL, ALL),  # my own e-mail choice
    "notices:schedule": Rule(PLANNING, PLANNING),  # a year's deadlines (schedule.update_schedule)
    # --- plan ---------------------------------------------------------------------------
    "plan:tree": Rule(ALL),
    "plan:plan_create": Rule(PLANNING, PLANNING),
    "plan:plan_edit": Rule(PLANNING, PLANNING),
    "plan:program_create": Rule(PLANNING, PLANNING),
    "plan:program_edit": Rule(PLANNING, PLANNING),
    "plan:node_create": Rule(PLANNING, PLANNING),
    "plan:node_edit": Rule(PLANNING, PLANNING),
    # the program turn: drafts, stages, mapping (internal until adopted)
    "drafting:drafts": Rule(PLANNING),
    "drafting:draft_start": Rule(PLANNING, PLANNING),
    "drafting:draft": Rule(PLANNING),
    "drafting:draft_stage": Rule(NOBODY, PLANNING),
    "drafting:mapping": Rule(PLANNING, PLANNING),
    "drafting:compare": Rule(PLANNING),
    "drafting:program_review": Rule(PLANNING),  # the review document (values as recorded)
    "drafting:milestone_add": Rule(PLANNING, PLANNING),  # the draft's schedule
    "drafting:milestone_edit": Rule(PLANNING, PLANNING),
    "drafting:milestone_delete": Rule(NOBODY, PLANNING),
    # the plan's summary (概要版) of a program; a draft program's: planning only (in the view)
    "reports:plan_summary": Rule(ALL),
    # --- projects -----------------------------------------------------------------------
    "projects:list": Rule(ALL),
    "projects:detail": Rule(ALL),  # lists the sheets access.readable_sheets allows
    "projects:create": Rule(PLANNING, PLANNING),
    "projects:edit": Rule(PLANNING, PLANNING),
    "projects:describe": Rule(STAFF, STAFF, own=SECTION_OWN),
    "projects:placement_create": Rule(PLANNING, PLANNING),
    "projects:placement_delete": Rule(NOBODY, PLANNING),
    "projects:lineage_create": Rule(PLANNING, PLANNING),
    # --- ordinance ----------------------------------------------------------------------
    "ordinance:index": Rule(ALL),
    # --- sheets -------------------------------------------------------------------------
    "sheets:mine": Rule(STAFF),
    "sheets:cycles": Rule(ALL),
    "sheets:cycle_start": Rule(PLANNING, PLANNING),
    "sheets:dashboard": Rule(PLANNING),
    "sheets:bulk": Rule(NOBODY, PLANNING),  # POST: the summary; POST with confirm: do it
    "sheets:cycle_edit": Rule(PLANNING, PLANNING),
    # GET shows the confirmation; POST with confirm=1 moves the cycle
    "sheets:cycle_move": Rule(PLANNING, PLANNING),
    "sheets:cycle_delete": Rule(PLANNING, PLANNING),
    # a year not yet published counts only the sheets the reader may read (access.readable_sheets)
    "sheets:achievement": Rule(ALL),
    # the art. 19 page of the report: planning only (refused by the service once published)
    "sheets:procurement_edit": Rule(PLANNING, PLANNING),
    # drafts, returned sheets, return comments and history: planning and the owning section
    "sheets:detail": Rule(ALL, own=READABLE),
    "sheets:print": Rule(ALL, own=READABLE),  # one sheet as a page to print
    "sheets:pdf": Rule(ALL, own=READABLE),  # one sheet as a PDF
    "sheets:edit": Rule(STAFF, STAFF, own=SECTION_OWN),
    "sheets:indicator_create": Rule(STAFF, STAFF, own=SECTION_OWN),
    "sheets:validate_value": Rule(NOBODY, STAFF, own=SECTION_OWN),  # checks a cell, saves nothing
    "sheets:correct": Rule(NOBODY, PLANNING),
    # revisions side by side, any year: planning and the owning section (staff names)
    "sheets:history": Rule(STAFF, own=SECTION_OWN),
    # submit: the owning section or planning; return/confirm: planning (workflow.allowed)
    "sheets:action": Rule(NOBODY, STAFF, own=SECTION_OWN),
    # shows only the figures of sheets the reader may read (sheets/visibility.py)
    "sheets:indicator": Rule(ALL),
    # --- verification -------------------------------------------------------------------
    "verification:index": Rule(ALL),
    "verification:to_answer": Rule(STAFF),
    "verification:roster": Rule(ALL),
    "verification:dashboard": Rule(PLANNING),
    "verification:workspace": Rule(COUNCIL_OR_PLANNING),  # the year being verified
    "verification:packet": Rule(COUNCIL_OR_PLANNING),  # the hearing packet (PDF)
    "verification:opinion_add": Rule(WRITERS, WRITERS),
    # a year's opinions and meetings: council members once it is 検証中, viewers once published
    # (access.can_read_year); the page of an earlier year shows the articles only
    "verification:main_opinions": Rule(ALL, PLANNING),
    "verification:main_opinion_edit": Rule(PLANNING, PLANNING),
    "verification:main_opinion_delete": Rule(NOBODY, PLANNING),
    "verification:meetings": Rule(ALL),
    "verification:meeting_create": Rule(PLANNING, PLANNING),
    "verification:meeting_edit": Rule(PLANNING, PLANNING),
    "verification:selection": Rule(PLANNING, PLANNING),
    "verification:sheet_opinion_add": Rule(NOBODY, WRITERS),
    "verification:opinion_edit": Rule(WRITERS, WRITERS, own=AUTHOR_OWN),
    "verification:opinion_delete": Rule(NOBODY, WRITERS, own=AUTHOR_OWN),
    "verification:respond": Rule(STAFF, STAFF, own=SECTION_OWN),
    "verification:follow_up": Rule(STAFF, STAFF, own=SECTION_OWN),
    "verification:timeline": Rule(ALL),  # opinions of the years access.can_read_year allows
    # --- statistics ---------------------------------------------------------------------
    "stats:index": Rule(ALL),
    "stats:detail": Rule(ALL),
    "stats:export": Rule(ALL),
    "stats:import": Rule(PLANNING, PLANNING),
    # --- reports ------------------------------------------------------------------------
    # --- the public side (#13): only the published record, anyone ---------------------
    "portal:home": Rule(PUBLIC),
    "portal:years": Rule(PUBLIC),
    "portal:year": Rule(PUBLIC),
    "portal:document": Rule(PUBLIC),
    "portal:project": Rule(PUBLIC),
    "portal:plan": Rule(PUBLIC),
    "portal:plan_summary": Rule(PUBLIC),  # adopted programs that have begun only
    "portal:stats": Rule(PUBLIC),
    "portal:stats_chart": Rule(PUBLIC),
    "portal:accessibility": Rule(PUBLIC),
    "portal:language": Rule(PUBLIC),
    # The read API (GET only; a POST is 405): the published record for anyone, plus the
    # caller's own unpublished sheets with a staff token (checked in shisaku/api/reading.py).
    "api:api-root": Rule(PUBLIC, external="django-ninja's root (/api/v1/), which it reverses "
                         "for the schema's paths: no operation there, 404 for everyone"),
    "api:openapi": Rule(PUBLIC),
    "opendata:catalog": Rule(PUBLIC),
    "opendata:dcat": Rule(PUBLIC),
    "opendata:download": Rule(PUBLIC),
    "api:docs": Rule(PUBLIC),
    "api:list_plans": Rule(PUBLIC),
    "api:list_programs": Rule(PUBLIC),
    "api:list_nodes": Rule(PUBLIC),
    "api:list_projects": Rule(PUBLIC),
    "api:list_sheets": Rule(PUBLIC),
    "api:list_indicators": Rule(PUBLIC),
    "api:list_opinions": Rule(PUBLIC),
    "api:list_datasets": Rule(PUBLIC),
    "api:list_values": Rule(PUBLIC),
    "api:list_documents": Rule(PUBLIC),
    "api:tokens": Rule(STAFF, STAFF),  # one's own tokens only (api/tokens.py)
    "search:results": Rule(PUBLIC),  # the public record; a signed-in user's own data too
    "reports:public": Rule(PUBLIC),
    "reports:public_download": Rule(PUBLIC),
    "reports:index": Rule(PLANNING),
    "reports:publish": Rule(PLANNING, PLANNING),  # GET: what publication freezes and shows
    "reports:download": Rule(PLANNING),
    "reports:build_job": Rule(NOBODY, PLANNING),  # POST: build a document in the worker
    "reports:profile": Rule(PLANNING, PLANNING),  # the city's report profile
    "reports:profile_preview": Rule(PLANNING, PLANNING),  # POST previews, writes nothing
    # --- importers ----------------------------------------------------------------------
    "ingest:report_upload": Rule(PLANNING, PLANNING),
    "ingest:report_confirm": Rule(NOBODY, PLANNING),
    "ingest:excel_index": Rule(STAFF),
    "ingest:excel_download": Rule(STAFF),
    # which sheets an upload may change is decided per sheet (access.can_edit_sheet)
    "ingest:excel_upload": Rule(STAFF, STAFF),  # POST checks and shows, writes nothing
    "ingest:excel_confirm": Rule(NOBODY, STAFF),  # writes what the preview showed
    # --- public comment (意見公募, #17) ----------------------------------------------------
    # The public side: a consultation once announced (募集中 onwards), its form (POST only
    # within the period; honeypot and a limit per address), the result once published.
    "consultation:public_list": Rule(PUBLIC),
    "consultation:public_detail": Rule(PUBLIC),
    "consultation:public_form": Rule(PUBLIC, PUBLIC),
    "consultation:public_thanks": Rule(PUBLIC),
    "consultation:public_result": Rule(PUBLIC),
    "consultation:public_document": Rule(PUBLIC),
    # The planning division: the opinions with the senders' personal data, the city's views.
    "consultation:list": Rule(PLANNING),
    "consultation:create": Rule(PLANNING, PLANNING),
    "consultation:detail": Rule(PLANNING),
    "consultation:edit": Rule(PLANNING, PLANNING),
    "consultation:open": Rule(PLANNING, PLANNING),  # GET: the confirmation page
    "consultation:close": Rule(PLANNING, PLANNING),
    "consultation:publish": Rule(PLANNING, PLANNING),
    "consultation:opinion_add": Rule(PLANNING, PLANNING),
    "consultation:classify": Rule(PLANNING, PLANNING),
    "consultation:view": Rule(PLANNING, PLANNING),
    # --- background jobs: only the person who started one sees it (404 to anyone else) ----
    "jobs:mine": Rule(PLANNING),
    "jobs:detail": Rule(PLANNING),
    "jobs:download": Rule(PLANNING),
    "jobs:retry": Rule(NOBODY, PLANNING),  # a failed job only
    # --- audit trail --------------------------------------------------------------------
    "audit:log": Rule(PLANNING),
}

# Whole namespaces whose views are not Shisaku's: declared here so the walk knows them.
NAMESPACES: dict[str, Rule] = {
    "admin": Rule(PLANNING, PLANNING, external=(
        "Django admin: staff users only (planning division, signals.py gives them is_staff); "
        "model permissions per role group; tested in test_permission_matrix.py")),
}


def rule_for(name: str) -> Rule | None:
    """The declared rule of a URL name ("sheets:detail"), or None when there is none."""
    if name in ROUTES:
        return ROUTES[name]
    namespace = name.split(":", 1)[0] if ":" in name else None
    return NAMESPACES.get(namespace) if namespace else None
