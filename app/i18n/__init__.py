"""Languages: the locale registry, the request's locale and Babel formatting."""
