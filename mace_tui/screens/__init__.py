"""One module per screen; each is imported where it is used (start-up stays light)."""
