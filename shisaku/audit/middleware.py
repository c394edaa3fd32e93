"""Attribute every write of a request to its signed-in user and the path it came through."""

from auditlog.middleware import AuditlogMiddleware

from .context import acting


class AuditMiddleware(AuditlogMiddleware):
    def __call__(self, request):
        via = "admin" if request.path.startswith("/admin/") else "web"
        user = self._get_actor(request)
        with acting(user, via=via, path=request.path,
                    remote_addr=self._get_remote_addr(request)):
            return self.get_response(request)

    @staticmethod
    def _get_remote_addr(request):
        # The address the sign-in lockout counts: X-Forwarded-For only as far as
        # SHISAKU_TRUSTED_PROXY_COUNT proxies vouch for it (auditlog takes its first entry,
        # which any client can write).
        from shisaku.accounts.lockout import client_address

        return client_address(request)
