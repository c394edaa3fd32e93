"""Commands act as someone: `--user NAME`, or the OS user who ran them."""

from django.core.management.base import BaseCommand

from .context import acting, command_user


class AuditedCommand(BaseCommand):
    """A management command whose writes are attributed in the audit trail."""

    def create_parser(self, prog_name, subcommand, **kwargs):
        self._audit_name = subcommand.replace("_", "-")
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser):
        parser.add_argument(
            "--user", dest="acting_user", default=None,
            help="操作者として監査記録に残すユーザー名（省略時は OS のユーザー名）")

    def execute(self, *args, **options):
        user = command_user(options.get("acting_user"))
        name = getattr(self, "_audit_name", self.__class__.__module__.rsplit(".", 1)[-1])
        with acting(user, via="command", command=name.replace("_", "-")):
            return super().execute(*args, **options)
