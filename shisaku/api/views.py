"""The API's pages: the OpenAPI schema, its documentation page, and staff tokens."""

import json

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe
from ninja.responses import NinjaJSONEncoder

from . import docs, tokens
from .api import conditional
from .forms import TokenForm
from .models import ApiToken


@require_safe
def openapi(request):
    """The OpenAPI 3 schema of v1 (public, cacheable)."""
    body = json.dumps(docs.schema(), cls=NinjaJSONEncoder, ensure_ascii=False, indent=1)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    return conditional(request, response, holder=False)


@require_safe
def documentation(request):
    """The API described for people: rendered on the server from the same schema."""
    return render(request, "api/docs.html", {
        "operations": docs.operations(), "components": docs.components(),
        "info": docs.schema().get("info", {}),
    })


@login_required
@require_http_methods(["GET", "POST"])
def token_list(request):
    """A staff member's own API tokens: create one (its secret is shown once), revoke one."""
    if not tokens.can_hold_tokens(request.user):
        raise PermissionDenied
    form, secret, status = TokenForm(), None, 200
    if request.method == "POST":
        try:
            if "revoke" in request.POST:
                token_id = request.POST.get("revoke", "")
                if not token_id.isdigit():
                    raise PermissionDenied
                tokens.revoke_token(user=request.user, token_id=int(token_id))
                return redirect("api:tokens")
            form = TokenForm(request.POST)
            if form.is_valid():
                _token, secret = tokens.create_token(user=request.user,
                                                     name=form.cleaned_data["name"])
                form = TokenForm()
            else:
                status = 400
        except ValidationError as exc:
            form.add_error(None, exc)
            status = 400
    own = ApiToken.objects.filter(user=request.user).order_by("-created_at", "-pk")
    return render(request, "api/tokens.html", {"form": form, "secret": secret,
                                               "tokens": own}, status=status)
