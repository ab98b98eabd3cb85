# Dates as GOV.UK writes them, on every page: "1 December 2026" and "1 December 2026, 14:05".
# Django's own en_GB formats ("1 Dec 2026") would otherwise win over DATE_FORMAT in settings.
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
