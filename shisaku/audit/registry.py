"""Which records the audit trail follows: every model of the domain apps.

django-auditlog listens to each model's save and delete signals (and its many-to-many
changes), so every path that writes a record (web forms, the admin, Excel uploads,
importers, commands, the demo loader) leaves one entry with actor, before and after.
"""

from auditlog.registry import auditlog
from django.apps import apps

DOMAIN_APPS = ("accounts", "city", "ordinance", "plan", "projects", "sheets", "verification",
               "stats", "reports", "notices", "consultation")

# Records that are themselves history, or bookkeeping that is not a change of the record.
SKIPPED_MODELS = {"sheets.SheetChange", "notices.Notification"}
EXCLUDED_FIELDS = {
    "accounts.User": ["password", "last_login"],
    "sheets.Sheet": ["version", "updated_at", "updated_by", "published_snapshot"],
    "reports.PublishedDocument": ["content"],
    # The senders' personal data: erased after the keeping period (consultation.retention),
    # so never copied into the trail, which is kept for good.
    "consultation.Opinion": ["name", "email", "address"],
}
ALWAYS_EXCLUDED = ["version", "updated_at"]


def register_domain_models() -> None:
    for label in DOMAIN_APPS:
        for model in apps.get_app_config(label).get_models():
            name = model._meta.label
            if name in SKIPPED_MODELS or auditlog.contains(model):
                continue
            fields = {f.name for f in model._meta.get_fields()}
            # Reverse relations are not the record's own values (their rows have entries).
            reverse = [f.name for f in model._meta.get_fields() if f.auto_created and not f.concrete]
            excluded = (EXCLUDED_FIELDS.get(name, []) + reverse
                        + [f for f in ALWAYS_EXCLUDED if f in fields])
            auditlog.register(
                model,
                exclude_fields=excluded,
                m2m_fields={f.name for f in model._meta.many_to_many},
            )


def followed_models() -> list:
    return [m for m in apps.get_models() if auditlog.contains(m)]
