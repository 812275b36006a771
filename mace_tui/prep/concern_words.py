"""The words for subjects of concern (R22), light enough for screens to import at start-up."""

from __future__ import annotations

# Words offered for a link; any other words may be typed.
LINK_WORDS = (
    "seen with",
    "goes to",
    "recruited by",
    "lives with",
    "in contact online",
    "gave money or gifts to",
    "found at",
)

LOCATION_KINDS = {
    "premises": "Premises",
    "street-or-area": "Street or area",
    "online": "Online space",
}

# What each kind of subject is called in a list.
KIND_WORDS = {
    "child": "child",
    "person": "person of concern",
    "location": "location of concern",
    "free": "other item",
}
