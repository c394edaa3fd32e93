"""Framework-free helpers (no Django imports) shared across the project."""
