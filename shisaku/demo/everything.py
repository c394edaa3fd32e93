"""The whole demo, in the order `load-demo` loads it: one function for the command and for
the tests that need the demo as a user gets it."""

from shisaku.consultation.demo import load_demo_consultation
from shisaku.demo.loader import create_demo_users, load_demo
from shisaku.demo.others_loader import load_demo_other_sheets
from shisaku.demo.past_year import past_year_published, publish_demo_past_year
from shisaku.demo.procurement_loader import load_demo_procurement
from shisaku.demo.sheets_loader import load_demo_sheets
from shisaku.demo.verification_loader import load_demo_council, load_demo_verification
from shisaku.search import index
from shisaku.stats.demo import load_demo_stats


def load_everything(stdout=None, users: bool = True,
                    publish_past: bool = False) -> dict[str, int]:
    """Loads every part of the demo (call inside a transaction); {label: rows created}.
    The search index is brought up to date once, at the end.

    `publish_past` records FY2021 as the city published it (2022-08), as `load-demo`
    does; tests of the year's own workflow leave it in verification."""
    with index.deferred():
        return _load_everything(stdout, users, publish_past)


def _load_everything(stdout, users: bool, publish_past: bool) -> dict[str, int]:
    created = _load_everything_but_comment(stdout, users, publish_past)
    from shisaku.accounts.models import User

    planner = User.objects.filter(username="kikaku", is_active=True).first()
    created.update(load_demo_consultation(planner, stdout=stdout))
    return created


def _load_everything_but_comment(stdout, users: bool, publish_past: bool) -> dict[str, int]:
    created = load_demo(stdout=stdout)
    if past_year_published():
        # A published year is final: a second run leaves FY2021's record (its sheets,
        # opinions, art. 19 page) as published and loads only what no year owns.
        if stdout is not None:
            stdout.write("令和3（2021）年度は公表済のため、その年度の記録は読み込み直しません。\n")
        if users:
            created.update(create_demo_users(stdout=stdout))
        for step in (load_demo_council, load_demo_stats):
            for label, count in step(stdout=stdout).items():
                created[label] = created.get(label, 0) + count
        return created
    created.update(load_demo_sheets(stdout=stdout))
    steps = [load_demo_other_sheets]
    if users:
        created.update(create_demo_users(stdout=stdout))
    steps += [load_demo_verification, load_demo_stats, load_demo_procurement]
    for step in steps:
        for label, count in step(stdout=stdout).items():
            created[label] = created.get(label, 0) + count
    if publish_past:
        publish_demo_past_year(stdout=stdout)
    return created
