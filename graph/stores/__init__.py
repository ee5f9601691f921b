"""Store implementations of `graph.store.Store`."""
