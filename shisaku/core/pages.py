"""The one form-page flow every write screen uses."""

from django.db import transaction
from django.shortcuts import redirect, render


def form_page(request, form, heading: str, cancel_url: str, on_valid):
    """Validate, then run `on_valid(form)` in one transaction and go where it says;
    on error re-render the form with the user's input and nothing saved."""
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            target = on_valid(form)
        return redirect(target)
    return render(request, "form.html", {"form": form, "heading": heading,
                                         "cancel_url": cancel_url})
