"""Network analyses: pure functions over the networkx graph a store returns for its caller.

Each analysis returns a pandas DataFrame an analyst can sort, filter and export; the
caller's clearance is applied by the store before a graph reaches these functions.
"""
