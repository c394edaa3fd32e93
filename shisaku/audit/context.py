"""Who is acting: kept under this name for the services that import it from here.

The code lives in ``shisaku.core.acting`` (every app's services use it, and core's
concurrency helper too, so it sits at the bottom with core); new code imports it from there.
"""

from shisaku.core.acting import acting, audited, command_user, current_details, os_user

__all__ = ["acting", "audited", "command_user", "current_details", "os_user"]
