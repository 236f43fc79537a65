"""Open data beyond ORUK: schema.org markup on pages, the multilingual sitemap, robots.txt and CSV downloads."""
