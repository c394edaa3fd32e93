"""The plan as the public reads it: per begun program, the plan's vision and its states,
the hierarchy (points beside the tree, basic policies, action items…) and the projects
placed in it; a project links to its public page when it has a published sheet."""

from dataclasses import dataclass

from shisaku.plan.tree import ProgramTree, build_tree
from shisaku.published import records


@dataclass
class PublicProgram:
    tree: ProgramTree
    vision_states: list

    @property
    def program(self):
        return self.tree.program


@dataclass
class PlanBook:
    programs: list[PublicProgram]
    published_projects: set[int]


def programs() -> PlanBook:
    begun = list(records.programs().prefetch_related("plan__vision_states"))
    return PlanBook(
        programs=[PublicProgram(build_tree(p), list(p.plan.vision_states.all()))
                  for p in reversed(begun)],
        published_projects=set(records.sheets().values_list("project_id", flat=True)),
    )
