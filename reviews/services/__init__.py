# Writes that touch several models: keyword-only, typed, atomic service functions.
