"""The monthly meeting's data pack (R21): figures computed from the store, no Textual."""
