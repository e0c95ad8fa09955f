"""Forms of the write pages: they read what people type (BE dates, baht, Thai digits); services apply the rules."""
