"""The schema revision this version of the code is built for (light: no database stack)."""

# The newest revision in store/migrations/versions/; a test checks it against the scripts.
HEAD = "0024"
