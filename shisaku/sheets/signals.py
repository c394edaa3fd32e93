"""What the sheets app tells apps above it (notices) without importing them."""

from django.dispatch import Signal

# Sent by workflow.transition inside its transaction, after the sheet moved:
# sheet (as saved), action ("submit", "return", "confirm", "publish"), user, comment.
sheet_transitioned = Signal()
