"""Knooppunt core: schema, records, stores and analyses. Plain Python, no Qt."""
