"""The chair's meeting flow without the UI: what the screens read and the checks they make."""
