"""Load the demo data (``shisaku.demo.data``) into the database, idempotently.

Every row is looked up by its natural key and created or updated only where a value
differs, after ``full_clean()``: a second run creates nothing and changes nothing.
Everything is written in one transaction, so a ValidationError leaves the database as
it was.
"""


from django.core.exceptions import ValidationError
from django.db import models, transaction

from shisaku.accounts.models import User
from shisaku.city.models import Bureau, CitySettings, Section
from shisaku.core.loading import IdempotentLoader, label
from shisaku.lib.articles import format_article
from shisaku.ordinance.models import Article, Ordinance
from shisaku.ordinance.parse import ParsedArticle, ParsedOrdinance
from shisaku.ordinance.services import save_ordinance
from shisaku.ordinance.structure import paragraphs
from shisaku.plan.models import Level, Node, Plan, Program, VisionState
from shisaku.projects.lineage import validate_event
from shisaku.projects.models import LineageEvent, Placement, Project

from . import data

DEMO_MODELS = [
    CitySettings, Bureau, Section, Ordinance, Article, Plan, VisionState, Program, Level,
    Node, Project, Placement, LineageEvent,
]


_label = label


def demo_ordinance() -> ParsedOrdinance:
    """The demo's ordinance (summaries in the city's structure) as the service takes it."""
    def part_of(number: int) -> str:
        return [name for name, first in data.ORDINANCE_PARTS if first <= number][-1]

    return ParsedOrdinance(
        title=data.ORDINANCE["title"], preamble=list(data.ORDINANCE_PREAMBLE),
        supplementary=data.ORDINANCE_SUPPLEMENTARY, parts=list(data.ORDINANCE_PARTS),
        articles=[ParsedArticle(number, caption, paragraphs("\n".join(lines)),
                                part=part_of(number))
                  for number, caption, _kind, lines in data.ARTICLES])


class _Loader(IdempotentLoader):
    # --- steps -------------------------------------------------------------------------------

    def city(self) -> None:
        settings = CitySettings.current()
        if settings is None:
            settings = CitySettings(**data.CITY)
            settings.full_clean()
            settings.save()
            self.created[_label(CitySettings)] += 1
        else:
            changed = [k for k, v in data.CITY.items() if getattr(settings, k) != v]
            if changed:
                for name in changed:
                    setattr(settings, name, data.CITY[name])
                settings.full_clean()
                settings.save(update_fields=changed)
        self.say(f"市の設定: {settings}")

    def organisation(self) -> dict[str, Section]:
        bureaus = {
            name: self.upsert(Bureau, {"name": name}, {"order": order})
            for name, order in data.BUREAUS
        }
        sections = {}
        for bureau, department, name, order in data.SECTIONS:
            sections[name] = self.upsert(
                Section, {"bureau": bureaus[bureau], "name": name},
                {"department": department, "order": order},
            )
        self.say(f"局・所管課: {len(bureaus)}局 {len(sections)}課")
        return sections

    def ordinance(self) -> dict[int, Article]:
        result = save_ordinance(
            demo_ordinance(), summarised=data.ORDINANCE_SUMMARISED,
            short_title=data.ORDINANCE["short_title"], in_force_on=data.ORDINANCE["in_force_on"],
            kinds={number: kind for number, _c, kind, _t in data.ARTICLES}, check_access=False)
        self.created.update(result.created_by_model)
        ordinance = result.ordinance
        articles = {a.number: a for a in ordinance.articles.all()}
        self.say(f"条例: {ordinance.title}（{format_article(min(articles))}～{format_article(max(articles))}）")
        return articles

    def plans(self) -> dict[str, tuple[Node, list[str]]]:
        """Plans, programs, levels and items.

        Returns program 4's action items by code, each with the names of its projects.
        """
        action_items: dict[str, tuple[Node, list[str]]] = {}
        for spec in data.PLANS:
            plan = self.upsert(
                Plan, {"name": spec["name"], "first_fy": spec["first_fy"]},
                {"last_fy": spec["last_fy"], "vision": spec["vision"], "purpose": spec["purpose"],
                 "position": spec["position"]},
            )
            for order, text in spec["vision_states"]:
                self.upsert(VisionState, {"plan": plan, "order": order}, {"text": text})
            for program_spec in spec["programs"]:
                action_items.update(self.program(plan, program_spec))
            self.say(f"計画: {plan}")
        return action_items

    def program(self, plan: Plan, spec: dict) -> dict[str, tuple[Node, list[str]]]:
        program = self.upsert(
            Program, {"ordinal": spec["ordinal"]},
            {
                "plan": plan,
                "first_fy": spec["first_fy"],
                "last_fy": spec["last_fy"],
                "comprehensive_plan_period": spec["comprehensive_plan_period"],
            },
        )
        levels = {
            name: self.upsert(
                Level, {"program": program, "order": order}, {"name": name, "in_tree": in_tree}
            )
            for order, name, in_tree in spec.get("levels", [])
        }
        if spec["ordinal"] == 4:
            return self.program4(program, levels, spec)
        self.tree(program, list(levels.values()), spec.get("tree", []), parent=None, depth=0)
        return {}

    def node(self, program, level, code, title, parent, order, **extra) -> Node:
        values = {
            "level": level, "title": title, "parent": parent, "order": order,
            "description": extra.get("description", ""),
            "other_bureau": extra.get("other_bureau", False),
        }
        return self.upsert(Node, {"program": program, "code": code}, values)

    def tree(self, program, levels, items, parent, depth) -> None:
        """Nested (code, title[, children]) tuples, one tree level per depth (programs 1-3)."""
        for order, item in enumerate(items, start=1):
            code, title, *rest = item
            node = self.node(program, levels[depth], code, title, parent, order)
            if rest:
                self.tree(program, levels, rest[0], node, depth + 1)

    def program4(self, program, levels, spec) -> dict[str, tuple[Node, list[str]]]:
        point_level, policy_level, item_level = (
            levels[name] for name in ("ポイント", "基本施策", "取組項目")
        )
        for order, (code, title, description) in enumerate(spec["points"], start=1):
            # Node.informs stays empty: the seeds do not say which point informs which policy.
            self.node(program, point_level, code, title, None, order, description=description)
        items = {}
        for p_order, (p_code, p_title, action_items) in enumerate(spec["tree"], start=1):
            policy = self.node(program, policy_level, p_code, p_title, None, p_order)
            for i_order, (number, title, other_bureau, projects) in enumerate(action_items, 1):
                node = self.node(
                    program, item_level, f"{p_code} {number}", title, policy, i_order,
                    other_bureau=other_bureau,
                )
                items[node.code] = (node, projects)
        return items

    def projects(self, sections: dict[str, Section], articles: dict[int, Article]):
        projects = {}
        for spec in data.PROJECTS:
            section = sections[spec["section"]] if spec["section"] else None
            project = self.upsert(
                Project, {"name": spec["name"]},
                {
                    "group": spec["group"],
                    "position": spec["position"],
                    "section": section,
                    "first_fy": spec["first_fy"],
                    "last_fy": spec["last_fy"],
                },
            )
            self.set_m2m(project.articles, [articles[n] for n in spec["articles"]])
            projects[project.name] = project
        self.say(f"事務事業: {len(projects)}件")
        return projects

    def placements(self, action_items, projects) -> None:
        count = 0
        for node, names in action_items.values():
            for order, name in enumerate(names, start=1):
                self.upsert(Placement, {"project": projects[name], "node": node}, {"order": order})
                count += 1
        self.say(f"体系上の位置付け: {count}件")

    def lineage(self, projects) -> None:
        for spec in data.LINEAGE:
            before = [projects[name] for name in spec["predecessors"]]
            after = [projects[name] for name in spec["successors"]]
            event = self.find_event(spec["kind"], spec["effective_fy"], before, after)
            validate_event(
                spec["kind"], spec["effective_fy"], before, after,
                exclude_event_id=event.pk if event else None,
            )
            if event is None:
                event = LineageEvent(
                    kind=spec["kind"], effective_fy=spec["effective_fy"], note=spec["note"]
                )
                event.full_clean()
                event.save()
                event.predecessors.set(before)
                event.successors.set(after)
                self.created[_label(LineageEvent)] += 1
            elif event.note != spec["note"]:
                event.note = spec["note"]
                event.full_clean()
                event.save(update_fields=["note"])
        self.say(f"事業の変遷: {len(data.LINEAGE)}件")

    @staticmethod
    def find_event(kind, effective_fy, before, after) -> LineageEvent | None:
        wanted = ({p.pk for p in before}, {p.pk for p in after})
        candidates = LineageEvent.objects.filter(kind=kind, effective_fy=effective_fy)
        for event in candidates.prefetch_related("predecessors", "successors"):
            found = (
                {p.pk for p in event.predecessors.all()},
                {p.pk for p in event.successors.all()},
            )
            if found == wanted:
                return event
        return None

    def counts(self, models_: list[type[models.Model]]) -> dict[str, int]:
        return {_label(model): self.created[_label(model)] for model in models_}


def load_demo(stdout=None) -> dict[str, int]:
    """Load the demo plan, ordinance and projects. Returns created rows per model label."""
    loader = _Loader(stdout)
    with transaction.atomic():
        loader.city()
        sections = loader.organisation()
        articles = loader.ordinance()
        action_items = loader.plans()
        projects = loader.projects(sections, articles)
        loader.placements(action_items, projects)
        loader.lineage(projects)
    return loader.counts(DEMO_MODELS)


def create_demo_users(stdout=None) -> dict[str, int]:
    """Create the demo users (run load_demo first: they refer to its sections)."""
    loader = _Loader(stdout)
    bureau_of = {name: bureau for bureau, _department, name, _order in data.SECTIONS}
    with transaction.atomic():
        for username, role, last_name, first_name, section_names in data.USERS:
            sections = []
            for name in section_names:
                section = Section.objects.filter(bureau__name=bureau_of[name], name=name).first()
                if section is None:
                    raise ValidationError(
                        f"所管課「{name}」がありません。先にデモデータを読み込んでください。"
                    )
                sections.append(section)
            values = {"role": role, "last_name": last_name, "first_name": first_name}
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User(username=username, **values)
                user.set_password(data.DEMO_PASSWORD)
                user.full_clean()
                user.save()
                loader.created[_label(User)] += 1
            else:
                changed = [k for k, v in values.items() if getattr(user, k) != v]
                if changed:
                    for name in changed:
                        setattr(user, name, values[name])
                    user.full_clean()
                    user.save(update_fields=changed)
            loader.set_m2m(user.sections, sections)
        loader.say(f"デモ利用者: {len(data.USERS)}人（パスワード {data.DEMO_PASSWORD}）")
    return loader.counts([User])
