"""Reads on the PostgreSQL read replica, writes on the primary (DATABASE_REPLICA_URL).

A read inside a transaction (every domain service writes in one) stays on the primary, so
that what a service checks before it writes is never an older copy (a replica lags a
little); pages that only read are served from the replica.
"""

from django.db import connections


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        return "default" if connections["default"].in_atomic_block else "replica"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # one database, two copies

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
