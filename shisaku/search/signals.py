"""The index follows every write: saves and deletions of the indexed records, a project's
articles, and a cycle's status (a publication makes a whole year public at once, and
`record_past_publication` writes its sheets in bulk, without their own signals).

Rows loaded raw are skipped (a JSON restore brings the dump's own index rows; after loading
other fixtures, run `shisaku rebuild-search-index`). A bulk load may wrap itself in
`index.deferred()` to index once at its end.
After `migrate`, an empty index over existing records is filled (the first deployment).
"""

from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save, pre_save

from shisaku.projects.models import Project
from shisaku.sheets.models import Cycle, Indicator, Sheet
from shisaku.stats.models import Dataset
from shisaku.verification.models import ArticleMainOpinion, FollowUp, Opinion, Response

from . import index


def _sheet_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        # A published correction supersedes the revision it corrects.
        index.sheets([instance.pk, instance.corrects_id])


def _sheet_deleted(sender, instance, **kwargs):
    index.remove_sheet(instance.pk)
    if instance.corrects_id:
        index.sheets([instance.corrects_id])


def _project_changed(sender, instance, raw=False, **kwargs):
    instance._search_raw = raw
    if not raw:
        index.projects([instance.pk])


def _project_deleted(sender, instance, **kwargs):
    index.projects([instance.pk])


def _project_articles_changed(sender, instance, action, reverse, pk_set, **kwargs):
    # loaddata sets many-to-many fields without a `raw` flag, on the instance it saved raw
    # (before the dump's own index rows arrive): skipped like the raw save.
    if action in ("post_add", "post_remove", "post_clear") and not getattr(
            instance, "_search_raw", False):
        index.projects(list(pk_set or []) if reverse else [instance.pk])


def _indicator_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        index.sheets(Sheet.objects.filter(project_id=instance.project_id)
                     .values_list("pk", flat=True))


def _opinion_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        index.opinions([instance.pk])


def _response_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        index.opinions([instance.opinion_id])


def _follow_up_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        index.opinions(Response.objects.filter(pk=instance.response_id)
                       .values_list("opinion_id", flat=True))


def _main_opinion_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        index.main_opinions([instance.pk])


def _dataset_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        index.datasets([instance.pk])


def _cycle_before_save(sender, instance, raw=False, **kwargs):
    stored = Cycle.objects.filter(pk=instance.pk).values_list("status", flat=True).first()
    instance._search_stored_status = stored


def _cycle_saved(sender, instance, created, raw=False, **kwargs):
    if not raw and (created or instance.status != getattr(instance, "_search_stored_status",
                                                           None)):
        index.year(instance.fiscal_year)


def _cycle_deleted(sender, instance, **kwargs):
    index.year(instance.fiscal_year)


def _fill_empty_index(sender, using="default", **kwargs):
    from .models import SearchEntry

    if not SearchEntry.objects.using(using).exists() and (
            Sheet.objects.using(using).exists() or Dataset.objects.using(using).exists()):
        index.rebuild()


def connect(app_config=None) -> None:
    uid = "shisaku.search"
    if app_config is not None:
        post_migrate.connect(_fill_empty_index, app_config, dispatch_uid=f"{uid}.migrate")
    post_save.connect(_sheet_saved, Sheet, dispatch_uid=f"{uid}.sheet")
    post_delete.connect(_sheet_deleted, Sheet, dispatch_uid=f"{uid}.sheet.delete")
    post_save.connect(_project_changed, Project, dispatch_uid=f"{uid}.project")
    post_delete.connect(_project_deleted, Project, dispatch_uid=f"{uid}.project.delete")
    m2m_changed.connect(_project_articles_changed, Project.articles.through,
                        dispatch_uid=f"{uid}.project.articles")
    for signal, name in ((post_save, "save"), (post_delete, "delete")):
        signal.connect(_indicator_changed, Indicator, dispatch_uid=f"{uid}.indicator.{name}")
        signal.connect(_opinion_changed, Opinion, dispatch_uid=f"{uid}.opinion.{name}")
        signal.connect(_response_changed, Response, dispatch_uid=f"{uid}.response.{name}")
        signal.connect(_follow_up_changed, FollowUp, dispatch_uid=f"{uid}.follow_up.{name}")
        signal.connect(_main_opinion_changed, ArticleMainOpinion,
                       dispatch_uid=f"{uid}.main_opinion.{name}")
        signal.connect(_dataset_changed, Dataset, dispatch_uid=f"{uid}.dataset.{name}")
    pre_save.connect(_cycle_before_save, Cycle, dispatch_uid=f"{uid}.cycle.before")
    post_save.connect(_cycle_saved, Cycle, dispatch_uid=f"{uid}.cycle")
    post_delete.connect(_cycle_deleted, Cycle, dispatch_uid=f"{uid}.cycle.delete")
