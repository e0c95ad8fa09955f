"""Views of the projects app, one module per group of pages; thin, declarative."""
