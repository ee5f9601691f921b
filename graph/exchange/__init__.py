"""Exchange with the analysts' other tools: Analyst's Notebook .anx, GraphML, GEXF, FollowTheMoney, tables.

Every export goes through `common.collect` (an audience narrows the store, the export is
audited before a byte is written, sensitive properties such as the BSN are left out);
every import through `common.import_records` (one `import_transaction`, the schema's
identity rules, the importing member's clearance).
"""

FORMATS_OUT = ("anx", "graphml", "gexf", "ftm", "csv", "xlsx")
FORMATS_IN = ("anx", "graphml", "gexf", "ftm")
