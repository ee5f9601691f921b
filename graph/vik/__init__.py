"""The veiligheidsinformatieknooppunt (VIK): signals, the casustafel, administrative measures,
action lists, watchlists and alerts, kept inside the encrypted project.

Signals and measures are graph entities (types `Signal` and `Measure`) so they sit on the
chart beside their subjects and go through the records machinery (schema checks, labels,
audit before/after, retention). Meetings, agenda items, actions, watchlists and alerts are
side tables in the project database (`graph.vik.tables`), labelled and filtered by clearance
like notes. The editable lists (phenomena, measure types, statuses) are `data/vik.yaml`.
"""
