"""Full-text search behind a narrow interface (index, delete, search with facets, rebuild). Only this package
imports Whoosh."""
