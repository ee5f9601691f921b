"""The network chart: a native QGraphicsView (no web engine), saved in the project, exported with marking."""
