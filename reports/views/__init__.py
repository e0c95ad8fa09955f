"""Views of the quarterly evaluation: thin; reads come from `reports.selectors`, writes go through
`reports.services`."""
