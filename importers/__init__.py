"""Bringing data in: case tables with saved import specifications, KvK Handelsregister data,
Dutch address normalisation and entity resolution. Plain Python (no Qt).

- `spec`: the import specification format (YAML) and its validation (docs/import-specs.md);
- `tables`: reading CSV (any delimiter/encoding) and .xlsx with pandas;
- `case_import`: a table + a spec -> entities and relations, in one transaction (also edge lists,
  adjacency matrices and Pajek `.net` networks);
- `limits`: how long a cell and a name may be, how deep JSON/YAML may nest;
- `kvk`: the KVK-API's JSON shapes and bulk company/functionaris tables;
- `addresses`: free-text Dutch addresses -> street, number, letter, addition, postcode, city;
- `resolution`: candidate duplicates for the analyst to confirm (merges in `graph.merge`);
- `names`: person names in forms that let particle, transliteration and initials variants meet;
- `activity`: the one call point for access control and the audit log.
"""
