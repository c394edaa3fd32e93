"""The `shisaku` command: Django's management commands behind one entry point.

`shisaku --help` lists Shisaku's own commands with their help text; every
Django command (migrate, createsuperuser, ...) still works. Command names may be
written with hyphens (`shisaku load-demo`).
"""

import os
import sys

USAGE = """使い方 / usage: shisaku <command> [options]

Shisaku commands:
{commands}

Django commands (migrate, createsuperuser, check, ...): shisaku help --commands
Help for one command: shisaku <command> --help
"""


def own_commands() -> dict[str, str]:
    """Shisaku's management commands and their one-line help, by name."""
    from django.core.management import get_commands, load_command_class

    found = {}
    for name, app in sorted(get_commands().items()):
        if app.startswith("shisaku."):
            command = load_command_class(app, name)
            found[name.replace("_", "-")] = (command.help or "").strip().splitlines()[0]
    return found


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shisaku.settings")
    argv = list(sys.argv if argv is None else argv)
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")

    import django
    from django.core.management import execute_from_command_line

    if len(argv) == 1 or argv[1] in {"-h", "--help"}:
        django.setup()
        commands = own_commands()
        width = max(len(name) for name in commands)
        lines = "\n".join(f"  {name.ljust(width)}  {text}" for name, text in commands.items())
        sys.stdout.write(USAGE.format(commands=lines))
        return
    django.setup()
    from shisaku.audit.context import acting

    # Whatever a command writes is attributed to the OS user who ran it (commands with
    # --user name a Shisaku user instead).
    with acting(None, via="command", command=argv[1].replace("_", "-") if len(argv) > 1 else ""):
        execute_from_command_line(argv)


if __name__ == "__main__":
    main()
