"""What the verification app tells apps above it (notices) without importing them."""

from django.dispatch import Signal

# Sent by services.add_opinion inside its transaction: opinion (as saved), user.
opinion_added = Signal()
# Sent by services.respond inside its transaction: response (as saved), user.
response_added = Signal()
