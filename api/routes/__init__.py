"""One module per question the API answers; each route calls one function in ``graph``."""
